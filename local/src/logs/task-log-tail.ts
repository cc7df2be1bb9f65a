/**
 * Reads one task's output file (`<dataDir>/task-logs/<taskId>.jsonl`, written by the ECS emulation as
 * `{timestamp, stream, message}` lines) incrementally: each read returns only the complete lines
 * appended since the last one, so a stream can be followed while its task runs.
 */
import { open } from 'node:fs/promises';

export interface RawLogLine {
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly message: string;
}

/** Bytes read per call at most, so one huge file cannot stall a request. */
const MAX_READ_BYTES = 8 * 1024 * 1024;

export class TaskLogTail {
  #offset = 0;

  constructor(readonly file: string) {}

  /** The complete lines written since the previous call (none when the file does not exist yet). */
  async readNew(): Promise<RawLogLine[]> {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch {
      return [];
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.#offset) return [];
      const length = Math.min(size - this.#offset, MAX_READ_BYTES);
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

function parseLines(text: string): RawLogLine[] {
  const lines: RawLogLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const raw = JSON.parse(line) as { timestamp?: unknown; message?: unknown };
      if (typeof raw.timestamp === 'number' && typeof raw.message === 'string') lines.push({ timestamp: raw.timestamp, message: raw.message });
    } catch {
      // a torn line after a crash
    }
  }
  return lines;
}
