/**
 * The envelope every state runs in: StateEntered, the query strategy's input processing, the
 * state-type module, output processing and Assign, then StateExited; around the body, Retry (a loop,
 * counters per retrier kept across visits) and Catch. State modules never see Retry or Catch.
 */
import type { Catcher, Retrier, State, StateMachineDefinition } from '../asl/types.js';
import { parseResourceArn } from './resource-arn.js';
import { stateContext, withTaskToken } from './context-object.js';
import { errorMatches } from './error-matching.js';
import type { ExecutionEnv, Lane, RunBranch, StateEnv } from './execution-env.js';
import { NOT_TRUNCATED } from './history.js';
import { serialisePayload } from './payload-limit.js';
import { jsonataStrategy } from './query/jsonata-strategy.js';
import { jsonPathStrategy } from './query/jsonpath-strategy.js';
import type { QueryStrategy } from './query/query-language.js';
import type { EvaluationScope, Variables } from './query/scope.js';
import { maxAttempts, retryDelaySeconds } from './retry.js';
import { runStateBody } from './states/dispatch.js';
import { errorOutput, toStatesError } from './to-states-error.js';
import { LocatedStateFailure, locate, resultTooLarge } from './causes.js';
import { StatesError } from './errors.js';

export interface StateOutcome {
  readonly output: unknown;
  /** Undefined when the lane ends here (End, Succeed). */
  readonly next: string | undefined;
  readonly variables: Variables;
}

const NO_RETRIERS: readonly Retrier[] = [];
const NO_CATCHERS: readonly Catcher[] = [];
/** States that leave an Aborted event when their lane is interrupted while they run. */
const ABORT_EVENT: Partial<Record<State['Type'], string>> = { Task: 'TaskStateAborted', Wait: 'WaitStateAborted' };
/** States that record their own failure once no retrier takes it (AWS-recorded: none before a retry). */
const FAILED_EVENT: Partial<Record<State['Type'], string>> = { Map: 'MapStateFailed', Parallel: 'ParallelStateFailed' };

function strategyFor(state: State, exec: ExecutionEnv): QueryStrategy {
  return (state.QueryLanguage ?? exec.rootLanguage) === 'JSONata' ? jsonataStrategy : jsonPathStrategy;
}

/**
 * Task states that get a token in $$.Task.Token: callback tasks, and .sync tasks, whose job may
 * send SendTaskHeartbeat (and SendTaskSuccess/Failure) with it, "optionally [by] Task states using
 * the job run pattern" (BC-SFN); LocalStack does the same. A fresh token per attempt.
 */
function usesTaskToken(state: State): boolean {
  return state.Type === 'Task' && parseResourceArn(state.Resource).pattern !== 'request-response';
}

function withAssigned(variables: Variables, ...assigned: (Variables | undefined)[]): Variables {
  const defined = assigned.filter((a): a is Variables => a !== undefined);
  return defined.length === 0 ? variables : Object.assign({}, variables, ...defined);
}

export async function runState(
  name: string,
  state: State,
  rawInput: unknown,
  lane: Lane,
  variables: Variables,
  exec: ExecutionEnv,
  runBranch: RunBranch,
): Promise<StateOutcome> {
  const { history, clock } = exec;
  const query = strategyFor(state, exec);
  const enteredTime = new Date(clock.now()).toISOString();
  const beforeEnteredId = lane.cursor.last;
  const enteredId = history.emit(lane.cursor, `${state.Type}StateEntered`, {
    name,
    input: serialisePayload(rawInput, `input of state '${name}'`, exec.limits.maxPayloadBytes),
    inputDetails: NOT_TRUNCATED,
  });
  const retriers = 'Retry' in state && state.Retry ? state.Retry : NO_RETRIERS;
  const catchers = 'Catch' in state && state.Catch ? state.Catch : NO_CATCHERS;
  let counts = lane.retryCounts.get(name);
  if (!counts && retriers.length > 0) {
    counts = retriers.map(() => 0);
    lane.retryCounts.set(name, counts);
  }
  const exited = (output: unknown, assigned: Variables | undefined): void => {
    let text: string;
    try {
      text = serialisePayload(output, `output of state '${name}'`, exec.limits.maxPayloadBytes);
    } catch (error) {
      if (error instanceof StatesError) throw resultTooLarge(name);
      throw error;
    }
    history.emit(lane.cursor, `${state.Type}StateExited`, {
      name,
      output: text,
      outputDetails: NOT_TRUNCATED,
      // AWS records each assigned variable's value as JSON text (hist-assign-ref-in-wait).
      ...(assigned ? { assignedVariables: Object.fromEntries(Object.entries(assigned).map(([key, value]) => [key, JSON.stringify(value) ?? 'null'])), assignedVariablesDetails: NOT_TRUNCATED } : {}),
    });
  };

  for (let retryCount = 0; ; retryCount++) {
    let context = stateContext(exec.execution, exec.executionInput, { name, enteredTime, retryCount });
    const taskToken = usesTaskToken(state) ? exec.taskTokens.issue() : undefined;
    if (taskToken !== undefined) context = withTaskToken(context, taskToken);
    const scope: EvaluationScope = { context, variables, random: clock.random };
    try {
      const input = await query.effectiveInput(state, rawInput, scope);
      const env: StateEnv = { exec, lane, stateName: name, rawInput, query, scope, runBranch, ...(taskToken !== undefined ? { taskToken } : {}) };
      const step = await runStateBody(state, input, env);
      const processed = await query.stateOutput(state, rawInput, step.result, scope);
      const output = step.output ? step.output.value : processed.output;
      const next = state.Type === 'Succeed' || ('End' in state && state.End) ? undefined : (step.next ?? ('Next' in state ? state.Next : undefined));
      const assigned = processed.assigned || step.assigned ? { ...processed.assigned, ...step.assigned } : undefined;
      if (state.Type !== 'Fail') exited(output, assigned);
      return { output, next, variables: withAssigned(variables, processed.assigned, step.assigned) };
    } catch (thrown) {
      if (lane.signal.aborted) {
        const abortEvent = ABORT_EVENT[state.Type];
        if (abortEvent) history.emit(lane.cursor, abortEvent);
        throw lane.signal.reason;
      }
      const error = locate(toStatesError(thrown), name, enteredId);
      if (error instanceof LocatedStateFailure && error.enteredEventId === enteredId && error.failure.evaluation) {
        const { evaluation } = error.failure;
        const chainedTo = evaluation.chainsTo === 'stateEntered' ? enteredId : beforeEnteredId;
        lane.cursor.last = history.emit({ last: chainedTo }, 'EvaluationFailed', {
          cause: error.cause,
          error: error.error,
          ...(evaluation.location !== undefined ? { location: evaluation.location } : {}),
          state: name,
        });
      }
      const retrierIndex = retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, error.error));
      const retrier = retriers[retrierIndex];
      if (retrier && counts) {
        const used = counts[retrierIndex] ?? 0;
        if (used < maxAttempts(retrier)) {
          counts[retrierIndex] = used + 1;
          const delayMs = retryDelaySeconds(retrier, used + 1, clock.random) * 1000 * exec.timeScale;
          await clock.sleep(delayMs, lane.signal);
          continue;
        }
      }
      const failedEvent = FAILED_EVENT[state.Type];
      const raisedHereWithoutEvent = error instanceof LocatedStateFailure && error.enteredEventId === enteredId && !error.failure.writesStateFailedEvent;
      if (failedEvent && !raisedHereWithoutEvent) history.emit(lane.cursor, failedEvent);
      const catcher = catchers.find((c) => errorMatches(c.ErrorEquals, error.error));
      if (!catcher) throw error;
      const caught = await query.catchOutput(catcher, rawInput, errorOutput(error), scope);
      exited(caught.output, caught.assigned);
      return { output: caught.output, next: catcher.Next, variables: withAssigned(variables, caught.assigned) };
    }
  }
}

/** Runs states from StartAt until one ends the lane; returns the lane's output. */
export async function runStates(
  definition: StateMachineDefinition,
  input: unknown,
  lane: Lane,
  variables: Variables,
  exec: ExecutionEnv,
): Promise<unknown> {
  const runBranch: RunBranch = (branch, branchInput, branchLane, branchVariables) =>
    runStates(branch, branchInput, branchLane, branchVariables, exec);
  // Redriven: a lane that did not end resumes at the state it was in, with that state's input.
  const resume = exec.redrive?.takeResume(lane.key);
  let name = resume?.state ?? definition.StartAt;
  let value = resume ? resume.input : input;
  let current = resume ? withAssigned(variables, resume.variables) : variables;
  for (;;) {
    const state = definition.States[name];
    if (!state) throw toStatesError(new Error(`The state '${name}' does not exist in the definition`));
    const outcome = await runState(name, state, value, lane, current, exec, runBranch);
    value = outcome.output;
    current = outcome.variables;
    if (outcome.next === undefined) return value;
    name = outcome.next;
  }
}
