/**
 * Parallel: runs every branch on the effective input, each in its own lane with a child signal;
 * the result is the list of branch outputs. The first failing branch aborts the others and its
 * error becomes the state's error.
 */
import type { ParallelState } from '../../asl/types.js';
import { newLane, type StateEnv, type StepResult } from '../execution-env.js';
import { childSignal, Interrupted } from '../interruption.js';
import { childLaneKey } from '../redrive-plan.js';

export async function runParallel(state: ParallelState, input: unknown, env: StateEnv): Promise<StepResult> {
  const { history } = env.exec;
  const startedId = history.emit(env.lane.cursor, 'ParallelStateStarted');
  const branches = state.Branches.map((_, index) => {
    const { signal, abort } = childSignal(env.lane.signal);
    return { signal, abort, lane: newLane(signal, startedId, childLaneKey(env.lane.key, env.stateName, 'branch', index)) };
  });
  let failure: { error: unknown; lastEventId: number } | undefined;
  const settled = await Promise.allSettled(
    state.Branches.map(async (definition, i) => {
      const branch = branches[i] as (typeof branches)[number];
      // Redriven: a branch that succeeded in the previous attempt keeps its output and writes no events.
      const kept = env.exec.redrive?.takeDone(branch.lane.key);
      if (kept) return kept.output;
      try {
        return await env.runBranch(definition, input, branch.lane, env.scope.variables);
      } catch (error) {
        if (!failure && !branch.signal.aborted) {
          failure = { error, lastEventId: branch.lane.cursor.last };
          for (const other of branches) other.abort(new Interrupted('siblingFailed'));
        }
        throw error;
      }
    }),
  );
  if (env.lane.signal.aborted) {
    env.lane.cursor.last = history.lastId;
    history.emit(env.lane.cursor, 'ParallelStateAborted');
    throw env.lane.signal.reason;
  }
  if (failure) {
    // run-state writes ParallelStateFailed (after the failing branch's last event) unless a retrier takes the error.
    env.lane.cursor.last = failure.lastEventId;
    throw failure.error;
  }
  // As AWS records Map (and Parallel) success: the Succeeded event and StateExited both follow the last event.
  env.lane.cursor.last = history.lastId;
  history.emit({ last: env.lane.cursor.last }, 'ParallelStateSucceeded');
  return { result: settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : null)) };
}
