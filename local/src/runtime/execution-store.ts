/**
 * Executions and their histories on disk, so a finished execution survives a restart:
 * <dir>/<stateMachineName>/<executionName>/execution.json   the record, replaced atomically (tmp + rename; fsynced once final)
 * <dir>/<stateMachineName>/<executionName>/history.jsonl    one event per line, append-only
 * <dir>/<stateMachineName>/<executionName>/definition.json  the definition it runs (what a redrive runs again): a hard
 *                                                            link to <dir>/.definitions/<sha256>.json, written (and fsynced)
 *                                                            once per definition rather than once per execution
 * <dir>/.journal.jsonl                                        started (and redriven) records, durable before StartExecution answers,
 *                                                            each naming its definition's file under .definitions
 * Names are encoded into path segments (data-paths.ts; a leading `.` is encoded, so no execution
 * folder is named like the journal). Writes for one execution are queued in order; flush() waits for
 * them. History lines are batched and not fsynced one by one (that would slow every state down); the
 * history is fsynced before the execution's final record is written, so a record that says the
 * execution ended always has its whole history on disk.
 *
 * A RUNNING record is durable once its line is in the journal, whose fdatasync concurrent starts share
 * (group commit: one fsync per execution.json would cost every start ~8 ms, serialized). Its folder,
 * execution.json (not fsynced) and definition.json are written when the execution first writes
 * anything else (its run's first event) or is flushed: not while the calls of a burst are answered,
 * whose answers would wait for the CPU behind those writes. The journal is emptied whenever every
 * execution it names has its final (fsynced) record, and read at open: a record that did not reach
 * its execution.json (the runtime or the machine stopped first) is restored from it, with its
 * definition.json. A store that only reads (`sfn-ecs history` beside a running serve) reads the
 * journal too, so it sees an execution as soon as StartExecution has answered.
 *
 * Opening checks every record: an unreadable one is named in a warning and its folder moved to the
 * quarantine; a torn last history line (a crash mid-append) is cut off with a warning; a damaged line
 * before the end cuts the history there (a copy of the original goes to the quarantine) and the
 * record is marked `damaged`, so event ids never skip.
 */
import { createHash } from 'node:crypto';
import { link, open as openFile, readdir, readFile, truncate } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { HistoryEvent, LaneEvent } from '../engine/types.js';
import { dataPath } from '../storage/data-paths.js';
import { EXECUTION_STATUSES, type ExecutionRecord } from './execution-record.js';
import { appendPrivate, makePrivateDir, syncInTurn, writeFileAtomically } from '../storage/private-files.js';
import type { Quarantine } from '../storage/quarantine.js';
import { GroupCommitLog, readLogLines } from '../storage/group-commit-log.js';

/** How many finished histories stay parsed in memory (a 25,000-event history is a few MB). */
const FINISHED_HISTORIES_CACHED = 8;
const RECORD_FILE = 'execution.json';
const HISTORY_FILE = 'history.jsonl';
const DEFINITION_FILE = 'definition.json';
const JOURNAL_FILE = '.journal.jsonl';
const DEFINITIONS_FOLDER = '.definitions';
/** The history line's field holding the engine's lane key (stripped from the event). */
const LANE_KEY = 'sfnEcsLane';
/** The journal line's field naming the execution's definition file under .definitions (stripped from the record). */
const DEFINITION_KEY = 'sfnEcsDefinition';
const DEFINITION_FILE_NAME = /^[0-9a-f]{64}\.json$/;

export interface ExecutionStoreOptions {
  /** Where damaged records go (and who hears about them). Without it the store only reads: nothing is moved or repaired. */
  readonly quarantine?: Quarantine;
  /** A write failed (e.g. a full disk): the execution's history on disk is incomplete from here on. */
  readonly onWriteError?: (executionArn: string, error: Error) => void;
}

export class ExecutionStore {
  readonly #dir: string;
  readonly #options: ExecutionStoreOptions;
  readonly #records = new Map<string, ExecutionRecord>();
  /** Where each loaded execution lives (a folder written by an older version keeps its place). */
  readonly #folders = new Map<string, string>();
  readonly #queues = new Map<string, Promise<void>>();
  readonly #pendingEvents = new Map<string, string[]>();
  /** Recently read histories of finished executions: paging through a long one reads its file once. */
  readonly #finishedHistories = new Map<string, readonly HistoryEvent[]>();
  /** Execution folders known to exist (each write would otherwise mkdir first). */
  readonly #madeFolders = new Set<string>();
  /** Undefined when the store only reads. */
  #journal: GroupCommitLog | undefined;
  /** Executions in the journal whose final record is not yet on disk: the journal is kept until none are. */
  readonly #unsettled = new Set<string>();
  /** Journaled RUNNING records whose files are not written yet (see the top of this file), with their definitions. */
  readonly #unwritten = new Map<string, { record: ExecutionRecord; definition?: string }>();
  /** Each definition's file under .definitions, once written (keyed by the definition's text). */
  readonly #sharedDefinitions = new Map<string, Promise<string>>();

  private constructor(dir: string, options: ExecutionStoreOptions) {
    this.#dir = dir;
    this.#options = options;
  }

  /** Opens (creating if needed) the store under dir and loads (and checks) every record found there. */
  static async open(dir: string, options: ExecutionStoreOptions = {}): Promise<ExecutionStore> {
    const store = new ExecutionStore(dir, options);
    await makePrivateDir(dir);
    const journalFile = join(dir, JOURNAL_FILE);
    const journaled = await readJournal(journalFile, options.quarantine);
    if (options.quarantine) await store.#restoreJournaled(journaled, options.quarantine);
    for (const machine of await readdir(dir, { withFileTypes: true })) {
      if (machine.name === JOURNAL_FILE || machine.name === DEFINITIONS_FOLDER) continue;
      if (!machine.isDirectory()) {
        options.quarantine?.warn(join(dir, machine.name), 'not an execution folder; left alone');
        continue;
      }
      for (const execution of await readdir(join(dir, machine.name), { withFileTypes: true })) {
        await store.#load(join(dir, machine.name, execution.name), execution.isDirectory());
      }
    }
    if (options.quarantine) {
      store.#journal = await GroupCommitLog.open(journalFile);
      // Executions left RUNNING stay in the journal until the runtime closes them (recoverInterrupted).
      for (const { record } of journaled) if (store.get(record.executionArn)?.status === 'RUNNING') store.#unsettled.add(record.executionArn);
      if (store.#unsettled.size === 0) await store.#journal.clear();
    } else {
      // Only reading: what the journal holds beyond the files is shown, not written.
      for (const { record } of journaled) {
        const known = store.get(record.executionArn);
        if (!known || isNewer(record, known)) store.#records.set(record.executionArn, record);
      }
    }
    return store;
  }

  /** Writes every journaled record newer than its execution.json (or without a readable one), with its definition.json. */
  async #restoreJournaled(journaled: readonly JournalEntry[], quarantine: Quarantine): Promise<void> {
    for (const { record, definitionFile } of journaled) {
      const folder = dataPath(this.#dir, record.stateMachineName, record.name);
      const onDisk = await readRecord(join(folder, RECORD_FILE));
      if (typeof onDisk !== 'string' && !isNewer(record, onDisk)) continue;
      await makePrivateDir(folder);
      if (definitionFile !== undefined) await linkDefinition(join(this.#dir, DEFINITIONS_FOLDER, definitionFile), join(folder, DEFINITION_FILE));
      await writeFileAtomically(join(folder, RECORD_FILE), recordText(record));
      quarantine.warn(join(folder, RECORD_FILE), 'restored from the start journal (the runtime stopped before it was written)');
    }
  }

  async #load(folder: string, isFolder: boolean): Promise<void> {
    const quarantine = this.#options.quarantine;
    if (!isFolder) {
      quarantine?.warn(folder, 'not an execution folder; left alone');
      return;
    }
    const record = await readRecord(join(folder, RECORD_FILE));
    if (typeof record === 'string') {
      await quarantine?.move(folder, `execution record unreadable (${record})`);
      return;
    }
    for (const leftover of (await readdir(folder)).filter((name) => name.endsWith('.tmp'))) {
      await quarantine?.move(join(folder, leftover), 'an unfinished write from a crash (the record beside it is intact)');
    }
    this.#records.set(record.executionArn, record);
    this.#folders.set(record.executionArn, folder);
    if (!quarantine) return;
    const history = join(folder, HISTORY_FILE);
    const check = await checkHistory(history);
    if (check.tornTail !== undefined) {
      await truncate(history, check.tornTail);
      quarantine.warn(history, `dropped a torn last line (a crash mid-write); ${check.events} events kept`);
    }
    if (check.damageAt !== undefined) {
      await quarantine.move(history, `damaged at line ${check.events + 1}; the execution keeps its first ${check.events} events and is marked damaged`, { keepOriginal: true });
      await truncate(history, check.damageAt);
      const damaged = { ...record, damaged: `History damaged after event ${check.events}; the original is in the quarantine folder.` };
      this.#records.set(record.executionArn, damaged);
      await writeFileAtomically(join(folder, RECORD_FILE), recordText(damaged));
    }
  }

  get(executionArn: string): ExecutionRecord | undefined {
    return this.#records.get(executionArn);
  }

  /** All records, newest first (ListExecutions order). */
  list(): ExecutionRecord[] {
    return [...this.#records.values()].sort((a, b) => b.startDate - a.startDate);
  }

  /**
   * Records (or replaces) an execution and writes it to disk in order with its other writes. A RUNNING
   * record resolves once it is durable in the journal (its execution.json is written afterwards); a
   * final one once its execution.json is written and fsynced, after the history it vouches for.
   * `definition`, given when an execution starts, is kept as the one it runs, so a redrive runs the
   * same one (DG "Redriving executions").
   */
  async save(record: ExecutionRecord, definition?: string): Promise<void> {
    this.#records.set(record.executionArn, record);
    const final = record.status !== 'RUNNING';
    const journal = this.#journal;
    if (!final && journal) {
      this.#unsettled.add(record.executionArn);
      const unwritten = this.#unwritten.get(record.executionArn);
      this.#unwritten.set(record.executionArn, { ...unwritten, record, ...(definition === undefined ? {} : { definition }) });
      try {
        // The definition's shared file is written and fsynced once per definition, before the first line naming it.
        const definitionFile = definition === undefined ? undefined : basename(await this.#sharedDefinition(definition));
        await journal.append(JSON.stringify(definitionFile === undefined ? record : { ...record, [DEFINITION_KEY]: definitionFile }));
      } catch (error) {
        // Told like any write failure: the execution's own writes meet the same disk and fail it.
        this.#writeFailed(record.executionArn, error);
      }
      return;
    }
    this.#writeUnwritten(record.executionArn);
    const written = this.#writeRecord(record);
    if (definition !== undefined) this.#writeDefinition(record, definition);
    await written;
  }

  #writeRecord(record: ExecutionRecord): Promise<void> {
    const folder = this.#folder(record);
    const final = record.status !== 'RUNNING';
    const text = recordText(record);
    return this.#enqueue(record.executionArn, async () => {
      await this.#makeFolder(folder);
      if (final) await syncIfExists(join(folder, HISTORY_FILE));
      await writeFileAtomically(join(folder, RECORD_FILE), text, { sync: final });
      if (final) await this.#settled(record.executionArn);
    });
  }

  /** Queues the writes held for a journaled record (its execution.json, its definition), before any other write of it. */
  #writeUnwritten(executionArn: string): void {
    const unwritten = this.#unwritten.get(executionArn);
    if (!unwritten) return;
    this.#unwritten.delete(executionArn);
    void this.#writeRecord(unwritten.record);
    if (unwritten.definition !== undefined) this.#writeDefinition(unwritten.record, unwritten.definition);
  }

  /** The execution's final record is on disk: once no journaled execution lacks one, the journal is emptied. */
  async #settled(executionArn: string): Promise<void> {
    if (!this.#unsettled.delete(executionArn) || this.#unsettled.size > 0) return;
    await this.#journal?.clear();
  }

  /**
   * Appends a history event; lines are batched into few writes. `lane` (the engine's lane key) is kept
   * on the line beside the event, never shown in it: a redrive derives what completed from it.
   */
  appendEvent(record: ExecutionRecord, event: HistoryEvent, lane?: string): void {
    this.#finishedHistories.delete(record.executionArn);
    this.#writeUnwritten(record.executionArn);
    const line = `${JSON.stringify({ ...event, timestamp: event.timestamp.getTime(), ...(lane !== undefined ? { [LANE_KEY]: lane } : {}) })}\n`;
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
      await this.#makeFolder(folder);
      await appendPrivate(join(folder, HISTORY_FILE), lines.join(''));
    });
  }

  /** The execution's history as written so far (after its queued writes land). */
  async readHistory(record: ExecutionRecord): Promise<readonly HistoryEvent[]> {
    const cached = this.#finishedHistories.get(record.executionArn);
    if (cached) return cached;
    const events = (await this.readLaneHistory(record)).map((entry) => entry.event);
    if (this.get(record.executionArn)?.status !== 'RUNNING') this.#rememberFinished(record.executionArn, events);
    return events;
  }

  /** The history with the lane each event was written on (what a redrive replays). */
  async readLaneHistory(record: ExecutionRecord): Promise<LaneEvent[]> {
    await this.flush(record.executionArn);
    const events: LaneEvent[] = [];
    for (const line of await readWholeLines(join(this.#folder(record), HISTORY_FILE))) {
      const raw = parseLine(line);
      // A damaged line ends what can be told; later events would leave a gap in the ids.
      if (!raw) break;
      const { [LANE_KEY]: lane, ...fields } = raw;
      const event = { ...fields, timestamp: new Date(raw.timestamp as number) } as unknown as HistoryEvent;
      events.push(typeof lane === 'string' ? { event, lane } : { event });
    }
    return events;
  }

  #writeDefinition(record: ExecutionRecord, definition: string): void {
    const folder = this.#folder(record);
    void this.#enqueue(record.executionArn, async () => {
      await this.#makeFolder(folder);
      await linkDefinition(await this.#sharedDefinition(definition), join(folder, DEFINITION_FILE), definition);
    });
  }

  /** The definition's file under .definitions, written and fsynced the first time this runtime needs it. */
  #sharedDefinition(definition: string): Promise<string> {
    let file = this.#sharedDefinitions.get(definition);
    if (!file) {
      const folder = join(this.#dir, DEFINITIONS_FOLDER);
      const path = join(folder, `${createHash('sha256').update(definition).digest('hex')}.json`);
      file = makePrivateDir(folder)
        .then(() => writeFileAtomically(path, definition))
        .then(() => path);
      this.#sharedDefinitions.set(definition, file);
      file.catch(() => this.#sharedDefinitions.delete(definition));
    }
    return file;
  }

  /** The definition saved with the execution's start; undefined for an execution kept without one. */
  async readDefinition(record: ExecutionRecord): Promise<string | undefined> {
    await this.flush(record.executionArn);
    try {
      return await readFile(join(this.#folder(record), DEFINITION_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
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
      this.#writeUnwritten(executionArn);
      await this.#queues.get(executionArn);
      return;
    }
    for (const arn of [...this.#unwritten.keys()]) this.#writeUnwritten(arn);
    await Promise.all(this.#queues.values());
  }

  /** Waits for every queued write, then closes the journal. */
  async close(): Promise<void> {
    await this.flush();
    await this.#journal?.close();
    this.#journal = undefined;
  }

  #folder(record: ExecutionRecord): string {
    const known = this.#folders.get(record.executionArn);
    if (known) return known;
    const folder = dataPath(this.#dir, record.stateMachineName, record.name);
    this.#folders.set(record.executionArn, folder);
    return folder;
  }

  async #makeFolder(folder: string): Promise<void> {
    if (this.#madeFolders.has(folder)) return;
    await makePrivateDir(folder);
    this.#madeFolders.add(folder);
  }

  #writeFailed(executionArn: string, error: unknown): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    if (this.#options.onWriteError) this.#options.onWriteError(executionArn, failure);
    else process.emitWarning(`sfn-ecs: could not persist execution ${executionArn}: ${failure.message}`);
  }

  #enqueue(executionArn: string, write: () => Promise<void>): Promise<void> {
    const previous = this.#queues.get(executionArn) ?? Promise.resolve();
    const next = previous.then(write).catch((error: unknown) => this.#writeFailed(executionArn, error));
    this.#queues.set(executionArn, next);
    void next.then(() => {
      if (this.#queues.get(executionArn) === next) this.#queues.delete(executionArn);
    });
    return next;
  }
}

interface JournalEntry {
  readonly record: ExecutionRecord;
  /** The execution's definition under .definitions (a file name only). */
  readonly definitionFile?: string;
}

/** The latest journal line of each execution (a damaged line is named in a warning, when the store repairs). */
async function readJournal(file: string, quarantine?: Quarantine): Promise<JournalEntry[]> {
  const { lines, torn } = await readLogLines(file);
  if (torn) quarantine?.warn(file, 'dropped a torn last line (a start that was never answered)');
  const latest = new Map<string, JournalEntry>();
  for (const [index, line] of lines.entries()) {
    const parsed = parseRecord(line);
    if (typeof parsed === 'string') {
      quarantine?.warn(file, `skipped line ${index + 1}: ${parsed}`);
      continue;
    }
    const { [DEFINITION_KEY]: definitionFile, ...record } = parsed as ExecutionRecord & { [DEFINITION_KEY]?: unknown };
    // Only a name of the store's own making: the journal never points outside .definitions.
    const named = typeof definitionFile === 'string' && DEFINITION_FILE_NAME.test(definitionFile);
    latest.set(record.executionArn, { record, ...(named ? { definitionFile } : {}) });
  }
  return [...latest.values()];
}

/** A redrive counts up: the record with more redrives is the later one. */
function isNewer(record: ExecutionRecord, than: ExecutionRecord): boolean {
  return (record.redriveCount ?? 0) > (than.redriveCount ?? 0);
}

/**
 * Gives an execution its definition.json: a hard link to the shared file, or (a file system without
 * hard links) a copy of its own. One already there is kept; a shared file that is gone leaves none.
 */
async function linkDefinition(shared: string, file: string, definition?: string): Promise<void> {
  try {
    await link(shared, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const text = definition ?? (code === 'ENOENT' ? undefined : await readFile(shared, 'utf8'));
    if (text !== undefined) await writeFileAtomically(file, text);
  }
}

function recordText(record: ExecutionRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const raw = JSON.parse(line) as unknown;
    if (typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' && typeof (raw as { timestamp?: unknown }).timestamp === 'number') {
      return raw as Record<string, unknown>;
    }
  } catch {
    // falls through: not an event
  }
  return undefined;
}

interface HistoryCheck {
  /** Whole, consecutive events from the start (ids 1..events). */
  readonly events: number;
  /** Byte length to keep when the last line is torn. */
  readonly tornTail?: number;
  /** Byte length to keep when a line before the last is damaged (or an id skips). */
  readonly damageAt?: number;
}

async function checkHistory(file: string): Promise<HistoryCheck> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: 0 };
    throw error;
  }
  let offset = 0;
  let events = 0;
  while (offset < bytes.length) {
    const newline = bytes.indexOf(0x0a, offset);
    const end = newline < 0 ? bytes.length : newline;
    const event = parseLine(bytes.subarray(offset, end).toString('utf8'));
    const isLast = newline < 0 || newline === bytes.length - 1;
    if (newline < 0 || !event || event.id !== events + 1) {
      // The last line, unterminated or unreadable: a crash mid-append.
      if (isLast && (newline < 0 || !event)) return { events, tornTail: offset };
      return { events, damageAt: offset };
    }
    events += 1;
    offset = newline + 1;
  }
  return { events };
}

async function readWholeLines(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  // Without a trailing newline the last piece is a line still being written.
  lines.pop();
  return lines.filter((line) => line.trim() !== '');
}

async function syncIfExists(file: string): Promise<void> {
  let handle;
  try {
    handle = await openFile(file, 'r');
  } catch {
    return;
  }
  try {
    await syncInTurn(handle, true);
  } finally {
    await handle.close();
  }
}

/** The record, or why it cannot be read. */
async function readRecord(file: string): Promise<ExecutionRecord | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no ${RECORD_FILE}` : (error as Error).message;
  }
  const record = parseRecord(text);
  return typeof record === 'string' ? `${RECORD_FILE} is ${record}` : record;
}

/** The record a JSON text holds, or why it holds none. */
function parseRecord(text: string): ExecutionRecord | string {
  try {
    const record = JSON.parse(text) as ExecutionRecord;
    if (typeof record.executionArn !== 'string' || typeof record.name !== 'string' || typeof record.stateMachineName !== 'string') return 'not an execution record';
    if (!EXECUTION_STATUSES.includes(record.status)) return 'an execution record with an unknown status';
    return record;
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
}

