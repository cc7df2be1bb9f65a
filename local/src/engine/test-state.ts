/**
 * TestState: runs one state in isolation and reports each step of its data flow (BC-SFN
 * TestStateInput/TestStateOutput; DG "Using TestState API to test a state"). Retry and Catch are not
 * run: a matching retrier gives RETRIABLE (with the back-off it would wait), a matching catcher gives
 * CAUGHT_ERROR with the catcher's output and Next. A Wait state does not wait.
 */
import type { Catcher, Retrier, State } from '../asl/types.js';
import type { IntegrationResolver } from './integration.js';
import { parseResourceArn } from './resource-arn.js';
import { stateContext, withTaskToken, type ContextObject } from './context-object.js';
import { errorMatches } from './error-matching.js';
import { STATES_ERRORS, StatesError } from './errors.js';
import { newLane, type ExecutionEnv, type StateEnv } from './execution-env.js';
import { HistoryWriter } from './history.js';
import { resolveLimits } from './limits.js';
import { applyPath, applyResultPath, evaluatePayloadTemplate } from './query/jsonpath.js';
import { jsonataStrategy } from './query/jsonata-strategy.js';
import { jsonPathStrategy } from './query/jsonpath-strategy.js';
import type { EvaluationScope, Variables } from './query/scope.js';
import { maxAttempts, retryDelaySeconds } from './retry.js';
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
  const query = state.QueryLanguage === 'JSONata' ? jsonataStrategy : jsonPathStrategy;
  // As in an execution (run-state.ts): callback and .sync tasks get a token in $$.Task.Token.
  const needsToken = state.Type === 'Task' && parseResourceArn(state.Resource).pattern !== 'request-response';
  const token = needsToken ? run.taskTokens.issue() : undefined;
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
    const producesResult = state.Type === 'Task' || state.Type === 'Map' || state.Type === 'Parallel' || state.Type === 'Pass';
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
    const ends = state.Type === 'Succeed' || ('End' in state && state.End === true);
    const next = ends ? undefined : (step.next ?? ('Next' in state ? state.Next : undefined));
    return finish({ status: 'SUCCEEDED', output: json(output), ...(next !== undefined ? { nextState: next } : {}), inspectionData: inspection });
  } catch (thrown) {
    // TestState's own time limit ends the state as States.Timeout (BC-SFN TestState documentation).
    const error = run.signal.aborted ? new StatesError(STATES_ERRORS.Timeout, 'TestState ran for longer than its time limit') : toStatesError(thrown);
    const failed = {
      ...(error.error !== null ? { error: error.error } : {}),
      ...(typeof error.cause === 'string' ? { cause: error.cause } : {}),
    };
    const retriers: readonly Retrier[] = 'Retry' in state && state.Retry ? state.Retry : [];
    const retryIndex = retriers.findIndex((r) => errorMatches(r.ErrorEquals, error.error));
    const retrier = retriers[retryIndex];
    const used = run.retrierRetryCount ?? 0;
    if (retrier && used < maxAttempts(retrier)) {
      const backoff = Math.round(retryDelaySeconds({ ...retrier, JitterStrategy: 'NONE' }, used + 1, run.clock.random));
      return finish({ status: 'RETRIABLE', ...failed, inspectionData: { ...inspection, errorDetails: { retryIndex, retryBackoffIntervalSeconds: backoff } } });
    }
    const catchers: readonly Catcher[] = 'Catch' in state && state.Catch ? state.Catch : [];
    const catchIndex = catchers.findIndex((c) => errorMatches(c.ErrorEquals, error.error));
    const catcher = catchers[catchIndex];
    if (catcher) {
      const caught = await query.catchOutput(catcher, run.input, errorOutput(error), scope);
      if (caught.assigned) inspection.variables = json({ ...run.variables, ...caught.assigned });
      return finish({ status: 'CAUGHT_ERROR', ...failed, output: json(caught.output), nextState: catcher.Next, inspectionData: { ...inspection, errorDetails: { catchIndex } } });
    }
    return finish({ status: 'FAILED', ...failed, inspectionData: inspection });
  }
}
