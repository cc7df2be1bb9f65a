import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WORKER_ERRORS, WorkerError } from './errors.js';
import { describeAwsError, s3Client } from './s3.js';

/** One complete object under the task's prefix, as the manifest lists it. */
export interface ArtifactRecord {
  readonly key: string;
  readonly uri: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string;
}

export type ArtifactBody = string | Uint8Array | AsyncIterable<Uint8Array | string>;

/** Multipart part size: S3's minimum, so memory per upload stays at a few parts. */
const PART_SIZE_BYTES = 5 * 1024 * 1024;
const UPLOAD_QUEUE_SIZE = 2;
export const MANIFEST_NAME = 'manifest.json';

/**
 * Writes artifacts under s3://bucket/prefix through @aws-sdk/lib-storage (streamed, multipart when large),
 * hashing each one on the way, and writes manifest.json last listing only objects whose upload completed.
 */
export class ArtifactStore {
  private readonly records = new Map<string, ArtifactRecord>();

  constructor(
    readonly bucket: string,
    readonly prefix: string,
  ) {}

  /** False when the task has no ARTIFACT_BUCKET (allowed for echo only): nothing may be written. */
  get enabled(): boolean {
    return this.bucket !== '';
  }

  uriOf(name: string): string {
    return `s3://${this.bucket}/${this.prefix}${name}`;
  }

  /** Artifacts written so far, in write order; writing a name again replaces its record. */
  list(): ArtifactRecord[] {
    return [...this.records.values()];
  }

  /** Streams `body` to `<prefix><name>`. Throws Worker.ArtifactWriteFailed when the object is not stored. */
  async write(name: string, body: ArtifactBody, contentType: string, signal?: AbortSignal): Promise<ArtifactRecord> {
    const key = `${this.prefix}${name}`;
    const [{ Upload }, client] = await Promise.all([import('@aws-sdk/lib-storage'), s3Client()]);
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const stream = new PassThrough();
    const upload = new Upload({
      client,
      params: { Bucket: this.bucket, Key: key, Body: stream, ContentType: contentType },
      partSize: PART_SIZE_BYTES,
      queueSize: UPLOAD_QUEUE_SIZE,
      leavePartsOnError: false,
    });
    const onAbort = (): void => void upload.abort().catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const source = typeof body === 'string' || body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : Readable.from(body);
      // Both sides must settle: a failed upload stops reading, a failed source fails the upload.
      const feeding = pipeline(source, counter, stream).catch((error: unknown) => {
        stream.destroy(error as Error);
        throw error;
      });
      const [, uploaded] = await Promise.allSettled([feeding, upload.done()]);
      if (uploaded.status === 'rejected') throw uploaded.reason;
      await feeding;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof WorkerError) throw error;
      throw new WorkerError(WORKER_ERRORS.artifactWriteFailed, `could not write s3://${this.bucket}/${key}: ${describeAwsError(error)}`, { cause: error });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    const record: ArtifactRecord = { key, uri: `s3://${this.bucket}/${key}`, size, sha256: hash.digest('hex'), contentType };
    this.records.delete(key);
    this.records.set(key, record);
    return record;
  }

  /** Writes manifest.json (key, size, sha256, content type of every complete artifact); call it last. */
  async writeManifest(details: { taskName: string; mode: string }): Promise<string> {
    const manifest = {
      taskName: details.taskName,
      mode: details.mode,
      createdAt: new Date().toISOString(),
      artifacts: this.list().map(({ key, size, sha256, contentType }) => ({ key, size, sha256, contentType })),
    };
    const key = `${this.prefix}${MANIFEST_NAME}`;
    const [{ PutObjectCommand }, client] = await Promise.all([import('@aws-sdk/client-s3'), s3Client()]);
    try {
      await client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: `${JSON.stringify(manifest, null, 2)}\n`, ContentType: 'application/json' }),
      );
    } catch (error) {
      throw new WorkerError(WORKER_ERRORS.artifactWriteFailed, `could not write s3://${this.bucket}/${key}: ${describeAwsError(error)}`, { cause: error });
    }
    return `s3://${this.bucket}/${key}`;
  }
}
