import { request } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { startEmbeddedS3, type EmbeddedS3 } from '../../local/src/s3/embedded-s3.js';

/** A started embedded S3 whose data folder is `<root>/data`, so anything written beside it shows up in `root`. */
export interface StartedS3 {
  readonly s3: EmbeddedS3;
  readonly root: string;
  readonly dataDir: string;
  readonly client: S3Client;
  close(): Promise<void>;
}

export async function startS3(buckets: readonly string[] = ['artifacts'], root?: string): Promise<StartedS3> {
  const folder = root ?? (await mkdtemp(join(tmpdir(), 'sfn-ecs-s3-')));
  const dataDir = join(folder, 'data');
  const s3 = await startEmbeddedS3({ directory: dataDir, buckets });
  const client = s3Client(s3.endpoint);
  return {
    s3,
    root: folder,
    dataDir,
    client,
    async close() {
      client.destroy();
      await s3.close();
      if (!root) await rm(folder, { recursive: true, force: true });
    },
  };
}

/** The SDK v3 client, path-style, with made-up keys (any key pair is accepted locally). */
export function s3Client(endpoint: string, accessKeyId = 'any-key-id', maxAttempts = 3): S3Client {
  return new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'any-secret' }, maxAttempts });
}

/** Every file under `dir`, relative to it, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A SigV4-looking Authorization header: parsed for its region, never verified. */
export const FAKE_SIGV4 = 'AWS4-HMAC-SHA256 Credential=raw-key/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0000';

/** One HTTP request with the path sent exactly as given (no normalisation of `..`); `authorization: ''` sends none. */
export function rawRequest(endpoint: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawResponse> {
  const url = new URL(endpoint);
  const sent = Object.fromEntries(Object.entries({ authorization: FAKE_SIGV4, ...headers }).filter(([, value]) => value !== ''));
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: sent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
