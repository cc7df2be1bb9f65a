/**
 * The decisions of a state's envelope, as pure functions shared by an execution (run-state.ts) and
 * TestState (test-state.ts): which query language a state uses, whether it gets a task token, where the
 * lane goes next, and which retrier or catcher takes an error.
 */
import type { Catcher, Retrier, State } from '../asl/types.js';
import { errorMatches } from './error-matching.js';
import { jsonataStrategy } from './query/jsonata-strategy.js';
import { jsonPathStrategy } from './query/jsonpath-strategy.js';
import type { QueryStrategy } from './query/query-language.js';
import type { QueryLanguageName } from '../asl/types.js';
import { parseResourceArn } from './resource-arn.js';
import { maxAttempts } from './retry.js';

/** The state's QueryLanguage, else the machine's (default JSONPath). */
export function queryStrategyFor(state: State, rootLanguage: QueryLanguageName): QueryStrategy {
  return (state.QueryLanguage ?? rootLanguage) === 'JSONata' ? jsonataStrategy : jsonPathStrategy;
}

/**
 * Task states that get a token in $$.Task.Token: callback tasks, and .sync tasks, whose job may
 * send SendTaskHeartbeat (and SendTaskSuccess/Failure) with it, "optionally [by] Task states using
 * the job run pattern" (BC-SFN); LocalStack does the same. A fresh token per attempt.
 */
export function usesTaskToken(state: State): boolean {
  return state.Type === 'Task' && parseResourceArn(state.Resource).pattern !== 'request-response';
}

/** The state that runs next after a success: undefined when the lane ends here (End, Succeed); a Choice's pick comes first. */
export function nextState(state: State, chosen: string | undefined): string | undefined {
  if (state.Type === 'Succeed' || ('End' in state && state.End)) return undefined;
  return chosen ?? ('Next' in state ? state.Next : undefined);
}

const retriersOf = (state: State): readonly Retrier[] => ('Retry' in state && state.Retry ? state.Retry : []);
const catchersOf = (state: State): readonly Catcher[] => ('Catch' in state && state.Catch ? state.Catch : []);

/**
 * The retry an error gets: the first retrier whose ErrorEquals matches takes it, while it has attempts
 * left (`used(index)` retries spent); none when no retrier matches or the matching one is exhausted
 * (a later retrier is not tried, as on AWS). `attempt` is the retry's number, 1-based.
 */
export function chooseRetry(state: State, error: string | null, used: (index: number) => number): { index: number; retrier: Retrier; attempt: number } | undefined {
  const retriers = retriersOf(state);
  const index = retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, error));
  const retrier = retriers[index];
  if (!retrier) return undefined;
  const spent = used(index);
  return spent < maxAttempts(retrier) ? { index, retrier, attempt: spent + 1 } : undefined;
}

/** The first catcher whose ErrorEquals matches the error, if any. */
export function chooseCatcher(state: State, error: string | null): { index: number; catcher: Catcher } | undefined {
  const catchers = catchersOf(state);
  const index = catchers.findIndex((catcher) => errorMatches(catcher.ErrorEquals, error));
  const catcher = catchers[index];
  return catcher ? { index, catcher } : undefined;
}

/** How many retriers the state has (run-state keeps a count per retrier and state). */
export function retrierCount(state: State): number {
  return retriersOf(state).length;
}
