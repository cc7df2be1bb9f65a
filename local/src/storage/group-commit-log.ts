/**
 * An append-only file of lines where an append resolves once its line is on the disk (fdatasync), and
 * every line appended while one sync runs shares the next one (group commit): fifty appends at once
 * cost two fdatasyncs, not fifty. What the runtime must have durable before it answers (a started
 * execution's record) goes here first; the file each record lives in is written afterwards without
 * an fsync of its own, and at the next start the log restores whatever did not reach it.
 *
 * A batch is written with a synchronous write (into the page cache: microseconds) rather than through
 * libuv's four-thread pool, where it would queue behind the running executions' appends; only the
 * fdatasync goes there. Its syncs do not take turns with the other fsyncs (syncInTurn): there is at
 * most one in flight, and an answer must not wait behind finished executions' record fsyncs.
 */
import { writeSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from './private-files.js';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class GroupCommitLog {
  readonly #handle: FileHandle;
  #pending: string[] = [];
  #waiters: Waiter[] = [];
  #committing: Promise<void> | undefined;
  /** A failed write may have left part of a line: the next batch starts on a fresh line. */
  #partialLine = false;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** Opens (creating it 0600) the log for appending. */
  static async open(file: string): Promise<GroupCommitLog> {
    return new GroupCommitLog(await open(file, 'a', PRIVATE_FILE_MODE));
  }

  /** Appends one line (no newline in it); resolves once it is on the disk. */
  append(line: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push(`${line}\n`);
      this.#waiters.push({ resolve, reject });
      this.#committing ??= this.#commit();
    });
  }

  async #commit(): Promise<void> {
    while (this.#pending.length > 0) {
      const text = (this.#partialLine ? '\n' : '') + this.#pending.join('');
      const waiters = this.#waiters;
      this.#pending = [];
      this.#waiters = [];
      try {
        const bytes = Buffer.from(text);
        for (let written = 0; written < bytes.length; ) written += writeSync(this.#handle.fd, bytes, written);
        await this.#handle.datasync();
        this.#partialLine = false;
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        this.#partialLine = true;
        for (const waiter of waiters) waiter.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    this.#committing = undefined;
  }

  /**
   * Empties the log when nothing is being appended (the caller knows every line in it is kept
   * durably elsewhere); returns whether it did.
   */
  async clear(): Promise<boolean> {
    if (this.#committing) return false;
    // Appends made meanwhile wait for the truncation (both in the libuv pool, either could land first).
    let cleared!: () => void;
    this.#committing = new Promise<void>((resolve) => (cleared = resolve));
    try {
      await this.#handle.truncate(0);
      return true;
    } finally {
      this.#committing = undefined;
      cleared();
      if (this.#pending.length > 0) this.#committing = this.#commit();
    }
  }

  async close(): Promise<void> {
    await this.#committing;
    await this.#handle.close();
  }
}

/** The whole lines of a log (a missing file has none), and whether a torn last line (a crash mid-append) was left out. */
export async function readLogLines(file: string): Promise<{ lines: string[]; torn: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], torn: false };
    throw error;
  }
  const lines = text.split('\n');
  const torn = lines.pop() !== '';
  return { lines: lines.filter((line) => line !== ''), torn };
}
