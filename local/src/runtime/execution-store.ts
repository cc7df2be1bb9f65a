/**
 * Executions and their histories on disk, so a finished execution survives a restart:
 * <dir>/<stateMachineName>/<executionName>/execution.json   the record, rewritten atomically at start and end
 * <dir>/<stateMachineName>/<executionName>/history.jsonl    one event per line, append-only
 * Writes for one execution are queued in order; flush() waits for them.
 */
import { appendFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEvent } from '../engine/types.js';
import { EXECUTION_STATUSES, type ExecutionRecord } from './execution-record.js';

/** How many finished histories stay parsed in memory (a 25,000-event history is a few MB). */
const FINISHED_HISTORIES_CACHED = 8;

export class ExecutionStore {
  readonly #dir: string;
  readonly #records = new Map<string, ExecutionRecord>();
  readonly #queues = new Map<string, Promise<void>>();
  readonly #pendingEvents = new Map<string, string[]>();
  /** Recently read histories of finished executions: paging through a long one reads its file once. */
  readonly #finishedHistories = new Map<string, readonly HistoryEvent[]>();

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /** Opens (creating if needed) the store under dir and loads every record found there. */
  static async open(dir: string): Promise<ExecutionStore> {
    const store = new ExecutionStore(dir);
    await mkdir(dir, { recursive: true });
    for (const machine of await readdir(dir, { withFileTypes: true })) {
      if (!machine.isDirectory()) continue;
      for (const execution of await readdir(join(dir, machine.name), { withFileTypes: true })) {
        if (!execution.isDirectory()) continue;
        const record = await readRecord(join(dir, machine.name, execution.name, 'execution.json'));
        if (record) store.#records.set(record.executionArn, record);
      }
    }
    return store;
  }

  get(executionArn: string): ExecutionRecord | undefined {
    return this.#records.get(executionArn);
  }

  /** All records, newest first (ListExecutions order). */
  list(): ExecutionRecord[] {
    return [...this.#records.values()].sort((a, b) => b.startDate - a.startDate);
  }

  /** Records (or replaces) an execution and writes it to disk in order with its other writes. */
  save(record: ExecutionRecord): Promise<void> {
    this.#records.set(record.executionArn, record);
    const folder = this.#folder(record);
    const text = `${JSON.stringify(record, null, 2)}\n`;
    return this.#enqueue(record.executionArn, async () => {
      await mkdir(folder, { recursive: true });
      const file = join(folder, 'execution.json');
      await writeFile(`${file}.tmp`, text);
      await rename(`${file}.tmp`, file);
    });
  }

  /** Appends a history event; lines are batched into few writes. */
  appendEvent(record: ExecutionRecord, event: HistoryEvent): void {
    this.#finishedHistories.delete(record.executionArn);
    const line = `${JSON.stringify({ ...event, timestamp: event.timestamp.getTime() })}\n`;
    const pending = this.#pendingEvents.get(record.executionArn);
    if (pending) {
      pending.push(line);
      return;
    }
    const lines = [line];
    this.#pendingEvents.set(record.executionArn, lines);
    const folder = this.#folder(record);
    void this.#enqueue(record.executionArn, async () => {
      this.#pendingEvents.delete(record.executionArn);
      await mkdir(folder, { recursive: true });
      await appendFile(join(folder, 'history.jsonl'), lines.join(''));
    });
  }

  /** The execution's history as written so far (after its queued writes land). */
  async readHistory(record: ExecutionRecord): Promise<readonly HistoryEvent[]> {
    const cached = this.#finishedHistories.get(record.executionArn);
    if (cached) return cached;
    await this.flush(record.executionArn);
    const lines = await readLines(join(this.#folder(record), 'history.jsonl'));
    const events = lines.map((line) => {
      const raw = JSON.parse(line) as Record<string, unknown>;
      return { ...raw, timestamp: new Date(raw.timestamp as number) } as unknown as HistoryEvent;
    });
    if (this.get(record.executionArn)?.status !== 'RUNNING') this.#rememberFinished(record.executionArn, events);
    return events;
  }

  #rememberFinished(executionArn: string, events: readonly HistoryEvent[]): void {
    if (this.#finishedHistories.size >= FINISHED_HISTORIES_CACHED) {
      this.#finishedHistories.delete(this.#finishedHistories.keys().next().value!);
    }
    this.#finishedHistories.set(executionArn, events);
  }

  /** Resolves once every queued write of the execution (or of all executions) is on disk. */
  async flush(executionArn?: string): Promise<void> {
    if (executionArn) {
      await this.#queues.get(executionArn);
      return;
    }
    await Promise.all(this.#queues.values());
  }

  #folder(record: ExecutionRecord): string {
    return join(this.#dir, record.stateMachineName, record.name);
  }

  #enqueue(executionArn: string, write: () => Promise<void>): Promise<void> {
    const previous = this.#queues.get(executionArn) ?? Promise.resolve();
    const next = previous.then(write).catch((error: unknown) => {
      process.emitWarning(`sfn-ecs: could not persist execution ${executionArn}: ${String(error)}`);
    });
    this.#queues.set(executionArn, next);
    void next.then(() => {
      if (this.#queues.get(executionArn) === next) this.#queues.delete(executionArn);
    });
    return next;
  }
}

async function readLines(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // A crash mid-append can leave a torn last line: keep only whole lines.
  return text.split('\n').filter((line) => {
    if (line.trim() === '') return false;
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  });
}

async function readRecord(file: string): Promise<ExecutionRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as ExecutionRecord;
    if (typeof record.executionArn !== 'string' || !EXECUTION_STATUSES.includes(record.status)) return undefined;
    return record;
  } catch {
    return undefined;
  }
}
