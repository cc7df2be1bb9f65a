/**
 * The task tokens still waiting in an execution's history, each with the state that handed it out.
 * A Task's events chain through previousEventId within their lane (a Map iteration or a Parallel
 * branch has its own), so each TaskScheduled is tied to the state entered just before it in its lane,
 * and a task's end (succeeded, failed, timed out) or its state's exit closes it.
 */
import type { HistoryEvent } from '../engine/types.js';

/** AWS task tokens in this runtime: 128 base64url characters. */
const TASK_TOKEN = /[A-Za-z0-9_-]{128}/;
const TASK_ENDS = new Set(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed']);

export interface WaitingToken {
  readonly stateName: string;
  readonly token: string;
}

export function waitingTaskTokens(events: readonly HistoryEvent[]): WaitingToken[] {
  /** The state of each lane event: TaskStateEntered ids and everything chained after them. */
  const stateOf = new Map<number, string>();
  const open = new Map<number, { stateName: string; token?: string }>();
  /** The TaskScheduled an event descends from, following previousEventId within its lane. */
  const scheduledOf = new Map<number, number>();
  for (const event of events) {
    const id = event.id;
    const previous = event.previousEventId;
    if (event.type.endsWith('StateEntered')) {
      stateOf.set(id, (event.stateEnteredEventDetails as { name: string }).name);
      continue;
    }
    const state = stateOf.get(previous);
    if (state !== undefined) stateOf.set(id, state);
    if (event.type === 'TaskScheduled') {
      const parameters = String((event.taskScheduledEventDetails as { parameters?: string } | undefined)?.parameters ?? '');
      const token = TASK_TOKEN.exec(parameters)?.[0];
      open.set(id, { stateName: state ?? '', ...(token ? { token } : {}) });
      scheduledOf.set(id, id);
      continue;
    }
    const scheduled = scheduledOf.get(previous);
    if (scheduled !== undefined) scheduledOf.set(id, scheduled);
    if (TASK_ENDS.has(event.type) && scheduled !== undefined) open.delete(scheduled);
    if (event.type === 'TaskStateExited') {
      const name = (event.stateExitedEventDetails as { name: string }).name;
      for (const [key, entry] of open) if (entry.stateName === name && scheduledOf.get(previous) === key) open.delete(key);
    }
  }
  return [...open.values()].flatMap((entry) => (entry.token ? [{ stateName: entry.stateName, token: entry.token }] : []));
}
