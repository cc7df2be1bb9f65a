/**
 * Turns history events into the lines `sfn-ecs run` prints while an execution runs: states entered
 * and left (with durations and repeat counts, which is how retries show), tasks started and stopped
 * with their exit codes, Map items, and the execution's end.
 */
import type { HistoryEvent } from '../engine/types.js';

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : `${(ms / 1000).toFixed(1)}s`;
}

function details(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') return value as Record<string, unknown>;
  }
  return {};
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface EcsTask {
  TaskArn?: string;
  StopCode?: string;
  StoppedReason?: string;
  Containers?: { ExitCode?: number; Reason?: string }[];
  Tasks?: EcsTask[];
}

function taskId(task: EcsTask | undefined): string | undefined {
  const arn = task?.TaskArn ?? task?.Tasks?.[0]?.TaskArn;
  return arn ? arn.slice(arn.lastIndexOf('/') + 1, arn.lastIndexOf('/') + 9) : undefined;
}

function exitSummary(task: EcsTask): string {
  const container = task.Containers?.[0];
  const exit = container?.ExitCode !== undefined ? `exit ${container.ExitCode}` : 'no exit code';
  const why = task.StopCode && task.StopCode !== 'EssentialContainerExited' ? `, ${task.StopCode}${task.StoppedReason ? `: ${task.StoppedReason}` : ''}` : '';
  return `${exit}${why}`;
}

/** What the view remembers per lane: the top level, or one Map item / Parallel branch. */
interface Lane {
  readonly prefix: string;
  readonly entered: Map<string, number[]>;
  readonly visits: Map<string, number>;
  currentState: string;
  lastFailedState: string | undefined;
  readonly retries: Map<string, number>;
}

export class LiveView {
  /** Event id -> lane key; an event belongs to the lane of its previousEventId (AWS links each lane that way). */
  readonly #laneOfEvent = new Map<number, string>();
  readonly #lanes = new Map<string, Lane>();
  readonly #iterationParent = new Map<number, string>();
  readonly #taskStart = new Map<string, number>();
  #started = 0;
  readonly #failureReportFollows: boolean;

  /** `failureReportFollows`: the caller prints the failure report (failure-report.ts), which opens with the status line. */
  constructor(options: { failureReportFollows?: boolean } = {}) {
    this.#failureReportFollows = options.failureReportFollows ?? false;
  }

  #lane(key: string): Lane {
    let lane = this.#lanes.get(key);
    if (!lane) {
      const prefix = key === '' ? '' : `[${key.split('/').filter(Boolean).join('.')}] `;
      lane = { prefix, entered: new Map(), visits: new Map(), currentState: '', lastFailedState: undefined, retries: new Map() };
      this.#lanes.set(key, lane);
    }
    return lane;
  }

  /** The lines (without newline) to print for one event; empty for events not worth a line. */
  format(event: HistoryEvent): string[] {
    const d = details(event);
    const previousKey = this.#laneOfEvent.get(event.previousEventId) ?? '';
    let printIn = previousKey;
    if (event.type === 'MapIterationStarted') {
      // Item starts chain onto each other: the parent lane is the one the first item started from.
      const parent = this.#iterationParent.get(event.previousEventId) ?? previousKey;
      this.#iterationParent.set(event.id, parent);
      this.#laneOfEvent.set(event.id, `${parent}/${String(d.index ?? event.id)}`);
      printIn = parent;
    } else if (/^MapIteration(Succeeded|Failed|Aborted)$/.test(event.type)) {
      printIn = previousKey.slice(0, Math.max(0, previousKey.lastIndexOf('/')));
      this.#laneOfEvent.set(event.id, printIn);
    } else {
      this.#laneOfEvent.set(event.id, previousKey);
    }
    const lane = this.#lane(printIn);
    return this.#format(event, d, lane).map((line) => line.replace(/^(\s*)/, `$1${lane.prefix}`));
  }

  #format(event: HistoryEvent, d: Record<string, unknown>, lane: Lane): string[] {
    const t = event.timestamp.getTime();
    const type = event.type;
    if (type === 'ExecutionStarted') {
      this.#started = t;
      return ['▶ execution started'];
    }
    if (type === 'ExecutionRedriven') {
      this.#started = t;
      return [`▶ execution redriven (redrive ${String(d.redriveCount)}): the states that did not succeed run again`];
    }
    if (type.endsWith('StateEntered')) {
      const name = String(d.name);
      const visits = (lane.visits.get(name) ?? 0) + 1;
      lane.visits.set(name, visits);
      lane.entered.set(name, [...(lane.entered.get(name) ?? []), t]);
      lane.currentState = name;
      lane.lastFailedState = undefined;
      const kind = type.slice(0, -'StateEntered'.length);
      return [`  → ${name} (${kind})${visits > 1 ? `  attempt ${visits}` : ''}`];
    }
    if (type.endsWith('StateExited')) {
      const name = String(d.name);
      const since = (lane.entered.get(name) ?? []).shift();
      return [`  ← ${name}${since !== undefined ? `  ${seconds(t - since)}` : ''}`];
    }
    if (type.endsWith('StateAborted')) return [`  ✖ ${String(d.name ?? lane.currentState)} aborted`];
    if (type === 'TaskScheduled') {
      // A Task state's own Retry shows as another TaskScheduled after a failure, without leaving the state.
      if (lane.lastFailedState !== lane.currentState) return [];
      lane.lastFailedState = undefined;
      const retry = (lane.retries.get(lane.currentState) ?? 0) + 1;
      lane.retries.set(lane.currentState, retry);
      return [`    ↻ retry ${retry} of ${lane.currentState}`];
    }
    if (type === 'TaskSubmitted') {
      const id = taskId(parseJson(d.output) as EcsTask | undefined);
      if (id) this.#taskStart.set(id, t);
      return [`    ▷ task ${id ? `${id} ` : ''}started (${String(d.resourceType)}:${String(d.resource)})`];
    }
    if (type === 'TaskSucceeded' || type === 'TaskFailed' || type === 'TaskTimedOut') {
      lane.lastFailedState = type === 'TaskSucceeded' ? undefined : lane.currentState;
      const payload = parseJson(type === 'TaskSucceeded' ? d.output : d.cause) as EcsTask | undefined;
      const id = taskId(payload);
      const began = id !== undefined ? this.#taskStart.get(id) : undefined;
      const took = began !== undefined ? `  ${seconds(t - began)}` : '';
      if (payload && typeof payload === 'object' && (payload.Containers || payload.StopCode)) {
        const mark = type === 'TaskSucceeded' ? '■' : '✖';
        const error = type === 'TaskSucceeded' ? '' : `  ${String(d.error ?? '')}`;
        return [`    ${mark} task ${id ?? ''} stopped: ${exitSummary(payload)}${took}${error}`];
      }
      if (type === 'TaskSucceeded') return [`    ■ task succeeded${took}`];
      return [`    ✖ task ${type === 'TaskTimedOut' ? 'timed out' : 'failed'}: ${String(d.error ?? '')}${d.cause ? ` (${truncate(String(d.cause))})` : ''}`];
    }
    if (type === 'TaskStartFailed' || type === 'TaskSubmitFailed') return [`    ✖ task could not start: ${String(d.error ?? '')} ${truncate(String(d.cause ?? ''))}`];
    if (type === 'MapIterationStarted') return [`    ⇉ item ${String(d.index)} started`];
    if (type === 'MapIterationFailed') return [`    ✖ item ${String(d.index)} failed`];
    if (type === 'MapIterationAborted') return [`    ✖ item ${String(d.index)} aborted`];
    if (type === 'ParallelStateFailed' || type === 'MapStateFailed') return [`    ✖ ${type.replace('StateFailed', '')} failed${d.error ? `: ${String(d.error)}` : ''}`];
    if (type.startsWith('Execution')) {
      const status = type.slice('Execution'.length).toUpperCase().replace('TIMEDOUT', 'TIMED_OUT');
      if (status !== 'SUCCEEDED' && status !== 'STARTED' && this.#failureReportFollows) return [];
      const took = this.#started ? ` in ${seconds(t - this.#started)}` : '';
      return [`${status === 'SUCCEEDED' ? '✔' : '✖'} ${status}${took}${d.error ? `: ${String(d.error)}` : ''}`];
    }
    return [];
  }
}

function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
