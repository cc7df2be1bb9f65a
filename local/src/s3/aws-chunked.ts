/**
 * Decodes an `aws-chunked` request body (what the SDKs and the CLI send with
 * `x-amz-content-sha256: STREAMING-...`): `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n` repeated,
 * a zero-size chunk, then optional trailer lines (`x-amz-checksum-crc32:...`) and an empty line.
 * Chunk signatures are not checked (any key is accepted locally).
 */
import { s3Errors } from './s3-errors.js';

const MAX_LINE = 16 * 1024;

/** Yields the payload's bytes; fills `trailers` (lower-case names) once the body ends. */
export async function* decodeAwsChunked(source: AsyncIterable<Buffer>, trailers: Map<string, string>): AsyncGenerator<Buffer> {
  let state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  let remaining = 0;
  let line: Buffer = Buffer.alloc(0);
  const malformed = (why: string) => s3Errors.invalidRequest(`Malformed aws-chunked body: ${why}`);

  for await (const input of source) {
    let chunk = input;
    while (chunk.length > 0) {
      if (state === 'data') {
        const take = Math.min(remaining, chunk.length);
        yield chunk.subarray(0, take);
        chunk = chunk.subarray(take);
        remaining -= take;
        if (remaining === 0) state = 'data-end';
        continue;
      }
      if (state === 'done') throw malformed('bytes after the final chunk');
      const newline = chunk.indexOf(0x0a);
      const piece = newline < 0 ? chunk : chunk.subarray(0, newline + 1);
      line = line.length === 0 ? piece : Buffer.concat([line, piece]);
      chunk = chunk.subarray(piece.length);
      if (line.length > MAX_LINE) throw malformed('line too long');
      if (newline < 0) continue;
      const text = line.toString('latin1').replace(/\r?\n$/, '');
      line = Buffer.alloc(0);
      if (state === 'data-end') {
        if (text !== '') throw malformed('chunk longer than its size');
        state = 'size';
      } else if (state === 'size') {
        const match = /^([0-9a-fA-F]+)(;.*)?$/.exec(text);
        if (!match) throw malformed(`bad chunk header '${text.slice(0, 80)}'`);
        remaining = Number.parseInt(match[1]!, 16);
        state = remaining === 0 ? 'trailer' : 'data';
      } else if (text === '') {
        state = 'done';
      } else {
        const colon = text.indexOf(':');
        if (colon <= 0) throw malformed(`bad trailer '${text.slice(0, 80)}'`);
        trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
      }
    }
  }
  // Some clients end the body right after the trailers, without the final empty line.
  if (!(state === 'done' || (state === 'trailer' && line.length === 0))) throw s3Errors.incompleteBody();
}
