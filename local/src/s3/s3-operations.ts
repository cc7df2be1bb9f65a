/**
 * The S3 operations the local S3 serves, chosen from method, bucket, key and sub-resource as S3's
 * REST API does (path-style): the service (ListBuckets), buckets (Create/Head/Delete, ListObjects
 * v1 and v2, GetBucketLocation, DeleteObjects) and objects (Put/Get/Head/Delete/Copy, multipart).
 * Anything else answers NotImplemented (or MethodNotAllowed: no browser form POST uploads).
 */
import { copyFile, open, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { listPage } from './list-page.js';
import { MultipartUploads } from './multipart.js';
import type { ObjectRecord, ObjectStore } from './object-store.js';
import { readSmallBody, receiveBody } from './request-body.js';
import { S3Error, s3Errors } from './s3-errors.js';
import type { S3Request } from './s3-request.js';
import { type S3Response, httpDate, metadataFromHeaders, objectHeaders, xmlResponse } from './s3-response.js';
import { type XmlElement, childText, parseXml, xmlTextDocument } from './s3-xml.js';

const OWNER: XmlElement = [
  'Owner',
  [
    ['ID', '0000000000000000000000000000000000000000000000000000000000000000'],
    ['DisplayName', 'local'],
  ],
];

/** Sub-resources of S3 this local server does not implement (a request naming one is not a listing). */
const UNSUPPORTED_SUBRESOURCES = [
  'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold',
  'lifecycle', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policy', 'policyStatus',
  'publicAccessBlock', 'replication', 'requestPayment', 'restore', 'retention', 'select', 'session', 'tagging', 'torrent',
  'uploads', 'versioning', 'versions', 'website',
];

export class S3Operations {
  private readonly multipart: MultipartUploads;

  constructor(private readonly store: ObjectStore) {
    this.multipart = new MultipartUploads(store);
  }

  async handle(req: IncomingMessage, request: S3Request): Promise<S3Response> {
    const { method, bucket, key, query } = request;
    if (bucket === undefined) {
      if (method === 'GET') return this.listBuckets();
      throw s3Errors.methodNotAllowed(method, 'SERVICE');
    }
    if (key === undefined) return this.bucketOperation(req, request, bucket);
    const unsupported = UNSUPPORTED_SUBRESOURCES.find((s) => query.has(s) && !(s === 'uploads' && method === 'POST'));
    if (unsupported) throw s3Errors.notImplemented(`the ?${unsupported} sub-resource`);
    const uploadId = query.get('uploadId');
    switch (method) {
      case 'PUT':
        if (uploadId !== null) {
          const copySource = req.headers['x-amz-copy-source'];
          if (typeof copySource === 'string') {
            const range = req.headers['x-amz-copy-source-range'];
            return this.multipart.uploadPartCopy(parseCopySource(copySource), typeof range === 'string' ? range : undefined, bucket, key, uploadId, query.get('partNumber') ?? '');
          }
          return this.multipart.uploadPart(req, bucket, key, uploadId, query.get('partNumber') ?? '');
        }
        return req.headers['x-amz-copy-source'] !== undefined ? this.copyObject(request, bucket, key) : this.putObject(req, bucket, key);
      case 'GET':
        if (uploadId !== null) return this.multipart.listParts(bucket, key, uploadId, query);
        return this.getObject(request, bucket, key, true);
      case 'HEAD':
        return this.getObject(request, bucket, key, false);
      case 'DELETE':
        if (uploadId !== null) return this.multipart.abort(bucket, key, uploadId);
        await this.store.delete(bucket, key);
        return { status: 204 };
      case 'POST':
        if (query.has('uploads')) return this.multipart.create(bucket, key, req.headers);
        if (uploadId !== null) return this.multipart.complete(bucket, key, uploadId, await readSmallBody(req));
        throw s3Errors.methodNotAllowed(method, 'OBJECT');
      default:
        throw s3Errors.methodNotAllowed(method, 'OBJECT');
    }
  }

  private listBuckets(): S3Response {
    return xmlResponse('ListAllMyBucketsResult', [
      OWNER,
      [
        'Buckets',
        this.store.listBuckets().map((b): XmlElement => [
          'Bucket',
          [
            ['Name', b.name],
            ['CreationDate', b.created.toISOString()],
          ],
        ]),
      ],
    ]);
  }

  private async bucketOperation(req: IncomingMessage, request: S3Request, bucket: string): Promise<S3Response> {
    const { method, query, region } = request;
    const unsupported = UNSUPPORTED_SUBRESOURCES.find((s) => query.has(s));
    if (unsupported) throw s3Errors.notImplemented(`the ?${unsupported} sub-resource`);
    switch (method) {
      case 'PUT': {
        req.resume();
        const created = await this.store.createBucket(bucket);
        // us-east-1 answers 200 again to its owner; every other region BucketAlreadyOwnedByYou.
        if (!created && region !== 'us-east-1') throw s3Errors.bucketAlreadyOwnedByYou(bucket);
        return { status: 200, headers: { location: `/${bucket}` } };
      }
      case 'HEAD':
        if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
        return { status: 200, headers: { 'x-amz-bucket-region': region } };
      case 'DELETE':
        await this.store.deleteBucket(bucket);
        return { status: 204 };
      case 'GET':
        if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
        if (query.has('location')) {
          return { status: 200, headers: { 'content-type': 'application/xml' }, body: xmlTextDocument('LocationConstraint', region === 'us-east-1' ? '' : region) };
        }
        return query.get('list-type') === '2' ? this.listObjectsV2(bucket, query) : this.listObjectsV1(bucket, query);
      case 'POST':
        if (query.has('delete')) return this.deleteObjects(bucket, await readSmallBody(req));
        throw s3Errors.methodNotAllowed(method, 'BUCKET');
      default:
        throw s3Errors.methodNotAllowed(method, 'BUCKET');
    }
  }

  private listQuery(query: URLSearchParams): { prefix: string; delimiter: string; maxKeys: number; encode: (s: string) => string } {
    const maxKeysText = query.get('max-keys') ?? '1000';
    const maxKeys = Number(maxKeysText);
    if (!/^\d+$/.test(maxKeysText) || !Number.isSafeInteger(maxKeys)) throw s3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', maxKeysText);
    const encodingType = query.get('encoding-type');
    if (encodingType !== null && encodingType !== 'url') throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
    const encode = encodingType === 'url' ? (s: string) => encodeURIComponent(s).replaceAll('%2F', '/') : (s: string) => s;
    return { prefix: query.get('prefix') ?? '', delimiter: query.get('delimiter') ?? '', maxKeys: Math.min(maxKeys, 1000), encode };
  }

  private contents(bucket: string, keys: readonly string[], encode: (s: string) => string): XmlElement[] {
    return keys.map((key): XmlElement => {
      const record = this.store.get(bucket, key);
      return [
        'Contents',
        [
          ['Key', encode(key)],
          ['LastModified', record.lastModified],
          ['ETag', record.etag],
          ['Size', record.size],
          ['StorageClass', 'STANDARD'],
        ],
      ];
    });
  }

  private listObjectsV2(bucket: string, query: URLSearchParams): S3Response {
    const { prefix, delimiter, maxKeys, encode } = this.listQuery(query);
    const token = query.get('continuation-token');
    const startAfter = query.get('start-after');
    const after = token !== null ? decodeToken(token) : (startAfter ?? '');
    const page = listPage(this.store.sortedKeys(bucket), { prefix, delimiter, after, maxKeys });
    return xmlResponse('ListBucketResult', [
      ['Name', bucket],
      ['Prefix', encode(prefix)],
      ['Delimiter', delimiter === '' ? undefined : encode(delimiter)],
      ['MaxKeys', maxKeys],
      ['EncodingType', query.get('encoding-type') ?? undefined],
      ['KeyCount', page.keys.length + page.commonPrefixes.length],
      ['IsTruncated', page.isTruncated],
      ['ContinuationToken', token ?? undefined],
      ['NextContinuationToken', page.isTruncated && page.last !== undefined ? encodeToken(page.last) : undefined],
      ['StartAfter', startAfter === null ? undefined : encode(startAfter)],
      ...this.contents(bucket, page.keys, encode),
      ...page.commonPrefixes.map((p): XmlElement => ['CommonPrefixes', [['Prefix', encode(p)]]]),
    ]);
  }

  private listObjectsV1(bucket: string, query: URLSearchParams): S3Response {
    const { prefix, delimiter, maxKeys, encode } = this.listQuery(query);
    const marker = query.get('marker') ?? '';
    const page = listPage(this.store.sortedKeys(bucket), { prefix, delimiter, after: marker, maxKeys });
    return xmlResponse('ListBucketResult', [
      ['Name', bucket],
      ['Prefix', encode(prefix)],
      ['Marker', encode(marker)],
      ['NextMarker', page.isTruncated && delimiter !== '' && page.last !== undefined ? encode(page.last) : undefined],
      ['MaxKeys', maxKeys],
      ['Delimiter', delimiter === '' ? undefined : encode(delimiter)],
      ['EncodingType', query.get('encoding-type') ?? undefined],
      ['IsTruncated', page.isTruncated],
      ...this.contents(bucket, page.keys, encode),
      ...page.commonPrefixes.map((p): XmlElement => ['CommonPrefixes', [['Prefix', encode(p)]]]),
    ]);
  }

  private async deleteObjects(bucket: string, xml: string): Promise<S3Response> {
    if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
    let keys: string[];
    let quiet: boolean;
    try {
      const root = parseXml(xml);
      if (root.name !== 'Delete') throw s3Errors.malformedXml();
      quiet = childText(root, 'Quiet')?.trim() === 'true';
      keys = root.children.filter((c) => c.name === 'Object').map((o) => childText(o, 'Key') ?? '');
    } catch {
      throw s3Errors.malformedXml();
    }
    if (keys.length === 0 || keys.length > 1000 || keys.some((k) => k === '')) throw s3Errors.malformedXml();
    const results: XmlElement[] = [];
    for (const key of keys) {
      try {
        await this.store.delete(bucket, key);
        if (!quiet) results.push(['Deleted', [['Key', key]]]);
      } catch (error) {
        const failure = error instanceof S3Error ? error : s3Errors.internalError(error);
        results.push([
          'Error',
          [
            ['Key', key],
            ['Code', failure.code],
            ['Message', failure.message],
          ],
        ]);
      }
    }
    return xmlResponse('DeleteResult', results);
  }

  private async putObject(req: IncomingMessage, bucket: string, key: string): Promise<S3Response> {
    if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
    checkWriteConditions(req.headers, () => this.existing(bucket, key));
    const metadata = metadataFromHeaders(req.headers);
    const body = await receiveBody(req, this.store);
    checkWriteConditions(req.headers, () => this.existing(bucket, key));
    const record = await this.store.commit(bucket, key, body.tempPath, {
      ...metadata,
      size: body.size,
      etag: `"${body.md5.toString('hex')}"`,
      lastModified: new Date().toISOString(),
    });
    const checksums = Object.fromEntries(Object.entries(req.headers).filter(([name]) => /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/.test(name)));
    return { status: 200, headers: { etag: record.etag, ...(checksums as Record<string, string>) } };
  }

  private existing(bucket: string, key: string): ObjectRecord | undefined {
    try {
      return this.store.get(bucket, key);
    } catch {
      return undefined;
    }
  }

  private async copyObject(request: S3Request, bucket: string, key: string): Promise<S3Response> {
    const { headers } = request;
    const source = parseCopySource(String(headers['x-amz-copy-source']));
    const sourceRecord = this.store.get(source.bucket, source.key);
    if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
    const directive = String(headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
    if (directive !== 'COPY' && directive !== 'REPLACE') throw s3Errors.invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
    if (source.bucket === bucket && source.key === key && directive === 'COPY') {
      throw s3Errors.invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const copyIfMatch = headers['x-amz-copy-source-if-match'];
    if (typeof copyIfMatch === 'string' && !etagMatches(copyIfMatch, sourceRecord.etag)) throw s3Errors.preconditionFailed('x-amz-copy-source-If-Match');
    const copyIfNoneMatch = headers['x-amz-copy-source-if-none-match'];
    if (typeof copyIfNoneMatch === 'string' && etagMatches(copyIfNoneMatch, sourceRecord.etag)) throw s3Errors.preconditionFailed('x-amz-copy-source-If-None-Match');
    const metadata = directive === 'REPLACE' ? metadataFromHeaders(headers) : sourceRecord;
    const temp = await this.store.tempFile();
    try {
      await temp.handle.close();
      await copyFile(this.store.dataPath(source.bucket, sourceRecord), temp.path);
      const synced = await open(temp.path, 'r+');
      await synced.sync().finally(() => synced.close());
    } catch (error) {
      await rm(temp.path, { force: true });
      throw error;
    }
    const record = await this.store.commit(bucket, key, temp.path, {
      contentType: metadata.contentType,
      headers: metadata.headers,
      userMetadata: metadata.userMetadata,
      size: sourceRecord.size,
      etag: sourceRecord.etag,
      lastModified: new Date().toISOString(),
    });
    return xmlResponse('CopyObjectResult', [
      ['LastModified', record.lastModified],
      ['ETag', record.etag],
    ]);
  }

  private async getObject(request: S3Request, bucket: string, key: string, withBody: boolean): Promise<S3Response> {
    const { headers, query } = request;
    const record = this.store.get(bucket, key);
    const notModified = checkReadConditions(headers, record);
    if (notModified) return { status: 304, headers: { etag: record.etag, 'last-modified': httpDate(record.lastModified) } };
    const responseHeaders: Record<string, string | number> = { ...objectHeaders(record) };
    for (const [parameter, header] of RESPONSE_OVERRIDES) {
      const value = query.get(parameter);
      if (value !== null) responseHeaders[header] = value;
    }
    const rangeHeader = headers.range;
    const range = rangeHeader === undefined ? undefined : parseRange(rangeHeader, record.size);
    if (range) {
      responseHeaders['content-range'] = `bytes ${range.start}-${range.end}/${record.size}`;
      responseHeaders['content-length'] = range.end - range.start + 1;
    } else {
      responseHeaders['content-length'] = record.size;
    }
    if (!withBody || record.size === 0) return { status: range ? 206 : 200, headers: responseHeaders };
    // Opened before answering, so an object whose file was removed by hand is NoSuchKey, not a cut answer.
    const file = await open(this.store.dataPath(bucket, record), 'r').catch(() => Promise.reject(s3Errors.noSuchKey(key)));
    return { status: range ? 206 : 200, headers: responseHeaders, body: file.createReadStream(range ?? {}) };
  }
}

const RESPONSE_OVERRIDES = [
  ['response-content-type', 'content-type'],
  ['response-content-language', 'content-language'],
  ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
] as const;

function parseCopySource(header: string): { bucket: string; key: string } {
  const withoutVersion = header.split('?')[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutVersion.replace(/^\//, ''));
  } catch {
    throw s3Errors.invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', header);
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw s3Errors.invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 'x-amz-copy-source', header);
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

function etagMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/^"|"$/g, '');
  return header.split(',').some((candidate) => {
    const c = candidate.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return c === '*' || c === bare;
  });
}

/** Second precision, as HTTP dates carry. */
const seconds = (iso: string): number => Math.floor(new Date(iso).getTime() / 1000);

/** PreconditionFailed thrown, or true when the answer is 304 Not Modified. */
function checkReadConditions(headers: IncomingMessage['headers'], record: ObjectRecord): boolean {
  const ifMatch = headers['if-match'];
  const ifNoneMatch = headers['if-none-match'];
  const ifModifiedSince = headers['if-modified-since'];
  const ifUnmodifiedSince = headers['if-unmodified-since'];
  if (ifMatch !== undefined && !etagMatches(ifMatch, record.etag)) throw s3Errors.preconditionFailed('If-Match');
  if (ifMatch === undefined && ifUnmodifiedSince !== undefined) {
    const since = Date.parse(ifUnmodifiedSince);
    if (!Number.isNaN(since) && seconds(record.lastModified) > since / 1000) throw s3Errors.preconditionFailed('If-Unmodified-Since');
  }
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, record.etag);
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && seconds(record.lastModified) <= since / 1000;
  }
  return false;
}

/** Conditional writes: `If-None-Match: *` (only if absent) and `If-Match: <etag>`. */
function checkWriteConditions(headers: IncomingMessage['headers'], existing: () => ObjectRecord | undefined): void {
  const ifNoneMatch = headers['if-none-match'];
  const ifMatch = headers['if-match'];
  if (ifNoneMatch === undefined && ifMatch === undefined) return;
  const current = existing();
  if (ifNoneMatch !== undefined && current && etagMatches(ifNoneMatch, current.etag)) throw s3Errors.preconditionFailed('If-None-Match');
  if (ifMatch !== undefined && (!current || !etagMatches(ifMatch, current.etag))) {
    if (!current) throw s3Errors.noSuchKey('');
    throw s3Errors.preconditionFailed('If-Match');
  }
}

/** A single byte range; undefined (whole object) for a header S3 ignores; InvalidRange when unsatisfiable. */
function parseRange(header: string, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw s3Errors.invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw s3Errors.invalidRange(header, size);
  return { start, end };
}

const TOKEN_PREFIX = 'sfn-ecs-local:';

function encodeToken(after: string): string {
  return Buffer.from(TOKEN_PREFIX + after, 'utf8').toString('base64');
}

function decodeToken(token: string): string {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  if (!decoded.startsWith(TOKEN_PREFIX)) throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  return decoded.slice(TOKEN_PREFIX.length);
}
