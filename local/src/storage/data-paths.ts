/**
 * The one way a name (a state machine, an execution, a task id, a log stream) becomes a path under
 * the data folder: each name is encoded into a single path segment, and the resolved path is checked
 * to stay inside the folder. Every AWS-valid name is stored: `.`, `..`, unicode, 80 characters.
 *
 * Encoding: `%`, `~`, path separators, control characters, characters Windows forbids and a leading
 * `.` become `%XX` (UTF-8 bytes); everything else (unicode included) stays readable, so
 * decodeURIComponent reverses it. A segment longer than MAX_SEGMENT_BYTES (80 four-byte characters
 * would pass the 255-byte file name limit) keeps a readable prefix plus `~` and a hash of the name;
 * the records inside the folder hold the full name.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Below every common filesystem's 255-byte name limit, with room for `.tmp` and similar suffixes. */
const MAX_SEGMENT_BYTES = 200;
const UNSAFE = /[%~/\\:*?"<>|\u0000-\u001f\u007f-\u009f]/gu;

export class PathOutsideDataFolderError extends Error {
  override readonly name = 'PathOutsideDataFolderError';
}

const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** The path segment a name is stored under (never empty, never `.` or `..`, never containing a separator). */
export function nameSegment(name: string): string {
  let segment = name.replace(UNSAFE, percentEncode);
  if (segment.startsWith('.')) segment = `%2E${segment.slice(1)}`;
  if (segment === '') segment = '%';
  if (Buffer.byteLength(segment) <= MAX_SEGMENT_BYTES) return segment;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16);
  let prefix = '';
  for (const char of segment) {
    if (Buffer.byteLength(prefix + char) > MAX_SEGMENT_BYTES - 17) break;
    prefix += char;
  }
  // A cut inside a %XX escape would leave a stray `%`.
  return `${prefix.replace(/%[0-9A-F]?$/, '')}~${hash}`;
}

/** The name a segment encodes (for segments without a hash suffix). */
export function segmentName(segment: string): string {
  return decodeURIComponent(segment);
}

/** `root/<encoded name>/...`, checked to be inside root (throws PathOutsideDataFolderError otherwise). */
export function dataPath(root: string, ...names: readonly string[]): string {
  return insideFolder(root, resolve(root, ...names.map(nameSegment)));
}

/** Checks that an already built path stays inside root; returns it resolved. */
export function insideFolder(root: string, path: string): string {
  const full = resolve(root, path);
  const rel = relative(resolve(root), full);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new PathOutsideDataFolderError(`Refusing a path outside the data folder ${root}: ${path}`);
  }
  return full;
}
