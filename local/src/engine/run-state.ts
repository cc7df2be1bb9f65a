/**
 * The envelope every state runs in: StateEntered, the query strategy's input processing, the
 * state-type module, output processing and Assign, then StateExited; around the body, Retry (a loop,
 * counters per retrier kept across visits) and Catch. State modules never see Retry or Catch.
 */
import type { State, StateMachineDefinition } from '../asl/types.js';
import { stateContext, withTaskToken } from './context-object.js';
import type { ExecutionEnv, Lane, RunBranch, StateEnv } from './execution-env.js';
import { NOT_TRUNCATED } from './history.js';
import { serialisePayload } from './payload-limit.js';
import type { EvaluationScope, Variables } from './query/scope.js';
import { retryDelaySeconds } from './retry.js';
import { chooseCatcher, chooseRetry, nextState, queryStrategyFor, retrierCount, usesTaskToken } from './state-decisions.js';
import { runStateBody } from './states/dispatch.js';
import { errorOutput, toStatesError } from './to-states-error.js';
import { LocatedStateFailure, locate, resultTooLarge } from './causes.js';
import { StatesError } from './errors.js';
import { stateExitedType, type HistoryEventType } from './history-event-types.js';

export interface StateOutcome {
  readonly output: unknown;
  /** Undefined when the lane ends here (End, Succeed). */
  readonly next: string | undefined;
  readonly variables: Variables;
}

/** States that leave an Aborted event when their lane is interrupted while they run. */
const ABORT_EVENT: Partial<Record<State['Type'], HistoryEventType>> = { Task: 'TaskStateAborted', Wait: 'WaitStateAborted' };
/** States that record their own failure once no retrier takes it (AWS-recorded: none before a retry). */
const FAILED_EVENT: Partial<Record<State['Type'], HistoryEventType>> = { Map: 'MapStateFailed', Parallel: 'ParallelStateFailed' };

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
  const query = queryStrategyFor(state, exec.rootLanguage);
  const enteredTime = new Date(clock.now()).toISOString();
  const beforeEnteredId = lane.cursor.last;
  const enteredId = history.emit(lane.cursor, `${state.Type}StateEntered`, {
    name,
    input: serialisePayload(rawInput, `input of state '${name}'`, exec.limits.maxPayloadBytes),
    inputDetails: NOT_TRUNCATED,
  });
  let counts = lane.retryCounts.get(name);
  if (!counts && retrierCount(state) > 0) {
    counts = new Array<number>(retrierCount(state)).fill(0);
    lane.retryCounts.set(name, counts);
  }
  const exitedType = stateExitedType(state.Type);
  const exited = (output: unknown, assigned: Variables | undefined): void => {
    if (!exitedType) return;
    let text: string;
    try {
      text = serialisePayload(output, `output of state '${name}'`, exec.limits.maxPayloadBytes);
    } catch (error) {
      if (error instanceof StatesError) throw resultTooLarge(name);
      throw error;
    }
    history.emit(lane.cursor, exitedType, {
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
      const next = nextState(state, step.next);
      const assigned = processed.assigned || step.assigned ? { ...processed.assigned, ...step.assigned } : undefined;
      exited(output, assigned);
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
      const retry = counts && chooseRetry(state, error.error, (index) => counts[index] ?? 0);
      if (retry && counts) {
        counts[retry.index] = retry.attempt;
        const delayMs = retryDelaySeconds(retry.retrier, retry.attempt, clock.random) * 1000 * exec.timeScale;
        await clock.sleep(delayMs, lane.signal);
        continue;
      }
      const failedEvent = FAILED_EVENT[state.Type];
      const raisedHereWithoutEvent = error instanceof LocatedStateFailure && error.enteredEventId === enteredId && !error.failure.writesStateFailedEvent;
      if (failedEvent && !raisedHereWithoutEvent) history.emit(lane.cursor, failedEvent);
      const catcher = chooseCatcher(state, error.error)?.catcher;
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
