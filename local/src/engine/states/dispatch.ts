/** Dispatch table: one module per state type, keyed by `Type` and typed so no cast is needed. */
import type { StateOfType, StateType } from '../../asl/types.js';
import type { StateEnv, StepResult } from '../execution-env.js';
import { runChoice } from './choice.js';
import { runFail } from './fail.js';
import { runMap } from './map.js';
import { runParallel } from './parallel.js';
import { runPass } from './pass.js';
import { runSucceed } from './succeed.js';
import { runTask } from './task.js';
import { runWait } from './wait.js';

export type StateHandlers = {
  readonly [T in StateType]: (state: StateOfType<T>, input: unknown, env: StateEnv) => Promise<StepResult>;
};

export const STATE_HANDLERS: StateHandlers = {
  Pass: runPass,
  Task: runTask,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap,
};

export function runStateBody<T extends StateType>(state: StateOfType<T>, input: unknown, env: StateEnv): Promise<StepResult> {
  const handler = STATE_HANDLERS[state.Type as T] as StateHandlers[T];
  return handler(state, input, env);
}
