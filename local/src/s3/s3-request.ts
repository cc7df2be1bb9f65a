/**
 * What a path-style S3 request addresses (bucket, key, sub-resource query) and who signed it. Any
 * access key is accepted locally, as the local Step Functions API does: signatures are read (header
 * SigV4/SigV4a/SigV2 or a presigned URL's query) for the region and expiry, never verified. A
 * request with no signature at all is anonymous, and S3 refuses anonymous access to a private bucket.
 */
import type { IncomingMessage } from 'node:http';
import { S3Error, s3Errors } from './s3-errors.js';

export interface S3Request {
  readonly method: string;
  /** undefined for the service (`/`). */
  readonly bucket: string | undefined;
  /** undefined for a bucket request (`/bucket` or `/bucket/`). */
  readonly key: string | undefined;
  readonly query: URLSearchParams;
  /** The region of the signature's credential scope. */
  readonly region: string;
  readonly headers: IncomingMessage['headers'];
}

const DEFAULT_REGION = 'us-east-1';
/** S3's longest key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new S3Error('InvalidURI', 400, "Couldn't parse the specified URI.");
  }
}

/** Parses the request line and signature; throws S3's error for a malformed or expired one. */
export function parseS3Request(req: IncomingMessage, now = new Date()): S3Request {
  const raw = req.url ?? '/';
  const questionMark = raw.indexOf('?');
  const path = questionMark < 0 ? raw : raw.slice(0, questionMark);
  const query = new URLSearchParams(questionMark < 0 ? '' : raw.slice(questionMark + 1));
  if (!path.startsWith('/')) throw new S3Error('InvalidURI', 400, "Couldn't parse the specified URI.");
  const rest = path.slice(1);
  const slash = rest.indexOf('/');
  const bucket = rest === '' ? undefined : decodePathPart(slash < 0 ? rest : rest.slice(0, slash));
  const keyPart = slash < 0 ? '' : rest.slice(slash + 1);
  const key = keyPart === '' ? undefined : decodePathPart(keyPart);
  if (key !== undefined && Buffer.byteLength(key) > MAX_KEY_BYTES) throw s3Errors.keyTooLong();
  return { method: req.method ?? 'GET', bucket, key, query, region: signatureRegion(req.headers, query, now), headers: req.headers };
}

/** The region a request was signed for; AccessDenied when it is not signed or its URL expired. */
function signatureRegion(headers: IncomingMessage['headers'], query: URLSearchParams, now: Date): string {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    if (authorization.startsWith('AWS4-HMAC-SHA256 ') || authorization.startsWith('AWS4-ECDSA-P256-SHA256 ')) {
      const credential = /Credential=([^,\s]+)/.exec(authorization)?.[1];
      if (!credential || !/SignedHeaders=/.test(authorization) || !/Signature=/.test(authorization)) {
        throw s3Errors.authorizationHeaderMalformed('The authorization header is malformed; the Credential, SignedHeaders and Signature parts are required.');
      }
      const scope = credential.split('/');
      // SigV4: key/date/region/s3/aws4_request; SigV4a: key/date/s3/aws4_request (+ X-Amz-Region-Set).
      if (scope.length === 5) return scope[2]!;
      if (scope.length === 4) return String(headers['x-amz-region-set'] ?? DEFAULT_REGION).split(',')[0]!.replace('*', DEFAULT_REGION);
      throw s3Errors.authorizationHeaderMalformed(`The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`);
    }
    if (/^AWS \S+:\S+$/.test(authorization)) return DEFAULT_REGION;
    throw s3Errors.authorizationHeaderMalformed('The authorization header is malformed; the authorization mechanism is not supported.');
  }
  if (query.has('X-Amz-Algorithm')) return presignedRegion(query, now);
  if (query.has('AWSAccessKeyId') && query.has('Signature')) {
    const expires = Number(query.get('Expires'));
    if (Number.isFinite(expires) && expires * 1000 < now.getTime()) throw s3Errors.accessDenied('Request has expired');
    return DEFAULT_REGION;
  }
  throw s3Errors.accessDenied('Access Denied');
}

function presignedRegion(query: URLSearchParams, now: Date): string {
  const credential = query.get('X-Amz-Credential');
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') ?? '');
  const expires = Number(query.get('X-Amz-Expires') ?? '604800');
  if (!credential || !date || !query.has('X-Amz-Signature') || !Number.isInteger(expires)) {
    throw s3Errors.authorizationQueryParametersError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const [, y, mo, d, h, mi, s] = date.map(Number) as [number, number, number, number, number, number, number];
  const signedAt = Date.UTC(y, mo - 1, d, h, mi, s);
  if (signedAt + expires * 1000 < now.getTime()) {
    throw new S3Error('AccessDenied', 403, 'Request has expired', {
      'X-Amz-Expires': String(expires),
      Expires: new Date(signedAt + expires * 1000).toISOString(),
      ServerTime: now.toISOString(),
    });
  }
  const scope = credential.split('/');
  return scope.length === 5 ? scope[2]! : DEFAULT_REGION;
}
