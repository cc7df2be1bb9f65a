/** Fail: ends its lane with Error and Cause (literal, *Path, or JSONata expression). */
import type { FailState } from '../../asl/types.js';
import { STATES_ERRORS, StatesError } from '../errors.js';
import { preview } from '../payload-limit.js';
import type { StateEnv, StepResult } from '../execution-env.js';

export async function runFail(state: FailState, input: unknown, env: StateEnv): Promise<StepResult> {
  const io = { rawInput: env.rawInput, effectiveInput: input };
  const error = await env.query.fieldValue(state.Error, state.ErrorPath, io, env.scope);
  const cause = await env.query.fieldValue(state.Cause, state.CausePath, io, env.scope);
  for (const [field, value] of [['Error', error], ['Cause', cause]] as const) {
    if (value !== undefined && typeof value !== 'string') {
      throw new StatesError(STATES_ERRORS.Runtime, `The Fail state's ${field} must be a string, got ${preview(value)}`);
    }
  }
  throw new StatesError((error as string | undefined) ?? null, cause as string | undefined);
}
