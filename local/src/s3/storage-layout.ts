/**
 * Where the local S3 keeps things on disk, and the rule that turns an object key into a file.
 *
 *   <dir>/<bucket>/<key>                     an object as a plain file a person can open
 *   <dir>/.meta/<bucket>/<sha256(key)>.json  its metadata (key, size, ETag, content type, user metadata)
 *   <dir>/.meta/<bucket>/<sha256(key)>.data  the bytes of a key that cannot be a plain file (below)
 *   <dir>/.tmp/                              objects being received (emptied at start; same file system)
 *   <dir>/.multipart/<upload id>/            parts of multipart uploads not yet completed
 *
 * A bucket name starts with a letter or digit, so no bucket is called `.meta`, `.tmp` or `.multipart`.
 *
 * A key is a plain file `<bucket>/<key>` when every `/`-separated segment is a usable file name: not
 * empty (so no leading `/`, no `//`, no trailing `/` folder marker), not `.` or `..`, no backslash or
 * NUL, at most 255 bytes. Any other key is stored under its encoded name `<sha256(key)>.data` in the
 * metadata folder. A key that is a prefix folder of another (`a` and `a/b`), or two keys that name one
 * file on a case-insensitive disk (`A` and `a`), cannot both be plain files: the key written second is
 * stored encoded. Listing and reading go through the metadata, so every key reads back the same way.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, sep } from 'node:path';

export const LAYOUT = { meta: '.meta', tmp: '.tmp', multipart: '.multipart' } as const;

/** Longest file name most file systems accept, in bytes. */
const MAX_SEGMENT_BYTES = 255;

/** The key's path relative to its bucket folder when it can be a plain file, else undefined. */
export function plainPathOf(key: string): string | undefined {
  const segments = key.split('/');
  const usable = segments.every(
    (s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\\') && !s.includes('\0') && Buffer.byteLength(s) <= MAX_SEGMENT_BYTES,
  );
  return usable ? segments.join(sep) : undefined;
}

/** The file name stem for a key's metadata (and encoded bytes): hex SHA-256 of the key. */
export function encodedNameOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** How two keys' plain paths compare on a case-insensitive or normalising disk (macOS). */
export function claimOf(plainPath: string): string {
  return plainPath.normalize('NFC').toLowerCase();
}

/** S3's bucket naming rules (the general-purpose bucket subset that matters locally). */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

/** `path` joined under `root`, refused unless the result stays strictly inside `root`. */
export function inside(root: string, ...parts: string[]): string {
  const path = join(root, ...parts);
  const rel = relative(root, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new Error(`path '${path}' would leave '${root}'`);
  return path;
}
