/**
 * One runtime per data folder: `<data>/runtime.lock` holds the owner's pid and start time. A second
 * runtime on the folder is refused with the owner's pid; a lock left by a process that is gone (its pid
 * dead or reused by another program) is taken over with a note.
 */
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentProcess, isStillRunning, type ProcessIdentity } from '../storage/process-identity.js';
import { PRIVATE_FILE_MODE } from '../storage/private-files.js';

export const LOCK_FILE = 'runtime.lock';

interface LockContent extends ProcessIdentity {
  readonly startedAt: string;
}

export class DataFolderInUseError extends Error {
  override readonly name = 'DataFolderInUseError';
  constructor(
    readonly dataDir: string,
    readonly owner: LockContent,
  ) {
    super(`The data folder ${dataDir} is in use by another sfn-ecs runtime (pid ${owner.pid}, started ${owner.startedAt}); stop it first or pick another data folder.`);
  }
}

export interface DataFolderLock {
  release(): Promise<void>;
}

/** Takes the data folder's lock or throws DataFolderInUseError; `note` hears about a stale lock taken over. */
export async function lockDataFolder(dataDir: string, note: (message: string) => void): Promise<DataFolderLock> {
  const file = join(dataDir, LOCK_FILE);
  const mine: LockContent = { ...currentProcess(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await createWithContent(file, `${JSON.stringify(mine)}\n`)) {
      return {
        release: async () => {
          // Only our own lock: a process that took a stale lock after us keeps its own.
          const current = await readLock(file);
          if (typeof current !== 'string' && current.pid === mine.pid && current.startTime === mine.startTime) await rm(file, { force: true });
        },
      };
    }
    const owner = await readLock(file);
    if (owner === VANISHED) continue;
    if (typeof owner !== 'string' && isStillRunning(owner)) throw new DataFolderInUseError(dataDir, owner);
    note(
      typeof owner === 'string'
        ? `sfn-ecs: ${file} was unreadable (${owner}); taking the data folder over.`
        : `sfn-ecs: the runtime that held ${dataDir} (pid ${owner.pid}, started ${owner.startedAt}) is gone; taking the data folder over.`,
    );
    await rm(file, { force: true });
  }
  throw new Error(`Could not take the lock ${file}: other processes keep taking it.`);
}

const VANISHED = 'it vanished';

/** Creates file with its whole content at once (a hard link of a written temporary file), or false if it exists. */
async function createWithContent(file: string, content: string): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, content, { mode: PRIVATE_FILE_MODE });
  try {
    await link(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(tmp, { force: true });
  }
}

async function readLock(file: string): Promise<LockContent | string> {
  try {
    const content = JSON.parse(await readFile(file, 'utf8')) as LockContent;
    if (!Number.isInteger(content?.pid)) return 'no pid in it';
    return content;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return VANISHED;
    return (error as Error).message;
  }
}
