/**
 * GET /console-api/artifact?uri=s3://bucket/key[&download=1]: streams one artifact of the runtime's
 * artifact bucket. The content type is the object's (else guessed from the extension), never sniffed;
 * the response is sandboxed so an SVG opened on its own cannot run script.
 */
import type { ServerResponse } from 'node:http';
import { ARTIFACT_CSP, COMMON_HEADERS } from './security-headers.js';
import type { ReadArtifact } from './artifact-reader.js';

const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ndjson': 'application/x-ndjson',
};

export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return match ? { bucket: match[1]!, key: match[2]! } : undefined;
}

function contentTypeOf(key: string, stored: string | undefined): string {
  const extension = key.slice(key.lastIndexOf('.')).toLowerCase();
  // Stored types come from whoever wrote the object: never serve one as a page or a script.
  if (stored && !/html|javascript|ecmascript/i.test(stored)) return stored;
  return TYPES_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

function fail(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(message);
}

export async function serveArtifact(url: URL, res: ServerResponse, bucket: string, read: ReadArtifact, head: boolean): Promise<void> {
  const location = parseS3Uri(url.searchParams.get('uri') ?? '');
  if (!location) return fail(res, 400, 'uri must be s3://<bucket>/<key>');
  if (location.bucket !== bucket) return fail(res, 404, `Only artifacts of bucket ${bucket} are served`);
  const object = await read(location.bucket, location.key);
  if (!object) return fail(res, 404, `No object ${url.searchParams.get('uri')}`);
  const fileName = location.key.slice(location.key.lastIndexOf('/') + 1).replace(/[^\w.-]/g, '_') || 'artifact';
  const disposition = url.searchParams.get('download') === '1' ? 'attachment' : 'inline';
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': contentTypeOf(location.key, object.contentType),
    'content-disposition': `${disposition}; filename="${fileName}"`,
    'content-security-policy': ARTIFACT_CSP,
    'cache-control': 'no-store',
    ...(object.contentLength !== undefined ? { 'content-length': String(object.contentLength) } : {}),
  });
  if (head) {
    object.body.destroy();
    res.end();
    return;
  }
  object.body.on('error', () => res.destroy());
  object.body.pipe(res);
}
