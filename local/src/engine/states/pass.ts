/** Pass: its result is `Result` when given (JSONPath), else its effective input. */
import type { PassState } from '../../asl/types.js';
import type { StateEnv, StepResult } from '../execution-env.js';

export async function runPass(state: PassState, input: unknown, env: StateEnv): Promise<StepResult> {
  const result = env.query.name === 'JSONPath' && state.Result !== undefined ? state.Result : input;
  return { result };
}
