/** Wait: Seconds, SecondsPath, Timestamp or TimestampPath, scaled by timeScale; aborts with its lane. */
import type { WaitState } from '../../asl/types.js';
import { secondsPathNegative, secondsPathNotLong, timestampPathInvalid, waitSecondsInvalid, waitTimestampUnparsable, waitTooLong } from '../causes.js';
import type { StateEnv, StepResult } from '../execution-env.js';
import { parseOffsetDateTime } from '../iso-timestamp.js';

/**
 * AWS keeps a Wait's delay in seconds as a Java int: 24,855 days ahead waits, 24,856 days fails with
 * "Wait state delay is too long." (test_timestamp_too_far_in_future_boundary).
 */
const MAX_DELAY_SECONDS = 2 ** 31 - 1;

async function waitSeconds(state: WaitState, input: unknown, env: StateEnv): Promise<number> {
  const io = { rawInput: env.rawInput, effectiveInput: input };
  const seconds = await env.query.fieldValue(state.Seconds, state.SecondsPath, io, env.scope, 'Seconds');
  if (state.SecondsPath !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds)) throw secondsPathNotLong(state.SecondsPath, seconds);
    if (seconds < 0) throw secondsPathNegative(state.SecondsPath, seconds);
  } else if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
    throw waitSecondsInvalid(seconds);
  }
  return seconds;
}

async function waitUntil(state: WaitState, input: unknown, env: StateEnv): Promise<number> {
  const io = { rawInput: env.rawInput, effectiveInput: input };
  const timestamp = await env.query.fieldValue(state.Timestamp, state.TimestampPath, io, env.scope, 'Timestamp');
  const at = typeof timestamp === 'string' ? parseOffsetDateTime(timestamp) : undefined;
  if (at === undefined) {
    throw state.TimestampPath !== undefined ? timestampPathInvalid(state.TimestampPath, timestamp) : waitTimestampUnparsable(timestamp);
  }
  return Math.max(0, (at - env.exec.clock.now()) / 1000);
}

export async function runWait(state: WaitState, input: unknown, env: StateEnv): Promise<StepResult> {
  const { clock, timeScale } = env.exec;
  const delaySeconds = state.Seconds !== undefined || state.SecondsPath !== undefined ? await waitSeconds(state, input, env) : await waitUntil(state, input, env);
  if (delaySeconds > MAX_DELAY_SECONDS) throw waitTooLong();
  await clock.sleep(delaySeconds * 1000 * timeScale, env.lane.signal);
  return { result: input };
}
