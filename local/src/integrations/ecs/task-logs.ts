/**
 * Each task's output, line by line with a timestamp, kept in memory and, when a directory is
 * given, appended to `<dir>/<taskId>.jsonl` so the lines survive a restart of the runtime.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { dataPath } from '../../storage/data-paths.js';
import { makePrivateDirSync, PRIVATE_FILE_MODE } from '../../storage/private-files.js';

export interface TaskLogLine {
  /** Epoch milliseconds. */
  timestamp: number;
  stream: 'stdout' | 'stderr';
  message: string;
}

/** Lines kept in memory per task; older lines are dropped first (the file keeps them all). */
export const MAX_LINES_IN_MEMORY = 20_000;

/** Where a task's output is kept: `<logDir>/<taskId>.jsonl`. */
export function taskLogFile(logDir: string, taskId: string): string {
  return `${dataPath(logDir, taskId)}.jsonl`;
}

export class TaskLog {
  readonly #lines: TaskLogLine[] = [];
  readonly #file: WriteStream | undefined;

  constructor(logDir: string | undefined, taskId: string) {
    if (logDir) {
      makePrivateDirSync(logDir);
      this.#file = createWriteStream(taskLogFile(logDir, taskId), { flags: 'a', mode: PRIVATE_FILE_MODE });
      this.#file.on('error', () => {
        // A full disk must not take the task down; the in-memory copy still has the lines.
      });
    }
  }

  get lines(): readonly TaskLogLine[] {
    return this.#lines;
  }

  append(line: TaskLogLine): void {
    this.#lines.push(line);
    if (this.#lines.length > MAX_LINES_IN_MEMORY) this.#lines.shift();
    this.#file?.write(`${JSON.stringify(line)}\n`);
  }

  /** Flushes and closes the file (if any). */
  async close(): Promise<void> {
    if (!this.#file || this.#file.closed) return;
    this.#file.end();
    await finished(this.#file).catch(() => undefined);
  }
}
