/**
 * The embedded S3 the local runtime starts next to its API: our own small S3 server over node:http,
 * on 127.0.0.1 only, for the subset the worker (SDK v3 S3Client and lib-storage Upload), the AWS CLI
 * (`s3 cp/ls/sync/rm`, `s3api`) and boto3 use, path-style.
 *
 * Why our own: s3rver 3.7.1 (unmaintained since 2021) let keys with `../` write anywhere on disk,
 * crashed the whole process on a full disk, listed half-written objects and stored objects under
 * names a person cannot open; its maintained successor @20minutes/s3rver needs Node 24, and this
 * project supports Node 20. What is here is small: see storage-layout.ts for how objects are kept
 * (plain files `<dir>/<bucket>/<key>`, metadata beside them), object-store.ts for atomic writes.
 *
 * Every request passes the loopback guard before anything else; any access key is accepted.
 */
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { foreignRequestReason } from '../net/loopback-guard.js';
import { ObjectStore } from './object-store.js';
import { S3Error, s3Errors } from './s3-errors.js';
import { S3Operations } from './s3-operations.js';
import { parseS3Request } from './s3-request.js';
import type { S3Response } from './s3-response.js';
import { xmlDocument } from './s3-xml.js';

/** Credentials for clients of the embedded S3. Any key pair works locally; this one is handed to workers. */
export const EMBEDDED_S3_CREDENTIALS = { accessKeyId: 'sfn-ecs-local', secretAccessKey: 'sfn-ecs-local' } as const;

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

/** Starts the S3 server on 127.0.0.1 with the given buckets created. */
export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  const store = await ObjectStore.open(options.directory);
  for (const bucket of options.buckets) await store.createBucket(bucket);
  const operations = new S3Operations(store);

  const server = createServer((req, res) => void serve(operations, req, res));
  // Large uploads may take longer than Node's default 5 minutes on a slow disk.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory: options.directory,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

async function serve(operations: S3Operations, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  res.setHeader('x-amz-request-id', requestId);
  res.setHeader('x-amz-id-2', randomBytes(24).toString('base64'));
  let response: S3Response;
  const foreign = foreignRequestReason(req.headers);
  if (foreign !== undefined) {
    response = errorResponse(s3Errors.accessDenied(foreign), requestId, req.method);
  } else {
    try {
      response = await operations.handle(req, parseS3Request(req));
    } catch (error) {
      response = errorResponse(error instanceof S3Error ? error : s3Errors.internalError(error), requestId, req.method);
    }
  }
  // A body not read (an early error) is drained so the connection stays usable.
  if (!req.readableEnded) req.resume();
  await send(res, response, req.method === 'HEAD');
}

function errorResponse(error: S3Error, requestId: string, method: string | undefined): S3Response {
  if (method === 'HEAD') return { status: error.status };
  const body = xmlDocument(
    'Error',
    [['Code', error.code], ['Message', error.message], ...Object.entries(error.details), ['RequestId', requestId], ['HostId', 'local']],
    false,
  );
  return { status: error.status, headers: { 'content-type': 'application/xml' }, body };
}

async function send(res: ServerResponse, response: S3Response, head: boolean): Promise<void> {
  const { status, headers = {}, body } = response;
  if (typeof body === 'string') {
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
    res.end(head ? undefined : body);
    return;
  }
  if (body instanceof Readable) {
    res.writeHead(status, headers);
    // A read failing half-way cannot become an S3 error any more: the connection is cut, so the
    // client sees a short body rather than a complete-looking one.
    await pipeline(body, res).catch(() => res.destroy());
    return;
  }
  res.writeHead(status, { 'content-length': 0, ...headers });
  res.end();
}
