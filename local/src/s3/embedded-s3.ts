/**
 * The embedded S3-compatible server (s3rver) the local runtime starts next to its API: bound to
 * 127.0.0.1 only, objects kept on disk under the project's data folder, buckets created up front.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';

/** s3rver knows one key pair; clients (the worker included) must sign with it. */
export const EMBEDDED_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface EmbeddedS3Options {
  /** Folder holding the buckets and objects (created if missing). */
  readonly directory: string;
  /** Buckets that must exist once the server is up (existing ones and their objects are kept). */
  readonly buckets: readonly string[];
  /** 0 picks a free port. */
  readonly port?: number;
}

export interface EmbeddedS3 {
  /** http://127.0.0.1:<port> — for AWS_ENDPOINT_URL_S3 with path-style addressing. */
  readonly endpoint: string;
  readonly directory: string;
  close(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 with the given buckets created. */
export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    // Path-style only: a vhost lookup would treat "127" as a bucket name.
    vhostBuckets: false,
    // Newer SDKs sign streamed (aws-chunked) bodies in ways s3rver cannot recompute; the key is still checked.
    allowMismatchedSignatures: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory: options.directory,
    close() {
      closed ??= server.close().catch(() => undefined);
      return closed;
    },
  };
}
