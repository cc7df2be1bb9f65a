/**
 * The local S3's buckets and objects on disk (layout and key rule: storage-layout.ts). An object
 * becomes visible only once complete: its bytes and metadata are written to temporary files in the
 * data folder, synced, then renamed into place, metadata last. Commits in one bucket run one at a
 * time, so a key's file and metadata always belong together. The metadata of every bucket is held in
 * memory (read once at start), so listing never walks the disk.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, chmod, lstat, mkdir, open, readFile, readdir, realpath, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { s3Errors } from './s3-errors.js';
import { LAYOUT, claimOf, encodedNameOf, inside, isValidBucketName, plainPathOf } from './storage-layout.js';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** What S3 keeps about an object besides its bytes. */
export interface ObjectMetadata {
  readonly contentType: string;
  /** Content-Encoding, Content-Disposition, Cache-Control, Content-Language, Expires (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /** x-amz-meta-* values, by name without the prefix. */
  readonly userMetadata: Readonly<Record<string, string>>;
}

export interface ObjectRecord extends ObjectMetadata {
  readonly key: string;
  /** `plain`: <bucket>/<key>; `encoded`: .meta/<bucket>/<sha256(key)>.data */
  readonly storage: 'plain' | 'encoded';
  readonly size: number;
  /** With its quotes, as S3 sends it. */
  readonly etag: string;
  /** ISO 8601. */
  readonly lastModified: string;
}

interface BucketState {
  readonly name: string;
  readonly created: Date;
  readonly objects: Map<string, ObjectRecord>;
  /** Plain paths in use, compared as a case-insensitive disk would: claim -> key. */
  readonly claims: Map<string, string>;
  sortedKeys: string[] | undefined;
  /** The tail of this bucket's commit queue. */
  commits: Promise<unknown>;
}

/** A temporary file in the data folder, open for writing. */
export interface TempFile {
  readonly path: string;
  readonly handle: FileHandle;
}

const isCode = (error: unknown, ...codes: string[]): boolean =>
  error instanceof Error && codes.includes((error as NodeJS.ErrnoException).code ?? '');

/** Keys in S3's order: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export class ObjectStore {
  private readonly buckets = new Map<string, BucketState>();

  private constructor(readonly directory: string) {}

  /** Opens (creating) the store in `directory`, reading every bucket's metadata. */
  static async open(directory: string): Promise<ObjectStore> {
    const store = new ObjectStore(directory);
    await mkdir(directory, { recursive: true, mode: DIR_MODE });
    await chmod(directory, DIR_MODE);
    await rm(join(directory, LAYOUT.tmp), { recursive: true, force: true });
    for (const folder of [LAYOUT.meta, LAYOUT.tmp, LAYOUT.multipart]) await mkdir(join(directory, folder), { recursive: true, mode: DIR_MODE });
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      if (entry.isDirectory() && isValidBucketName(entry.name)) store.buckets.set(entry.name, await store.loadBucket(entry.name));
    }
    return store;
  }

  private bucketDir(name: string): string {
    return inside(this.directory, name);
  }

  private metaDir(name: string): string {
    return inside(this.directory, LAYOUT.meta, name);
  }

  private async loadBucket(name: string): Promise<BucketState> {
    const dir = this.bucketDir(name);
    await chmod(dir, DIR_MODE);
    const state: BucketState = { name, created: (await stat(dir)).birthtime, objects: new Map(), claims: new Map(), sortedKeys: undefined, commits: Promise.resolve() };
    const metaDir = this.metaDir(name);
    await mkdir(metaDir, { recursive: true, mode: DIR_MODE });
    for (const file of await readdir(metaDir)) {
      if (!file.endsWith('.json')) continue;
      const record = await readRecord(join(metaDir, file));
      // A record whose bytes are gone (removed by hand) or do not match is not an object any more.
      if (!record || encodedNameOf(record.key) !== file.slice(0, -'.json'.length)) continue;
      const size = await stat(this.dataPath(name, record)).then((s) => (s.isFile() ? s.size : -1), () => -1);
      if (size !== record.size) continue;
      state.objects.set(record.key, record);
      if (record.storage === 'plain') state.claims.set(claimOf(plainPathOf(record.key)!), record.key);
    }
    return state;
  }

  listBuckets(): { name: string; created: Date }[] {
    return [...this.buckets.values()].map((b) => ({ name: b.name, created: b.created })).sort((a, b) => compareKeys(a.name, b.name));
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  /** Creates a bucket; false when it already exists. */
  async createBucket(name: string): Promise<boolean> {
    if (!isValidBucketName(name)) throw s3Errors.invalidBucketName(name);
    if (this.buckets.has(name)) return false;
    await mkdir(this.bucketDir(name), { recursive: true, mode: DIR_MODE });
    if (this.buckets.has(name)) return false;
    this.buckets.set(name, await this.loadBucket(name));
    return true;
  }

  async deleteBucket(name: string): Promise<void> {
    const bucket = this.bucket(name);
    await this.serialized(bucket, async () => {
      if (bucket.objects.size > 0) throw s3Errors.bucketNotEmpty(name);
      this.buckets.delete(name);
      await rm(this.metaDir(name), { recursive: true, force: true });
      await rm(this.bucketDir(name), { recursive: true, force: true });
    });
  }

  private bucket(name: string): BucketState {
    const bucket = this.buckets.get(name);
    if (!bucket) throw s3Errors.noSuchBucket(name);
    return bucket;
  }

  /** Every key of a bucket in S3's order. */
  sortedKeys(bucketName: string): readonly string[] {
    const bucket = this.bucket(bucketName);
    bucket.sortedKeys ??= [...bucket.objects.keys()].sort(compareKeys);
    return bucket.sortedKeys;
  }

  /** An object's record; NoSuchBucket / NoSuchKey when absent. */
  get(bucketName: string, key: string): ObjectRecord {
    const record = this.bucket(bucketName).objects.get(key);
    if (!record) throw s3Errors.noSuchKey(key);
    return record;
  }

  /** The file holding an object's bytes. */
  dataPath(bucketName: string, record: Pick<ObjectRecord, 'key' | 'storage'>): string {
    return record.storage === 'plain'
      ? inside(this.bucketDir(bucketName), plainPathOf(record.key)!)
      : inside(this.metaDir(bucketName), `${encodedNameOf(record.key)}.data`);
  }

  /** A new, empty temporary file (0600) in the data folder, for bytes on their way in. */
  async tempFile(): Promise<TempFile> {
    const path = inside(this.directory, LAYOUT.tmp, randomBytes(12).toString('hex'));
    return { path, handle: await open(path, 'wx', FILE_MODE) };
  }

  /**
   * Makes a complete, synced temporary file the object `key`, with its metadata: the only way an object
   * appears or changes. The temporary file is gone afterwards, whatever happens.
   */
  async commit(bucketName: string, key: string, tempPath: string, object: Omit<ObjectRecord, 'key' | 'storage'>): Promise<ObjectRecord> {
    try {
      const bucket = this.bucket(bucketName);
      return await this.serialized(bucket, async () => {
        this.bucket(bucketName);
        const previous = bucket.objects.get(key);
        const storage = await this.storageFor(bucket, key);
        const record: ObjectRecord = { key, storage, ...object };
        const metaPath = inside(this.metaDir(bucketName), `${encodedNameOf(key)}.json`);
        const metaTemp = await this.writeTemp(`${JSON.stringify(record)}\n`);
        try {
          await rename(tempPath, this.dataPath(bucketName, record));
          await rename(metaTemp, metaPath);
        } catch (error) {
          await rm(metaTemp, { force: true });
          throw error;
        }
        if (previous && previous.storage !== storage) await this.removeData(bucketName, previous);
        bucket.objects.set(key, record);
        if (storage === 'plain') bucket.claims.set(claimOf(plainPathOf(key)!), key);
        if (!previous) bucket.sortedKeys = undefined;
        return record;
      });
    } finally {
      await rm(tempPath, { force: true });
    }
  }

  /** Removes an object (nothing when absent, as S3 does). */
  async delete(bucketName: string, key: string): Promise<void> {
    const bucket = this.bucket(bucketName);
    await this.serialized(bucket, async () => {
      const record = bucket.objects.get(key);
      if (!record) return;
      // Metadata first: from then on the object is gone, whatever happens to its bytes.
      await unlink(inside(this.metaDir(bucketName), `${encodedNameOf(key)}.json`));
      bucket.objects.delete(key);
      bucket.sortedKeys = undefined;
      await this.removeData(bucketName, record);
    });
  }

  /** Plain when the key's file can be a plain file not claimed by another key, else encoded. */
  private async storageFor(bucket: BucketState, key: string): Promise<'plain' | 'encoded'> {
    const plain = plainPathOf(key);
    if (plain === undefined) return 'encoded';
    const owner = bucket.claims.get(claimOf(plain));
    if (owner !== undefined && owner !== key) return 'encoded';
    const bucketDir = this.bucketDir(bucket.name);
    const target = inside(bucketDir, plain);
    try {
      await mkdir(dirname(target), { recursive: true, mode: DIR_MODE });
      // A folder on the way that is a link out of the bucket (made by hand) is not followed.
      const realParent = relative(await realpath(bucketDir), await realpath(dirname(target)));
      if (realParent.startsWith('..') || realParent.startsWith(sep)) return 'encoded';
      const existing = await lstat(target).catch((error: unknown) => (isCode(error, 'ENOENT') ? undefined : Promise.reject(error)));
      return existing === undefined || existing.isFile() ? 'plain' : 'encoded';
    } catch (error) {
      // A prefix of the key is an object's file (`a` when writing `a/b`).
      if (isCode(error, 'ENOTDIR', 'EEXIST')) return 'encoded';
      throw error;
    }
  }

  private async removeData(bucketName: string, record: ObjectRecord): Promise<void> {
    const bucket = this.buckets.get(bucketName);
    await rm(this.dataPath(bucketName, record), { force: true });
    if (record.storage !== 'plain') return;
    const plain = plainPathOf(record.key)!;
    if (bucket?.claims.get(claimOf(plain)) === record.key) bucket.claims.delete(claimOf(plain));
    // Empty folders left behind go too, so `a/b` deleted frees the name `a` for a plain file.
    const bucketDir = this.bucketDir(bucketName);
    for (let dir = dirname(inside(bucketDir, plain)); dir !== bucketDir && dir.startsWith(bucketDir + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }

  /**
   * A new temporary file filled by `fill`, then synced and closed: its path and what `fill` returned.
   * When anything fails the file is closed and removed, and the error passes on.
   */
  async fillTemp<T>(fill: (handle: FileHandle) => Promise<T>): Promise<{ path: string; value: T }> {
    const temp = await this.tempFile();
    try {
      const value = await fill(temp.handle);
      await temp.handle.sync();
      await temp.handle.close();
      return { path: temp.path, value };
    } catch (error) {
      await temp.handle.close().catch(() => undefined);
      await rm(temp.path, { force: true });
      throw error;
    }
  }

  /** A synced temporary file holding `content`; its path. */
  async writeTemp(content: string): Promise<string> {
    return (await this.fillTemp((handle) => handle.writeFile(content))).path;
  }

  /** Replaces `path` by `content` atomically (temp, sync, rename). */
  async writeFileAtomic(path: string, content: string): Promise<void> {
    const temp = await this.writeTemp(content);
    try {
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  private serialized<T>(bucket: BucketState, work: () => Promise<T>): Promise<T> {
    const result = bucket.commits.then(work);
    bucket.commits = result.catch(() => undefined);
    return result;
  }

  /** Folder of one multipart upload (the id is checked to be ours: 32 hex digits). */
  uploadDir(uploadId: string): string | undefined {
    return /^[0-9a-f]{32}$/.test(uploadId) ? inside(this.directory, LAYOUT.multipart, uploadId) : undefined;
  }

  async makeDir(path: string): Promise<void> {
    await mkdir(path, { recursive: true, mode: DIR_MODE });
  }
}

/**
 * The file holding an object's bytes in a store folder, read from the object's metadata (so an encoded
 * key gives its encoded file); undefined when there is no such object.
 */
export async function objectFile(directory: string, bucket: string, key: string): Promise<string | undefined> {
  if (!isValidBucketName(bucket)) return undefined;
  const record = await readRecord(inside(directory, LAYOUT.meta, bucket, `${encodedNameOf(key)}.json`));
  if (!record || record.key !== key) return undefined;
  return record.storage === 'plain' ? inside(directory, bucket, plainPathOf(key)!) : inside(directory, LAYOUT.meta, bucket, `${encodedNameOf(key)}.data`);
}

async function readRecord(path: string): Promise<ObjectRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as Partial<ObjectRecord>;
    const valid =
      typeof record.key === 'string' &&
      (record.storage === 'encoded' || (record.storage === 'plain' && plainPathOf(record.key) !== undefined)) &&
      typeof record.size === 'number' &&
      typeof record.etag === 'string' &&
      typeof record.lastModified === 'string' &&
      typeof record.contentType === 'string';
    return valid ? ({ headers: {}, userMetadata: {}, ...record } as ObjectRecord) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The objects of `bucket` whose keys start with `prefix`, with their files, read from the metadata only
 * (read-only: safe while a running `sfn-ecs serve` writes the same folder). [] when there is no such bucket.
 */
export async function listObjectFiles(directory: string, bucket: string, prefix: string): Promise<{ key: string; size: number; file: string }[]> {
  if (!isValidBucketName(bucket)) return [];
  const names = await readdir(inside(directory, LAYOUT.meta, bucket)).catch(() => [] as string[]);
  const found: { key: string; size: number; file: string }[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const record = await readRecord(inside(directory, LAYOUT.meta, bucket, name));
    if (!record || !record.key.startsWith(prefix) || encodedNameOf(record.key) !== name.slice(0, -'.json'.length)) continue;
    const file = await objectFile(directory, bucket, record.key);
    if (file) found.push({ key: record.key, size: record.size, file });
  }
  return found.sort((a, b) => compareKeys(a.key, b.key));
}
