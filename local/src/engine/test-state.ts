/**
 * TestState: runs one state in isolation and reports each step of its data flow (BC-SFN
 * TestStateInput/TestStateOutput; DG "Using TestState API to test a state"). Retry and Catch are not
 * run: a matching retrier gives RETRIABLE (with the back-off it would wait), a matching catcher gives
 * CAUGHT_ERROR with the catcher's output and Next. A Wait state does not wait.
 */
import type { State } from '../asl/types.js';
import type { IntegrationResolver } from './integration.js';
import { stateContext, withTaskToken, type ContextObject } from './context-object.js';
import { STATES_ERRORS, StatesError } from './errors.js';
import { newLane, type ExecutionEnv, type StateEnv } from './execution-env.js';
import { HistoryWriter } from './history.js';
import { resolveLimits } from './limits.js';
import { applyPath, applyResultPath, evaluatePayloadTemplate } from './query/jsonpath.js';
import { PRODUCES_RESULT } from './query/query-language.js';
import type { EvaluationScope, Variables } from './query/scope.js';
import { retryDelaySeconds } from './retry.js';
import { chooseCatcher, chooseRetry, nextState, queryStrategyFor, usesTaskToken } from './state-decisions.js';
import { runStateBody } from './states/dispatch.js';
import type { TaskTokenRegistry } from './task-tokens.js';
import { errorOutput, toStatesError } from './to-states-error.js';
import type { Clock } from './clock.js';
import type { ExecutionContext } from './types.js';

export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';
export type TestStateStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

export interface TestStateRun {
  readonly stateName: string;
  readonly state: State;
  readonly input: unknown;
  readonly variables: Variables;
  /** Overrides merged into the generated Context object (`$$`). */
  readonly context?: Partial<ContextObject>;
  readonly inspectionLevel: InspectionLevel;
  /** Retries already used by each retrier (stateConfiguration.retrierRetryCount applies to the matching one). */
  readonly retrierRetryCount?: number;
  readonly execution: ExecutionContext;
  /** The Task integrations (already mocked when the request had a mock). */
  readonly integrations: IntegrationResolver;
  readonly taskTokens: TaskTokenRegistry;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Map and Parallel run no branches: their result is the mock's. */
  readonly mockedResult?: { readonly value: unknown } | { readonly error: string; readonly cause?: string };
}

export interface InspectionData {
  input?: string;
  afterInputPath?: string;
  afterParameters?: string;
  afterArguments?: string;
  result?: string;
  afterResultSelector?: string;
  afterResultPath?: string;
  variables?: string;
  errorDetails?: { catchIndex?: number; retryIndex?: number; retryBackoffIntervalSeconds?: number };
}

export interface TestStateResult {
  readonly status: TestStateStatus;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  readonly inspectionData?: InspectionData;
}

const json = (value: unknown): string => JSON.stringify(value) ?? 'null';

export async function testState(run: TestStateRun): Promise<TestStateResult> {
  const { state, stateName } = run;
  // The caller has put the machine's QueryLanguage on the state.
  const query = queryStrategyFor(state, 'JSONPath');
  const token = usesTaskToken(state) ? run.taskTokens.issue() : undefined;
  let context = stateContext(run.execution, run.input, { name: stateName, enteredTime: new Date(run.clock.now()).toISOString(), retryCount: run.retrierRetryCount ?? 0 });
  if (token !== undefined) context = withTaskToken(context, token);
  if (run.context) context = { ...context, ...run.context } as ContextObject;
  const scope: EvaluationScope = { context, variables: run.variables, random: run.clock.random };
  const inspection: InspectionData = { input: json(run.input) };
  const exec: ExecutionEnv = {
    execution: run.execution,
    executionInput: run.input,
    integrations: run.integrations,
    taskTokens: run.taskTokens,
    clock: run.clock,
    timeScale: 0,
    history: new HistoryWriter(() => undefined, run.clock),
    limits: resolveLimits(undefined),
    rootLanguage: query.name,
  };
  const finish = (result: TestStateResult): TestStateResult => {
    if (run.inspectionLevel === 'INFO') {
      const { inspectionData: _dropped, ...rest } = result;
      return rest;
    }
    return result;
  };

  try {
    if (query.name === 'JSONPath' && state.Type !== 'Fail') {
      inspection.afterInputPath = json(applyPath(state.InputPath, run.input, scope, 'InputPath'));
    }
    const effective = await query.effectiveInput(state, run.input, scope);
    if (query.name === 'JSONPath') inspection.afterParameters = json(effective);
    else inspection.afterArguments = json(effective);

    let step;
    if ((state.Type === 'Map' || state.Type === 'Parallel') && run.mockedResult) {
      if ('error' in run.mockedResult) throw new StatesError(run.mockedResult.error, run.mockedResult.cause ?? '');
      step = { result: run.mockedResult.value };
    } else {
      const env: StateEnv = {
        exec,
        lane: newLane(run.signal, 0),
        stateName,
        rawInput: run.input,
        query,
        scope,
        runBranch: async () => {
          throw new StatesError(STATES_ERRORS.Runtime, 'TestState runs Map and Parallel states only with a mock');
        },
        ...(token !== undefined ? { taskToken: token } : {}),
      };
      step = await runStateBody(state, effective, env);
    }
    const producesResult = PRODUCES_RESULT.has(state.Type);
    if (producesResult) inspection.result = json(step.result);
    if (query.name === 'JSONPath' && producesResult) {
      const selected = 'ResultSelector' in state && state.ResultSelector ? evaluatePayloadTemplate(state.ResultSelector, step.result, scope) : step.result;
      if ('ResultSelector' in state && state.ResultSelector) inspection.afterResultSelector = json(selected);
      inspection.afterResultPath = json(applyResultPath((state as { ResultPath?: string | null }).ResultPath, run.input, selected));
    }
    const processed = await query.stateOutput(state, run.input, step.result, scope);
    const output = step.output ? step.output.value : processed.output;
    const assigned = { ...processed.assigned, ...step.assigned };
    if (Object.keys(assigned).length > 0) inspection.variables = json({ ...run.variables, ...assigned });
    if (state.Type === 'Fail') {
      // A Fail state's outcome is its error; its body threw above unless it has none.
      return finish({ status: 'FAILED', inspectionData: inspection });
    }
    const next = nextState(state, step.next);
    return finish({ status: 'SUCCEEDED', output: json(output), ...(next !== undefined ? { nextState: next } : {}), inspectionData: inspection });
  } catch (thrown) {
    // TestState's own time limit ends the state as States.Timeout (BC-SFN TestState documentation).
    const error = run.signal.aborted ? new StatesError(STATES_ERRORS.Timeout, 'TestState ran for longer than its time limit') : toStatesError(thrown);
    const failed = {
      ...(error.error !== null ? { error: error.error } : {}),
      ...(typeof error.cause === 'string' ? { cause: error.cause } : {}),
    };
    // retrierRetryCount is the count of whichever retrier matches.
    const retry = chooseRetry(state, error.error, () => run.retrierRetryCount ?? 0);
    if (retry) {
      const backoff = Math.round(retryDelaySeconds({ ...retry.retrier, JitterStrategy: 'NONE' }, retry.attempt, run.clock.random));
      return finish({ status: 'RETRIABLE', ...failed, inspectionData: { ...inspection, errorDetails: { retryIndex: retry.index, retryBackoffIntervalSeconds: backoff } } });
    }
    const caughtBy = chooseCatcher(state, error.error);
    if (caughtBy) {
      const { index: catchIndex, catcher } = caughtBy;
      const caught = await query.catchOutput(catcher, run.input, errorOutput(error), scope);
      if (caught.assigned) inspection.variables = json({ ...run.variables, ...caught.assigned });
      return finish({ status: 'CAUGHT_ERROR', ...failed, output: json(caught.output), nextState: catcher.Next, inspectionData: { ...inspection, errorDetails: { catchIndex } } });
    }
    return finish({ status: 'FAILED', ...failed, inspectionData: inspection });
  }
}
