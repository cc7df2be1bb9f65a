/**
 * One page of a bucket listing, as ListObjects and ListObjectsV2 compute it: keys after a start point
 * that match the prefix, keys sharing a segment up to the delimiter rolled into one common prefix, and
 * keys plus common prefixes together at most max-keys.
 */
import { compareKeys } from './object-store.js';

export interface ListPageQuery {
  readonly prefix: string;
  readonly delimiter: string;
  /** Keys (and common prefixes) up to and including this one are skipped. */
  readonly after: string;
  readonly maxKeys: number;
}

export interface ListPage {
  readonly keys: string[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  /** The last key or common prefix of this page (where the next page starts after). */
  readonly last: string | undefined;
}

export function listPage(sortedKeys: readonly string[], query: ListPageQuery): ListPage {
  const { prefix, delimiter, after, maxKeys } = query;
  const keys: string[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  const afterRolledUp = after !== '' && delimiter !== '' && isRolledUp(after, prefix, delimiter);
  for (const key of sortedKeys) {
    if (!key.startsWith(prefix)) continue;
    if (after !== '' && (compareKeys(key, after) <= 0 || (afterRolledUp && key.startsWith(after)))) continue;
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const common = cut < 0 ? undefined : key.slice(0, cut + delimiter.length);
    if (common !== undefined && common === commonPrefixes.at(-1)) continue;
    if (keys.length + commonPrefixes.length >= maxKeys) return { keys, commonPrefixes, isTruncated: true, last };
    if (common === undefined) keys.push(key);
    else commonPrefixes.push(common);
    last = common ?? key;
  }
  return { keys, commonPrefixes, isTruncated: false, last };
}

/** True when `after` has the shape of a common prefix of this listing: the keys under it were rolled into it. */
function isRolledUp(after: string, prefix: string, delimiter: string): boolean {
  return after.startsWith(prefix) && after.length > prefix.length && after.indexOf(delimiter, prefix.length) === after.length - delimiter.length;
}
