/**
 * Multipart uploads: CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload,
 * AbortMultipartUpload. Parts live in `.multipart/<upload id>/` (`<n>.part` and its `<n>.json`), each
 * written like an object (temporary file, sync, rename). Completing joins them into one temporary
 * file and commits it as the object: until then nothing is listed.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectMetadata, ObjectStore } from './object-store.js';
import { receiveBody } from './request-body.js';
import { s3Errors } from './s3-errors.js';
import { type S3Response, metadataFromHeaders, xmlResponse } from './s3-response.js';
import { type ParsedElement, childText, parseXml } from './s3-xml.js';

/** S3's smallest part except the last, and its highest part number. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;
const MAX_PART_BYTES = 5 * 1024 ** 3;

interface Upload extends ObjectMetadata {
  readonly bucket: string;
  readonly key: string;
  readonly initiated: string;
}

interface PartRecord {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: string;
}

const unquote = (etag: string): string => etag.trim().replace(/^"|"$/g, '');

export class MultipartUploads {
  constructor(private readonly store: ObjectStore) {}

  private async upload(bucket: string, key: string, uploadId: string): Promise<{ dir: string; upload: Upload }> {
    const dir = this.store.uploadDir(uploadId);
    const upload = dir === undefined ? undefined : await readJson<Upload>(join(dir, 'upload.json'));
    if (!dir || !upload || upload.bucket !== bucket || upload.key !== key) throw s3Errors.noSuchUpload(uploadId);
    return { dir, upload };
  }

  async create(bucket: string, key: string, headers: IncomingMessage['headers']): Promise<S3Response> {
    if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
    const uploadId = randomBytes(16).toString('hex');
    const dir = this.store.uploadDir(uploadId)!;
    await this.store.makeDir(dir);
    const upload: Upload = { bucket, key, initiated: new Date().toISOString(), ...metadataFromHeaders(headers) };
    await this.store.writeFileAtomic(join(dir, 'upload.json'), JSON.stringify(upload));
    return xmlResponse('InitiateMultipartUploadResult', [
      ['Bucket', bucket],
      ['Key', key],
      ['UploadId', uploadId],
    ]);
  }

  private checkedPartNumber(text: string): number {
    const partNumber = Number(text);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw s3Errors.invalidArgument(`Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, 'partNumber', text);
    }
    return partNumber;
  }

  async uploadPart(req: IncomingMessage, bucket: string, key: string, uploadId: string, partNumberText: string): Promise<S3Response> {
    const partNumber = this.checkedPartNumber(partNumberText);
    if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
    const { dir } = await this.upload(bucket, key, uploadId);
    const body = await receiveBody(req, this.store, MAX_PART_BYTES);
    const part = await this.keepPart(dir, partNumber, body.tempPath, body.size, body.md5);
    return { status: 200, headers: { etag: part.etag } };
  }

  /** UploadPartCopy: a part made of an object's bytes, or of the range x-amz-copy-source-range names. */
  async uploadPartCopy(source: { bucket: string; key: string }, range: string | undefined, bucket: string, key: string, uploadId: string, partNumberText: string): Promise<S3Response> {
    const partNumber = this.checkedPartNumber(partNumberText);
    const sourceRecord = this.store.get(source.bucket, source.key);
    if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
    const { dir } = await this.upload(bucket, key, uploadId);
    let start = 0;
    let end = sourceRecord.size - 1;
    if (range !== undefined) {
      const match = /^bytes=(\d+)-(\d+)$/.exec(range.trim());
      if (!match || Number(match[1]) > Number(match[2]) || Number(match[2]) >= sourceRecord.size) {
        throw s3Errors.invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', 'x-amz-copy-source-range', range);
      }
      [start, end] = [Number(match[1]), Number(match[2])];
    }
    const md5 = createHash('md5');
    const temp = await this.store.fillTemp(async (handle) => {
      if (end < start) return;
      const file = await open(this.store.dataPath(source.bucket, sourceRecord), 'r');
      try {
        for await (const data of file.createReadStream({ start, end, autoClose: false })) {
          md5.update(data as Buffer);
          await handle.write(data as Buffer);
        }
      } finally {
        await file.close();
      }
    });
    const part = await this.keepPart(dir, partNumber, temp.path, Math.max(0, end - start + 1), md5.digest());
    return xmlResponse('CopyPartResult', [
      ['ETag', part.etag],
      ['LastModified', part.lastModified],
    ]);
  }

  /** Moves a synced temporary file in as part `partNumber` of the upload in `dir`. */
  private async keepPart(dir: string, partNumber: number, tempPath: string, size: number, md5: Buffer): Promise<PartRecord> {
    const part: PartRecord = { partNumber, etag: `"${md5.toString('hex')}"`, size, lastModified: new Date().toISOString() };
    try {
      await rename(tempPath, join(dir, `${partNumber}.part`));
      await this.store.writeFileAtomic(join(dir, `${partNumber}.json`), JSON.stringify(part));
    } finally {
      await rm(tempPath, { force: true });
    }
    return part;
  }

  private async parts(dir: string): Promise<PartRecord[]> {
    const names = (await readdir(dir)).filter((n) => /^\d+\.json$/.test(n));
    const parts = await Promise.all(names.map((n) => readJson<PartRecord>(join(dir, n))));
    return parts.filter((p): p is PartRecord => p !== undefined).sort((a, b) => a.partNumber - b.partNumber);
  }

  async listParts(bucket: string, key: string, uploadId: string, query: URLSearchParams): Promise<S3Response> {
    if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
    const { dir } = await this.upload(bucket, key, uploadId);
    const marker = Number(query.get('part-number-marker') ?? '0');
    const maxParts = Math.min(Number(query.get('max-parts') ?? '1000'), 1000);
    if (!Number.isInteger(marker) || marker < 0) throw s3Errors.invalidArgument('Part number marker must be a non-negative integer', 'part-number-marker', String(marker));
    if (!Number.isInteger(maxParts) || maxParts < 0) throw s3Errors.invalidArgument('Provided max-parts not an integer or within integer range', 'max-parts', String(maxParts));
    const after = (await this.parts(dir)).filter((p) => p.partNumber > marker);
    const page = after.slice(0, maxParts);
    return xmlResponse('ListPartsResult', [
      ['Bucket', bucket],
      ['Key', key],
      ['UploadId', uploadId],
      ['PartNumberMarker', marker],
      ['NextPartNumberMarker', page.at(-1)?.partNumber ?? marker],
      ['MaxParts', maxParts],
      ['IsTruncated', after.length > page.length],
      ['StorageClass', 'STANDARD'],
      ...page.map((p): [string, [string, string | number][]] => [
        'Part',
        [
          ['PartNumber', p.partNumber],
          ['LastModified', p.lastModified],
          ['ETag', p.etag],
          ['Size', p.size],
        ],
      ]),
    ]);
  }

  async complete(bucket: string, key: string, uploadId: string, xml: string): Promise<S3Response> {
    if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
    const { dir, upload } = await this.upload(bucket, key, uploadId);
    let requested: { partNumber: number; etag: string }[];
    try {
      const root: ParsedElement = parseXml(xml);
      if (root.name !== 'CompleteMultipartUpload') throw s3Errors.malformedXml();
      requested = root.children
        .filter((c) => c.name === 'Part')
        .map((p) => ({ partNumber: Number(childText(p, 'PartNumber')), etag: unquote(childText(p, 'ETag') ?? '') }));
    } catch {
      throw s3Errors.malformedXml();
    }
    if (requested.length === 0 || requested.some((p) => !Number.isInteger(p.partNumber))) throw s3Errors.malformedXml();
    for (let i = 1; i < requested.length; i += 1) if (requested[i]!.partNumber <= requested[i - 1]!.partNumber) throw s3Errors.invalidPartOrder();
    const stored = new Map((await this.parts(dir)).map((p) => [p.partNumber, p]));
    const parts = requested.map((r) => {
      const part = stored.get(r.partNumber);
      if (!part || unquote(part.etag) !== r.etag) throw s3Errors.invalidPart();
      return part;
    });
    if (parts.slice(0, -1).some((p) => p.size < MIN_PART_BYTES)) throw s3Errors.entityTooSmall();

    const temp = await this.store.fillTemp(async (handle) => {
      for (const part of parts) {
        const source = await open(join(dir, `${part.partNumber}.part`), 'r');
        try {
          for await (const data of source.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false })) await handle.write(data as Buffer);
        } finally {
          await source.close();
        }
      }
    });
    const md5s = Buffer.concat(parts.map((p) => Buffer.from(unquote(p.etag), 'hex')));
    const etag = `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
    const { bucket: _bucket, key: _key, initiated: _initiated, ...metadata } = upload;
    await this.store.commit(bucket, key, temp.path, {
      ...metadata,
      size: parts.reduce((sum, p) => sum + p.size, 0),
      etag,
      lastModified: new Date().toISOString(),
    });
    await rm(dir, { recursive: true, force: true });
    return xmlResponse('CompleteMultipartUploadResult', [
      ['Location', `/${bucket}/${encodeURIComponent(key).replaceAll('%2F', '/')}`],
      ['Bucket', bucket],
      ['Key', key],
      ['ETag', etag],
    ]);
  }

  async abort(bucket: string, key: string, uploadId: string): Promise<S3Response> {
    if (!this.store.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
    const { dir } = await this.upload(bucket, key, uploadId);
    await rm(dir, { recursive: true, force: true });
    return { status: 204 };
  }
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
