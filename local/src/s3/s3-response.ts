/** What an S3 operation answers, before the server writes it; and the headers an object is served with. */
import type { Readable } from 'node:stream';
import type { ObjectMetadata, ObjectRecord } from './object-store.js';
import { type XmlElement, xmlDocument } from './s3-xml.js';

export interface S3Response {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly body?: string | Readable;
}

export function xmlResponse(root: string, children: readonly XmlElement[], status = 200, headers: Record<string, string> = {}): S3Response {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: xmlDocument(root, children) };
}

/** HTTP date, second precision, as S3 sends Last-Modified. */
export const httpDate = (iso: string): string => new Date(iso).toUTCString();

/** The stored headers a GET or HEAD of the object answers with. */
export function objectHeaders(record: ObjectRecord): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    'accept-ranges': 'bytes',
    'last-modified': httpDate(record.lastModified),
    etag: record.etag,
    'content-type': record.contentType,
    ...record.headers,
  };
  for (const [name, value] of Object.entries(record.userMetadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

const STORED_HEADERS = ['content-disposition', 'cache-control', 'content-language', 'expires'] as const;

/** Content type, stored headers and user metadata as a PUT, CreateMultipartUpload or REPLACE copy sends them. */
export function metadataFromHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): ObjectMetadata {
  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') stored[name] = value;
  }
  // aws-chunked describes the request's framing, not the object.
  const encoding = String(headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked')
    .join(', ');
  if (encoding !== '') stored['content-encoding'] = encoding;
  const userMetadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') userMetadata[name.slice('x-amz-meta-'.length)] = value;
  }
  const contentType = headers['content-type'];
  return { contentType: typeof contentType === 'string' && contentType !== '' ? contentType : 'binary/octet-stream', headers: stored, userMetadata };
}
