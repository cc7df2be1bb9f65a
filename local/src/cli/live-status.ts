/**
 * Shows the live view while an execution runs, with a sign of life during a long task. On a terminal:
 * the view's lines in colour (unless NO_COLOR) and, under them, one status line updated in place at
 * most once a second: what runs, for how long, and the running task's last log line. Elsewhere
 * (a pipe, a file, CI): plain lines only, and every 30 s one "still running: …" line.
 */
import { styleText } from 'node:util';
import type { HistoryEvent } from '../engine/types.js';
import { workerReportedFailure } from '../clients/failure-cause.js';
import { duration, LiveView, type RunningTask } from './live-view.js';
import type { Output } from './output.js';

export interface LiveStatusOptions {
  /** The last log line of a running task, when it has one (read from CloudWatch Logs). */
  readonly lastLog?: (task: RunningTask) => Promise<string | undefined>;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => number;
  /** Status line refresh on a terminal. */
  readonly refreshMs?: number;
  /** "still running" line period elsewhere. */
  readonly plainEveryMs?: number;
}

const CLEAR_LINE = '\r\x1b[2K';

type Colour = Parameters<typeof styleText>[0];
const MARK_COLOURS: [RegExp, Colour][] = [
  [/^\s*(\[[^\]]*\] )?\s*✔/, 'green'],
  [/^\s*(\[[^\]]*\] )?\s*■/, 'green'],
  [/^\s*(\[[^\]]*\] )?\s*✖/, 'red'],
  [/^\s*(\[[^\]]*\] )?\s*↻|attempt \d+$/, 'yellow'],
  [/^\s*(\[[^\]]*\] )?\s*(▶|▷|⇉)/, 'cyan'],
];

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.trim().startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON log line (the worker's) as words: its message, then its other fields; a result line as its outcome. */
export function readableLogLine(message: string): string {
  const json = parseObject(message);
  if (!json) return message.trim();
  if (json.status === 'failed') return `failed: ${workerReportedFailure(message) ?? 'no error reported'}`;
  if (json.status === 'succeeded') return 'succeeded';
  const { message: words, level: _level, time: _time, taskName: _taskName, ...fields } = json;
  const rest = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [typeof words === 'string' ? words : '', ...rest].filter(Boolean).join(' ');
}

/** How long the view waits for a failed task's log to say why before it goes on without it. */
const FAILURE_LOG_WAIT_MS = 3_000;

export class LiveStatus {
  readonly #view: LiveView;
  readonly #out: Output;
  readonly #terminal: Output['terminal'];
  readonly #colour: boolean;
  readonly #options: LiveStatusOptions;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;
  #lastLog: { task: string; line: string } | undefined;
  #reading = false;
  #statusShown = false;
  #stopped = false;
  /** Events are shown in order; a failed task's reason (read from its log) goes right under its line. */
  #queue: Promise<void> = Promise.resolve();

  constructor(view: LiveView, out: Output, options: LiveStatusOptions = {}) {
    const env = options.env ?? process.env;
    this.#view = view;
    this.#out = out;
    this.#terminal = out.terminal?.isTTY && env.TERM !== 'dumb' ? out.terminal : undefined;
    this.#colour = this.#terminal !== undefined && !env.NO_COLOR;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const every = this.#terminal ? (options.refreshMs ?? 1000) : (options.plainEveryMs ?? 30_000);
    this.#timer = setInterval(() => void this.#tick(), every);
    this.#timer.unref();
  }

  /** Prints an event's lines (and redraws the status line under them on a terminal). */
  event(event: HistoryEvent): void {
    this.#queue = this.#queue.then(() => this.#show(event));
  }

  /** Waits for every event's lines to be shown, then stops. */
  async finish(): Promise<void> {
    await this.#queue;
    this.stop();
  }

  async #show(event: HistoryEvent): Promise<void> {
    this.#print(this.#view.format(event));
    const failed = this.#view.takeFailedTask();
    if (!failed || !this.#options.lastLog) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const line = await Promise.race([
      this.#options.lastLog(failed).catch(() => undefined),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), FAILURE_LOG_WAIT_MS))),
    ]).finally(() => clearTimeout(timer));
    const reason = line === undefined ? undefined : workerReportedFailure(line);
    if (reason) this.#print([LiveView.labelled(failed.label, `      worker: ${reason}`)]);
  }

  #print(lines: readonly string[]): void {
    if (lines.length === 0 || this.#stopped) return;
    if (!this.#terminal) {
      for (const line of lines) this.#out.err(line);
      return;
    }
    this.#terminal.write(`${this.#statusShown ? CLEAR_LINE : ''}${lines.map((line) => `${this.#paint(line)}\n`).join('')}`);
    this.#statusShown = false;
    this.#draw();
  }

  /** Prints a line of the caller's own while the view runs (the status line stays under it). */
  note(line: string): void {
    if (!this.#terminal || this.#stopped) {
      this.#out.err(line);
      return;
    }
    this.#terminal.write(`${this.#statusShown ? CLEAR_LINE : ''}${line}\n`);
    this.#statusShown = false;
    this.#draw();
  }

  /** Clears the status line and stops updating it. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    if (this.#statusShown) this.#terminal?.write(CLEAR_LINE);
    this.#statusShown = false;
  }

  /** "Run task 12.3s · last log: stream: reconnecting delayMs=500"; undefined when nothing runs. */
  status(): string | undefined {
    const states = this.#view.runningStates();
    if (states.length === 0) return undefined;
    const now = this.#now();
    const named = (s: (typeof states)[number]): string => `${s.label ? `[${s.label}] ` : ''}${s.state} ${duration(now - s.since)}${s.retrying ? ' (retrying)' : ''}`;
    const shown = states.length <= 2 ? states.map(named).join(', ') : `${states.length} running: ${states.slice(0, 2).map(named).join(', ')}, …`;
    const task = this.#newestTask();
    const log = task && this.#lastLog?.task === task.taskArn ? this.#lastLog.line : undefined;
    return `${shown}${log ? ` · last log${task?.label && states.length > 1 ? ` [${task.label}]` : ''}: ${log}` : ''}`;
  }

  #newestTask(): RunningTask | undefined {
    return this.#view.runningTasks().at(-1);
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    await this.#readLastLog();
    if (this.#stopped) return;
    if (this.#terminal) {
      this.#draw();
      return;
    }
    const status = this.status();
    if (status) this.#out.err(`still running: ${status}`);
  }

  async #readLastLog(): Promise<void> {
    const task = this.#newestTask();
    if (!task || !this.#options.lastLog || this.#reading) return;
    this.#reading = true;
    try {
      const line = await this.#options.lastLog(task);
      if (line) this.#lastLog = { task: task.taskArn, line: readableLogLine(line) };
    } catch {
      // The status line is a courtesy: a log read that fails leaves it without a log line.
    } finally {
      this.#reading = false;
    }
  }

  #draw(): void {
    if (!this.#terminal || this.#stopped) return;
    const status = this.status();
    if (!status) {
      if (this.#statusShown) this.#terminal.write(CLEAR_LINE);
      this.#statusShown = false;
      return;
    }
    const width = Math.max(20, (this.#terminal.columns || 100) - 1);
    const text = `… ${status}`;
    const fitted = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    this.#terminal.write(`${CLEAR_LINE}${this.#colour ? styleText('dim', fitted, { validateStream: false }) : fitted}`);
    this.#statusShown = true;
  }

  #paint(line: string): string {
    if (!this.#colour) return line;
    const colour = MARK_COLOURS.find(([pattern]) => pattern.test(line))?.[1];
    return colour ? styleText(colour, line, { validateStream: false }) : line;
  }
}
