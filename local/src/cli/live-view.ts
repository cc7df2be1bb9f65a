/**
 * Turns history events into the lines `sfn-ecs run` prints while an execution runs: states entered
 * and left (with durations and repeat counts, which is how retries show), tasks started and stopped
 * with their exit codes, Map items (labelled `[item 2]`, nested `[item 2 › item 4]`) with an "n/N done"
 * count as they finish, and the execution's end. It also knows what is running now, for the status
 * line (live-status.ts).
 */
import type { HistoryEvent } from '../engine/types.js';
import { detailsOf, parseJson, type EcsTaskJson } from '../clients/history-facts.js';
import { HistoryLanes, type HistoryLane, type LaneContainer } from '../clients/history-lanes.js';

/** 0.42s, 12.3s, 1m30s, 1h02m. */
export function duration(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(2)}s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function taskId(arn: string | undefined): string | undefined {
  return arn ? arn.slice(arn.lastIndexOf('/') + 1, arn.lastIndexOf('/') + 9) : undefined;
}

function firstTask(json: EcsTaskJson | undefined): EcsTaskJson | undefined {
  return json?.Tasks?.[0] ?? json;
}

function exitSummary(task: EcsTaskJson): string {
  const container = task.Containers?.[0];
  const exit = container?.ExitCode !== undefined ? `exit ${container.ExitCode}` : 'no exit code';
  const why = task.StopCode && task.StopCode !== 'EssentialContainerExited' ? `, ${task.StopCode}${task.StoppedReason ? `: ${task.StoppedReason}` : ''}` : '';
  return `${exit}${why}`;
}

/** A task the execution started and that has not stopped yet. */
export interface RunningTask {
  readonly taskArn: string;
  readonly taskDefinitionArn?: string;
  readonly containerNames: readonly string[];
  /** The lane's label ('' at the top level, 'item 2' in a Map). */
  readonly label: string;
  readonly state: string;
  readonly since: number;
}

/** A state being run now (the deepest of each lane). */
export interface RunningState {
  readonly label: string;
  readonly state: string;
  readonly kind: string;
  readonly since: number;
  /** The lane went through a retry (a Task retry or a state entered again). */
  readonly retrying: boolean;
}

/** What the view remembers per lane. */
interface LaneState {
  readonly entered: Map<string, number[]>;
  readonly visits: Map<string, number>;
  current: { name: string; kind: string; since: number } | undefined;
  lastFailedState: string | undefined;
  readonly retries: Map<string, number>;
  retried: boolean;
  startedAt: number;
  /** The Task state whose task failed last (a workflow's own retry loop re-enters it after a Wait). */
  failedTaskState: string | undefined;
}

export class LiveView {
  readonly #lanes = new HistoryLanes();
  readonly #state = new Map<HistoryLane, LaneState>();
  readonly #running = new Map<string, RunningTask>();
  #failedTask: RunningTask | undefined;
  #started = 0;
  #ended = false;
  readonly #failureReportFollows: boolean;

  /** `failureReportFollows`: the caller prints the failure report (failure-report.ts), which opens with the status line. */
  constructor(options: { failureReportFollows?: boolean } = {}) {
    this.#failureReportFollows = options.failureReportFollows ?? false;
  }

  #stateOf(lane: HistoryLane): LaneState {
    let state = this.#state.get(lane);
    if (!state) {
      state = { entered: new Map(), visits: new Map(), current: undefined, lastFailedState: undefined, retries: new Map(), retried: false, startedAt: 0, failedTaskState: undefined };
      this.#state.set(lane, state);
    }
    return state;
  }

  /** The lines (without newline) to print for one event; empty for events not worth a line. */
  format(event: HistoryEvent): string[] {
    const d = detailsOf(event);
    const placement = this.#lanes.place(event, d);
    const lines = this.#format(event, d, placement.lane, placement.item, placement.container);
    // Lane lines keep their indentation after the label: `  [item 2] → Run item (Task)`.
    return lines.map((line) => LiveView.labelled(placement.lane.label, line));
  }

  /** The task that stopped with a failure in the event just formatted, once (its log says why). */
  takeFailedTask(): RunningTask | undefined {
    const task = this.#failedTask;
    this.#failedTask = undefined;
    return task;
  }

  /** The label of a lane line: lines in a Map item or branch start `  [item 2] `. */
  static labelled(label: string, line: string): string {
    return label === '' ? line : `  [${label}] ${line.slice(2)}`;
  }

  /** Tasks started and not yet stopped, oldest first. */
  runningTasks(): RunningTask[] {
    return [...this.#running.values()];
  }

  /** The state each busy lane is in, outermost first; empty once the execution ended. */
  runningStates(): RunningState[] {
    if (this.#ended) return [];
    const states: RunningState[] = [];
    for (const [lane, state] of this.#state) {
      if (!state.current || lane.ended !== undefined) continue;
      if (lane.containers.some((c) => c.open && c.name === state.current?.name)) continue;
      states.push({ label: lane.label, state: state.current.name, kind: state.current.kind, since: state.current.since, retrying: this.#isRetrying(lane) });
    }
    return states;
  }

  /** True once the execution's closing event went by. */
  get ended(): boolean {
    return this.#ended;
  }

  #format(event: HistoryEvent, d: Record<string, unknown>, lane: HistoryLane, item: HistoryLane | undefined, container: LaneContainer | undefined): string[] {
    const t = event.timestamp.getTime();
    const type = event.type;
    const laneState = this.#stateOf(lane);
    if (type === 'ExecutionStarted') {
      this.#started = t;
      return ['▶ execution started'];
    }
    if (type === 'ExecutionRedriven') {
      this.#started = t;
      this.#ended = false;
      return [`▶ execution redriven (redrive ${String(d.redriveCount)}): the states that did not succeed run again`];
    }
    if (type === 'MapIterationStarted' && item && container) {
      this.#stateOf(item).startedAt = t;
      return [`    ⇉ item ${String(d.index)} started`];
    }
    if (/^MapIteration(Succeeded|Failed|Aborted)$/.test(type) && item && container) {
      const itemState = this.#stateOf(item);
      const took = itemState.startedAt ? `  ${duration(t - itemState.startedAt)}` : '';
      const word = { Succeeded: '✔ item %d done', Failed: '✖ item %d failed', Aborted: '✖ item %d aborted' }[item.ended ?? 'Succeeded'].replace('%d', String(d.index));
      return [`    ${word}${took} · ${this.#progress(container)}`];
    }
    if (type.endsWith('StateEntered')) {
      const name = String(d.name);
      const visits = (laneState.visits.get(name) ?? 0) + 1;
      laneState.visits.set(name, visits);
      if (visits > 1) laneState.retried = true;
      laneState.entered.set(name, [...(laneState.entered.get(name) ?? []), t]);
      const kind = type.slice(0, -'StateEntered'.length);
      laneState.current = { name, kind, since: t };
      laneState.lastFailedState = undefined;
      const lines = [`  → ${name} (${kind})${visits > 1 ? `  attempt ${visits}` : ''}`];
      const retrying = laneState.failedTaskState;
      if (retrying === name) laneState.failedTaskState = undefined;
      else if (retrying !== undefined && kind === 'Wait') {
        laneState.retried = true;
        lines.push(`    ↻ retrying ${retrying} (attempt ${(laneState.visits.get(retrying) ?? 1) + 1}) after this wait`);
      }
      return lines;
    }
    if (type === 'MapStateStarted' && container?.total !== undefined) return [`    ⇉ ${container.total} item${container.total === 1 ? '' : 's'}`];
    if (type.endsWith('StateExited')) {
      const name = String(d.name);
      const since = (laneState.entered.get(name) ?? []).shift();
      if (laneState.current?.name === name) laneState.current = undefined;
      const summary = type === 'MapStateExited' ? this.#closedContainer(lane, name) : '';
      return [`  ← ${name}${since !== undefined ? `  ${duration(t - since)}` : ''}${summary}`];
    }
    if (type.endsWith('StateAborted') && !/^(Map|Parallel)/.test(type)) {
      this.#forgetTasks(lane);
      const name = String(d.name ?? laneState.current?.name ?? type.slice(0, -'StateAborted'.length));
      laneState.current = undefined;
      return [`  ✖ ${name} aborted`];
    }
    const containerEnd = /^(Map|Parallel)State(Failed|Aborted)$/.exec(type);
    if (containerEnd && container) {
      const since = laneState.entered.get(container.name)?.shift();
      laneState.current = undefined;
      const took = since !== undefined ? `  ${duration(t - since)}` : '';
      const error = d.error ? `: ${String(d.error)}` : '';
      const counts = container.kind === 'Map' ? ` · ${this.#progress(container)}` : '';
      return [`  ✖ ${container.name} ${containerEnd[2] === 'Failed' ? 'failed' : 'aborted'}${took}${error}${counts}`];
    }
    if (type === 'TaskScheduled') {
      // A Task state's own Retry shows as another TaskScheduled after a failure, without leaving the state.
      if (laneState.lastFailedState === undefined || laneState.lastFailedState !== laneState.current?.name) return [];
      laneState.lastFailedState = undefined;
      laneState.retried = true;
      const state = laneState.current.name;
      const retry = (laneState.retries.get(state) ?? 0) + 1;
      laneState.retries.set(state, retry);
      return [`    ↻ retry ${retry} of ${state}`];
    }
    if (type === 'TaskSubmitted') {
      const task = firstTask(parseJson(d.output) as EcsTaskJson | undefined);
      if (task?.TaskArn) {
        this.#running.set(task.TaskArn, {
          taskArn: task.TaskArn,
          ...(task.TaskDefinitionArn ? { taskDefinitionArn: task.TaskDefinitionArn } : {}),
          containerNames: (task.Containers ?? []).map((c) => c.Name).filter((n): n is string => typeof n === 'string'),
          label: lane.label,
          state: laneState.current?.name ?? '',
          since: t,
        });
      }
      const id = taskId(task?.TaskArn);
      return [`    ▷ task ${id ? `${id} ` : ''}started (${String(d.resourceType)}:${String(d.resource)})`];
    }
    if (type === 'TaskSucceeded' || type === 'TaskFailed' || type === 'TaskTimedOut') {
      laneState.lastFailedState = type === 'TaskSucceeded' ? undefined : laneState.current?.name;
      laneState.failedTaskState = laneState.lastFailedState;
      const payload = firstTask(parseJson(type === 'TaskSucceeded' ? d.output : d.cause) as EcsTaskJson | undefined);
      const stopped = payload?.TaskArn !== undefined ? this.#running.get(payload.TaskArn) : undefined;
      if (type !== 'TaskSucceeded') this.#failedTask = stopped;
      const began = stopped?.since;
      if (payload?.TaskArn) this.#running.delete(payload.TaskArn);
      else this.#forgetTasks(lane);
      const took = began !== undefined ? `  ${duration(t - began)}` : '';
      if (payload && typeof payload === 'object' && (payload.Containers || payload.StopCode)) {
        const mark = type === 'TaskSucceeded' ? '■' : '✖';
        const error = type === 'TaskSucceeded' ? '' : `  ${String(d.error ?? '')}`;
        return [`    ${mark} task ${taskId(payload.TaskArn) ?? ''} stopped: ${exitSummary(payload)}${took}${error}`];
      }
      if (type === 'TaskSucceeded') return [`    ■ task succeeded${took}`];
      return [`    ✖ task ${type === 'TaskTimedOut' ? 'timed out' : 'failed'}: ${String(d.error ?? '')}${d.cause ? ` (${truncate(String(d.cause))})` : ''}`];
    }
    if (type === 'TaskStartFailed' || type === 'TaskSubmitFailed') return [`    ✖ task could not start: ${String(d.error ?? '')} ${truncate(String(d.cause ?? ''))}`];
    if (type.startsWith('Execution')) {
      this.#ended = true;
      this.#running.clear();
      const status = type.slice('Execution'.length).toUpperCase().replace('TIMEDOUT', 'TIMED_OUT');
      if (status !== 'SUCCEEDED' && status !== 'STARTED' && this.#failureReportFollows) return [];
      const took = this.#started ? ` in ${duration(t - this.#started)}` : '';
      return [`${status === 'SUCCEEDED' ? '✔' : '✖'} ${status}${took}${d.error ? `: ${String(d.error)}` : ''}`];
    }
    return [];
  }

  /** " · 4/4 done" for a Map leaving its state (nothing for a Parallel). */
  #closedContainer(lane: HistoryLane, name: string): string {
    const container = [...lane.containers].reverse().find((c) => c.name === name);
    return container?.kind === 'Map' ? ` · ${this.#progress(container)}` : '';
  }

  /** "3/10 done (1 failed, 2 retrying)". */
  #progress(container: LaneContainer): string {
    const items = [...container.children.values()];
    const ended = items.filter((i) => i.ended !== undefined);
    const failed = ended.filter((i) => i.ended === 'Failed').length;
    const aborted = ended.filter((i) => i.ended === 'Aborted').length;
    const retrying = items.filter((i) => i.ended === undefined && this.#isRetrying(i)).length;
    const notes = [failed ? `${failed} failed` : '', aborted ? `${aborted} aborted` : '', retrying ? `${retrying} retrying` : ''].filter(Boolean);
    return `${ended.length}/${container.total ?? items.length} done${notes.length ? ` (${notes.join(', ')})` : ''}`;
  }

  /** Retried before, or its task failed and it has not moved on: a Retry's wait (a failure without one ends the lane at once). */
  #isRetrying(lane: HistoryLane): boolean {
    const state = this.#state.get(lane);
    return state !== undefined && (state.retried || (state.lastFailedState !== undefined && state.lastFailedState === state.current?.name));
  }

  #forgetTasks(lane: HistoryLane): void {
    for (const [arn, task] of this.#running) if (task.label === lane.label) this.#running.delete(arn);
  }
}

function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
