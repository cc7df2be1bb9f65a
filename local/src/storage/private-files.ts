/**
 * How the runtime writes its own data: folders 0700, files 0600 (histories, records and task logs can
 * hold inputs, outputs and secrets), and records replaced atomically (tmp + fsync + rename), so a crash
 * leaves the old record or the new one, never half of one.
 */
import { mkdirSync } from 'node:fs';
import { chmod, mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and missing parents) readable by the owner only. */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** The data folder itself: created 0700, and an existing one (an older version made it 0755) tightened. */
export async function makePrivateDataFolder(dir: string): Promise<void> {
  await makePrivateDir(dir);
  await chmod(dir, PRIVATE_DIR_MODE);
}

/**
 * fsyncs one at a time: each blocks a libuv thread (there are 4) for milliseconds, and many at once
 * would leave none for the writes and reads that answer API calls (StartExecution among them).
 */
let syncLane: Promise<void> = Promise.resolve();
export function syncInTurn(handle: FileHandle, dataOnly = false): Promise<void> {
  const turn = syncLane.then(() => (dataOnly ? handle.datasync() : handle.sync()));
  syncLane = turn.catch(() => undefined);
  return turn;
}

/**
 * Replaces file with text: written to file.tmp, fsynced (unless sync is false), renamed over file.
 * Without the fsync a crash of the process still leaves the old or the new content (the page cache
 * survives it); only a crash of the machine could leave an empty file, which the next start quarantines.
 */
export async function writeFileAtomically(file: string, text: string, { sync = true }: { sync?: boolean } = {}): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await open(tmp, 'w', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(text);
    if (sync) await syncInTurn(handle);
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  } finally {
    await handle.close().catch(() => undefined);
  }
  await rename(tmp, file);
}

/** Appends text to file (created 0600); with sync, flushed to the disk before resolving. */
export async function appendPrivate(file: string, text: string, sync = false): Promise<void> {
  const handle = await open(file, 'a', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(text);
    if (sync) await syncInTurn(handle, true);
  } finally {
    await handle.close();
  }
}

/** makePrivateDir for constructors that cannot wait. */
export function makePrivateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}
