/** The 262,144-byte limit on any state input or output (DG "Quotas"); over it is States.DataLimitExceeded. */
import { STATES_ERRORS, StatesError } from './errors.js';
import { AWS_LIMITS } from './limits.js';

export const MAX_PAYLOAD_BYTES = AWS_LIMITS.maxPayloadBytes;

/** Serialises `value` for history and checks its size in UTF-8 bytes against `maxBytes`. */
export function serialisePayload(value: unknown, what: string, maxBytes: number = MAX_PAYLOAD_BYTES): string {
  const text = JSON.stringify(value) ?? 'null';
  // UTF-8 needs at least one byte per UTF-16 unit and at most three, so most sizes need no count.
  const over = text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes);
  if (over) {
    throw new StatesError(
      STATES_ERRORS.DataLimitExceeded,
      `The ${what} has a size of ${Buffer.byteLength(text, 'utf8')} bytes, over the limit of ${maxBytes} bytes.`,
    );
  }
  return text;
}

/** Characters of a payload quoted in an error cause (AWS caps a cause at 32,768). */
const PREVIEW_CHARS = 1_024;

/** A payload as JSON text for an error message, cut short when long. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}
