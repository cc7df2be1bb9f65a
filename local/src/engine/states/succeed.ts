/** Succeed: ends its lane with the effective input as output. */
import type { SucceedState } from '../../asl/types.js';
import type { StateEnv, StepResult } from '../execution-env.js';

export async function runSucceed(_state: SucceedState, input: unknown, _env: StateEnv): Promise<StepResult> {
  return { result: input };
}
