/**
 * What a redriven execution keeps from its previous attempts, derived from their history alone (so a
 * redrive after a runtime restart needs nothing but the persisted events): for every lane (the
 * execution, each Parallel branch, each Map iteration) either the output it ended with, or the state
 * it was in when the attempt ended and that state's input. DG "Redriving executions": states that
 * succeeded are not rerun and keep their outputs; a Map reruns only the iterations that failed, were
 * aborted or never started; a Parallel only the branches that did not succeed.
 *
 * Lanes are told apart by the key the engine reports with each event (never part of the AWS event).
 */
import type { HistoryEvent, LaneEvent } from './types.js';

/** The execution's own lane. */
export const TOP_LANE = '[]';

/** The key of a Map iteration's or Parallel branch's lane inside `parent`. */
export function childLaneKey(parent: string, stateName: string, kind: 'item' | 'branch', index: number): string {
  const segments = JSON.parse(parent) as unknown[];
  return JSON.stringify([...segments, [stateName, kind, index]]);
}

interface LaneProgress {
  /** The last state entered on the lane and its raw input. */
  state: string;
  input: unknown;
  /** Set when that state exited: the lane ended there with this output. */
  exited?: { output: unknown };
  /** The variables the lane's states assigned so far (StateExited assignedVariables, in order). */
  variables: Record<string, unknown>;
}

function stateDetails(event: HistoryEvent, key: 'stateEnteredEventDetails' | 'stateExitedEventDetails', payload: 'input' | 'output'): { name: string; value: unknown } | undefined {
  const details = event[key] as { name?: unknown; input?: unknown; output?: unknown } | undefined;
  const text = details?.[payload];
  if (typeof details?.name !== 'string' || typeof text !== 'string') return undefined;
  return { name: details.name, value: JSON.parse(text) as unknown };
}

/**
 * The replay of a previous attempt. Each lane's entry is used once (take*): a Map or Parallel that runs
 * again later in the redriven attempt (a retry, a loop) runs all of its lanes afresh.
 */
export class RedrivePlan {
  readonly #lanes = new Map<string, LaneProgress>();

  constructor(previous: readonly LaneEvent[]) {
    for (const { event, lane } of previous) {
      if (lane === undefined) continue;
      if (event.type.endsWith('StateEntered')) {
        const entered = stateDetails(event, 'stateEnteredEventDetails', 'input');
        if (entered) this.#lanes.set(lane, { state: entered.name, input: entered.value, variables: this.#lanes.get(lane)?.variables ?? {} });
      } else if (event.type.endsWith('StateExited')) {
        const exited = stateDetails(event, 'stateExitedEventDetails', 'output');
        const progress = this.#lanes.get(lane);
        if (exited && progress) {
          progress.exited = { output: exited.value };
          const assigned = (event.stateExitedEventDetails as { assignedVariables?: Record<string, string> }).assignedVariables ?? {};
          for (const [name, text] of Object.entries(assigned)) progress.variables[name] = JSON.parse(text) as unknown;
        }
      } else if (event.type === 'MapStateStarted' || event.type === 'ParallelStateStarted') {
        // A new run of the state (a retry, a later visit): only its last run's lanes count.
        const state = this.#lanes.get(lane)?.state;
        if (state !== undefined) this.#forgetChildren(lane, state);
      }
    }
  }

  #forgetChildren(parent: string, stateName: string): void {
    // '[…,["Map",' — the keys of every lane the state `stateName` on `parent` runs.
    const prefix = JSON.stringify([...(JSON.parse(parent) as unknown[]), [stateName, '']]).slice(0, -4);
    for (const key of [...this.#lanes.keys()]) if (key.startsWith(prefix)) this.#lanes.delete(key);
  }

  /** A lane that ended successfully in the previous attempt: its output (used once). */
  takeDone(lane: string): { output: unknown } | undefined {
    const progress = this.#lanes.get(lane);
    if (!progress?.exited) return undefined;
    this.#lanes.delete(lane);
    return progress.exited;
  }

  /**
   * Where a lane that did not end resumes: the state it was in, that state's input and the variables
   * the lane had assigned before it (used once).
   */
  takeResume(lane: string): { state: string; input: unknown; variables: Record<string, unknown> } | undefined {
    const progress = this.#lanes.get(lane);
    if (!progress || progress.exited) return undefined;
    this.#lanes.delete(lane);
    return { state: progress.state, input: progress.input, variables: progress.variables };
  }
}
