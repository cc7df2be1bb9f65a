import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';

let client: Promise<S3Client> | undefined;

/**
 * The worker's one S3 client, loaded on first use so modes that need no S3 start fast. Default SDK
 * configuration: AWS_ENDPOINT_URL_S3 points it elsewhere; AWS_S3_FORCE_PATH_STYLE=true turns on path-style
 * addressing (the SDK has no variable for it, and S3-compatible servers usually need it).
 */
export function s3Client(): Promise<S3Client> {
  client ??= import('@aws-sdk/client-s3').then(
    ({ S3Client }) =>
      new S3Client({
        forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE?.toLowerCase() === 'true',
        ...(process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION ? {} : { region: 'us-east-1' }),
      }),
  );
  return client;
}

/** Parses "s3://bucket/key"; returns undefined when the text is not such a URI. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return match ? { bucket: match[1]!, key: match[2]! } : undefined;
}

/** Streams an object's bytes (in Node the SDK's body is the HTTP response itself). */
export async function readObject(bucket: string, key: string, signal: AbortSignal): Promise<Readable> {
  const [{ GetObjectCommand }, s3] = await Promise.all([import('@aws-sdk/client-s3'), s3Client()]);
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  const body: unknown = response.Body;
  if (!body) throw new Error(`s3://${bucket}/${key} has no body`);
  return body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>);
}

/** A short, secret-free description of an SDK or network error: its name or code and message. */
export function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  const label = code ?? (error.name && error.name !== 'Error' ? error.name : undefined);
  const message = error.message || 'no message';
  return label && !message.includes(label) ? `${label}: ${message}` : message;
}
