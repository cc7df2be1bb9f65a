/** Fail: ends its lane with Error and Cause (literal, *Path, or JSONata expression). */
import type { FailState } from '../../asl/types.js';
import { failFieldNotString } from '../causes.js';
import { StatesError } from '../errors.js';
import type { StateEnv, StepResult } from '../execution-env.js';

export async function runFail(state: FailState, input: unknown, env: StateEnv): Promise<StepResult> {
  const io = { rawInput: env.rawInput, effectiveInput: input };
  const error = await env.query.fieldValue(state.Error, state.ErrorPath, io, env.scope, 'Error');
  const cause = await env.query.fieldValue(state.Cause, state.CausePath, io, env.scope, 'Cause');
  for (const [field, value] of [['Error', error], ['Cause', cause]] as const) {
    if (value !== undefined && typeof value !== 'string') throw failFieldNotString(field, value, env.query.name);
  }
  throw new StatesError((error as string | undefined) ?? null, cause as string | undefined);
}
