/**
 * Receives an object's bytes into a synced temporary file, checking what the client says about them:
 * the decoded length of an aws-chunked body, Content-MD5, a hex x-amz-content-sha256, and the
 * x-amz-checksum-* value sent as a header or a trailer (CRC32, SHA1, SHA256; CRC32C and CRC64NVME
 * need a library Node lacks and are accepted unchecked). Any failure removes the temporary file.
 */
import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import * as zlib from 'node:zlib';
import { decodeAwsChunked } from './aws-chunked.js';
import type { ObjectStore } from './object-store.js';
import { S3Error, s3Errors } from './s3-errors.js';

/** S3's largest single PUT. */
const MAX_PUT_BYTES = 5 * 1024 ** 3;

export interface ReceivedBody {
  readonly tempPath: string;
  readonly size: number;
  readonly md5: Buffer;
}

/** A running checksum of one algorithm, base64 of the digest as S3 prints it. */
interface Checksum {
  update(data: Buffer): void;
  base64(): string;
}

function hashChecksum(algorithm: string): Checksum {
  const hash: Hash = createHash(algorithm);
  return { update: (d) => hash.update(d), base64: () => hash.digest('base64') };
}

function crc32Checksum(): Checksum | undefined {
  const crc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;
  if (!crc32) return undefined;
  let value = 0;
  return {
    update: (d) => (value = crc32(d, value)),
    base64: () => {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(value >>> 0);
      return bytes.toString('base64');
    },
  };
}

const CHECKSUMS: Record<string, { label: string; make: () => Checksum | undefined }> = {
  crc32: { label: 'CRC32', make: crc32Checksum },
  sha1: { label: 'SHA1', make: () => hashChecksum('sha1') },
  sha256: { label: 'SHA256', make: () => hashChecksum('sha256') },
};

/** The checksum algorithm named by x-amz-checksum-<alg> or x-amz-trailer, lower-case, if any. */
function checksumAlgorithm(req: IncomingMessage): string | undefined {
  const trailer = req.headers['x-amz-trailer'];
  if (typeof trailer === 'string' && trailer.toLowerCase().startsWith('x-amz-checksum-')) return trailer.toLowerCase().slice('x-amz-checksum-'.length);
  const header = Object.keys(req.headers).find((h) => h.startsWith('x-amz-checksum-') && h !== 'x-amz-checksum-type' && h !== 'x-amz-checksum-algorithm');
  return header?.slice('x-amz-checksum-'.length);
}

/** The request's bytes; leaving the loop early does not destroy the socket, so an error can still be answered. */
function bytesOf(req: IncomingMessage): AsyncIterable<Buffer> {
  const chunks = req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
  return isAwsChunked(req) ? decodeAwsChunked(chunks, new Map()) : chunks;
}

function isAwsChunked(req: IncomingMessage): boolean {
  const sha = req.headers['x-amz-content-sha256'];
  return (typeof sha === 'string' && sha.startsWith('STREAMING-')) || (req.headers['content-encoding'] ?? '').split(',').some((e) => e.trim() === 'aws-chunked');
}

/** Reads the request's payload into a new synced temporary file of the store. */
export async function receiveBody(req: IncomingMessage, store: ObjectStore, maxBytes = MAX_PUT_BYTES): Promise<ReceivedBody> {
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) throw s3Errors.missingContentLength();
  const chunked = isAwsChunked(req);
  const declared = Number((chunked ? req.headers['x-amz-decoded-content-length'] : req.headers['content-length']) ?? Number.NaN);
  if (declared > maxBytes) throw s3Errors.entityTooLarge();

  const trailers = new Map<string, string>();
  const raw = req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
  const payload = chunked ? decodeAwsChunked(raw, trailers) : raw;
  const md5 = createHash('md5');
  const rawSha256 = !chunked && /^[0-9a-f]{64}$/.test(String(req.headers['x-amz-content-sha256'])) ? createHash('sha256') : undefined;
  const algorithm = checksumAlgorithm(req);
  const checksum = algorithm === undefined ? undefined : CHECKSUMS[algorithm]?.make();

  let size = 0;
  const temp = await store.fillTemp(async (handle) => {
    try {
      for await (const data of payload) {
        size += data.length;
        if (size > maxBytes) throw s3Errors.entityTooLarge();
        md5.update(data);
        rawSha256?.update(data);
        checksum?.update(data);
        await handle.write(data);
      }
    } catch (error) {
      // The client went away or sent a broken body: what arrived is not the object.
      if (error instanceof S3Error || isWriteError(error)) throw error;
      throw s3Errors.incompleteBody();
    }
    if (!Number.isNaN(declared) && declared !== size) throw s3Errors.incompleteBody();
    const digest = md5.digest();
    const contentMd5 = req.headers['content-md5'];
    if (typeof contentMd5 === 'string') {
      const expected = Buffer.from(contentMd5, 'base64');
      if (expected.length !== 16) throw s3Errors.invalidDigest();
      if (!expected.equals(digest)) throw s3Errors.badDigest('Content-MD5');
    }
    if (rawSha256 && rawSha256.digest('hex') !== req.headers['x-amz-content-sha256']) throw s3Errors.sha256Mismatch();
    if (algorithm !== undefined && checksum) {
      const sent = trailers.get(`x-amz-checksum-${algorithm}`) ?? req.headers[`x-amz-checksum-${algorithm}`];
      if (typeof sent === 'string' && sent !== checksum.base64()) throw s3Errors.badDigest(CHECKSUMS[algorithm]!.label);
    }
    return digest;
  });
  return { tempPath: temp.path, size, md5: temp.value };
}

/** A failure of our own disk (ENOSPC, EIO, ...) rather than of the client's body. */
function isWriteError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && !['ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes(code);
}

/** Reads a small request body (XML) as text; larger than `limit` bytes is MalformedXML. */
export async function readSmallBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const data of bytesOf(req)) {
    size += data.length;
    if (size > limit) throw s3Errors.malformedXml();
    chunks.push(data);
  }
  return Buffer.concat(chunks).toString('utf8');
}
