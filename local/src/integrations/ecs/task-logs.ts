/**
 * The one place that knows a task's output file: `<logDir>/<taskId>.jsonl`, one
 * `{timestamp, stream, message}` JSON object per line, appended while the task runs. The ECS emulation
 * writes it (TaskLog); `sfn-ecs logs`/the runtime read it whole (readTaskLog) and the CloudWatch Logs
 * store follows it (TaskLogTail).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { dataPath } from '../../storage/data-paths.js';
import { makePrivateDirSync, PRIVATE_FILE_MODE } from '../../storage/private-files.js';
import { taskIdOf } from './ecs-names.js';

export interface TaskLogLine {
  /** Epoch milliseconds. */
  timestamp: number;
  stream: 'stdout' | 'stderr';
  message: string;
}

/** One line of a task's output, with the task it came from. */
export interface TaskLogEntry {
  readonly taskArn: string;
  readonly timestamp: number;
  readonly stream: string;
  readonly message: string;
}

/** Lines kept in memory per task; older lines are dropped first (the file keeps them all). */
export const MAX_LINES_IN_MEMORY = 20_000;
/** Bytes a TaskLogTail reads per call at most, so one huge file cannot stall a request. */
const MAX_TAIL_READ_BYTES = 8 * 1024 * 1024;

/** Where a task's output is kept: `<logDir>/<taskId>.jsonl`. */
export function taskLogFile(logDir: string, taskId: string): string {
  return `${dataPath(logDir, taskId)}.jsonl`;
}

/** A task's output: kept in memory and, when a directory is given, appended to its file so it survives a restart. */
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

/** The well-formed lines of a file's text; a torn line (a crash mid-write) is skipped. */
function parseLines(text: string): TaskLogLine[] {
  const lines: TaskLogLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const raw = JSON.parse(line) as { timestamp?: unknown; stream?: unknown; message?: unknown };
      if (typeof raw.timestamp !== 'number' || typeof raw.message !== 'string') continue;
      lines.push({ timestamp: raw.timestamp, stream: raw.stream === 'stderr' ? 'stderr' : 'stdout', message: raw.message });
    } catch {
      // a torn line after a crash
    }
  }
  return lines;
}

/** One task's log lines (empty when it wrote none or the file is gone). */
export async function readTaskLog(logDir: string, taskArn: string): Promise<TaskLogEntry[]> {
  let text: string;
  try {
    text = await readFile(taskLogFile(logDir, taskIdOf(taskArn)), 'utf8');
  } catch {
    return [];
  }
  return parseLines(text).map((line) => ({ taskArn, ...line }));
}

/**
 * Reads one task's output file incrementally: each read returns only the complete lines appended since
 * the last one, so a stream can be followed while its task runs.
 */
export class TaskLogTail {
  #offset = 0;
  /** Reads run one after another: two at once would both read from the same offset (lines twice, then skipped). */
  #reading: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  /** The complete lines written since the previous call (none when the file does not exist yet). */
  readNew(): Promise<TaskLogLine[]> {
    const read = this.#reading.then(() => this.#readNew());
    this.#reading = read.catch(() => undefined);
    return read;
  }

  async #readNew(): Promise<TaskLogLine[]> {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch {
      return [];
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.#offset) return [];
      const length = Math.min(size - this.#offset, MAX_TAIL_READ_BYTES);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, this.#offset);
      const text = buffer.subarray(0, bytesRead);
      const end = text.lastIndexOf(0x0a);
      // A line still being written stays for the next read.
      if (end < 0) return [];
      this.#offset += end + 1;
      return parseLines(text.subarray(0, end).toString('utf8'));
    } finally {
      await handle.close();
    }
  }
}
