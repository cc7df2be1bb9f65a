/** Wait: Seconds, SecondsPath, Timestamp or TimestampPath, scaled by timeScale; aborts with its lane. */
import type { WaitState } from '../../asl/types.js';
import { STATES_ERRORS, StatesError } from '../errors.js';
import type { StateEnv, StepResult } from '../execution-env.js';

export async function runWait(state: WaitState, input: unknown, env: StateEnv): Promise<StepResult> {
  const io = { rawInput: env.rawInput, effectiveInput: input };
  const { clock, timeScale } = env.exec;
  let waitMs: number;
  if (state.Seconds !== undefined || state.SecondsPath !== undefined) {
    const seconds = await env.query.fieldValue(state.Seconds, state.SecondsPath, io, env.scope);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StatesError(STATES_ERRORS.Runtime, `The Wait state's seconds must be a non-negative integer, got ${JSON.stringify(seconds)}`);
    }
    waitMs = seconds * 1000;
  } else {
    const timestamp = await env.query.fieldValue(state.Timestamp, state.TimestampPath, io, env.scope);
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at)) {
      throw new StatesError(STATES_ERRORS.Runtime, `The Wait state's timestamp is not an ISO-8601 timestamp: ${JSON.stringify(timestamp)}`);
    }
    waitMs = Math.max(0, at - clock.now());
  }
  await clock.sleep(waitMs * timeScale, env.lane.signal);
  return { result: input };
}
