/**
 * Opaque page tokens for List* and GetExecutionHistory: the offset of the next item, bound to the
 * request it belongs to so a token reused elsewhere answers InvalidToken.
 */
import { ServiceError } from '../errors/service-error.js';

/** AWS's default page size when maxResults is 0 or absent. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export function encodePageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset })).toString('base64url');
}

export function decodePageToken(scope: string, token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { scope?: unknown; offset?: unknown };
    if (parsed.scope === scope && typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) {
      return parsed.offset;
    }
  } catch {
    // falls through to InvalidToken
  }
  throw new ServiceError('InvalidToken', `Invalid Token: '${token}'`);
}

/** Checks maxResults (0..1000, 0 = default) and returns the page size. */
export function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined || maxResults === 0) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > MAX_PAGE_SIZE) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE_SIZE}`,
    );
  }
  return maxResults;
}

/** One page of items plus the token for the next one, if any. */
export function page<T>(items: readonly T[], scope: string, nextToken: string | undefined, maxResults: number | undefined): { items: T[]; nextToken?: string } {
  const size = pageSize(maxResults);
  const offset = decodePageToken(scope, nextToken);
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encodePageToken(scope, offset + size) : undefined;
  return next ? { items: slice, nextToken: next } : { items: slice };
}
