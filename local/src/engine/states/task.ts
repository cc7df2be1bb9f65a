/**
 * Task: calls the integration registered for its Resource (request-response, .sync or
 * .waitForTaskToken), honouring TimeoutSeconds and HeartbeatSeconds. Leaving the state early aborts
 * the attempt's signal (the integration stops a .sync job; a callback job is never stopped).
 */
import type { TaskState } from '../../asl/types.js';
import type { TaskInvocation } from '../../integrations/integration.js';
import { parseResourceArn } from '../../integrations/resource-arn.js';
import { STATES_ERRORS, StatesError } from '../errors.js';
import type { StateEnv, StepResult } from '../execution-env.js';
import { NOT_TRUNCATED } from '../history.js';
import { childSignal, raceSignal, settleOnAbort } from '../interruption.js';
import { preview, serialisePayload } from '../payload-limit.js';
import { toStatesError } from '../to-states-error.js';

async function positiveSeconds(env: StateEnv, input: unknown, field: string, literal: unknown, path: string | undefined): Promise<number | undefined> {
  if (literal === undefined && path === undefined) return undefined;
  const value = await env.query.fieldValue(literal, path, { rawInput: env.rawInput, effectiveInput: input }, env.scope);
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new StatesError(STATES_ERRORS.Runtime, `The Task state's ${field} must be a positive integer, got ${preview(value)}`);
  }
  return value;
}

export async function runTask(state: TaskState, input: unknown, env: StateEnv): Promise<StepResult> {
  const { exec, lane } = env;
  const { history, clock } = exec;
  const arn = parseResourceArn(state.Resource);
  const base = { resourceType: arn.resourceType, resource: arn.resource };
  const timeoutSeconds = await positiveSeconds(env, input, 'TimeoutSeconds', state.TimeoutSeconds, state.TimeoutSecondsPath);
  const heartbeatSeconds = await positiveSeconds(env, input, 'HeartbeatSeconds', state.HeartbeatSeconds, state.HeartbeatSecondsPath);

  history.emit(lane.cursor, 'TaskScheduled', {
    ...base,
    region: exec.execution.region,
    parameters: serialisePayload(input, 'task parameters', exec.limits.maxPayloadBytes),
    ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
    ...(heartbeatSeconds !== undefined ? { heartbeatInSeconds: heartbeatSeconds } : {}),
  });
  const resolved = exec.integrations.resolve(state.Resource);
  if (!resolved) {
    const cause = exec.integrations.explainMissing(state.Resource) ?? `The resource '${state.Resource}' is not available locally.`;
    history.emit(lane.cursor, 'TaskStartFailed', { ...base, error: STATES_ERRORS.Runtime, cause });
    throw new StatesError(STATES_ERRORS.Runtime, cause);
  }
  history.emit(lane.cursor, 'TaskStarted', base);

  const attempt = childSignal(lane.signal);
  const timedOut = new StatesError(STATES_ERRORS.Timeout);
  const timer = new AbortController();
  if (timeoutSeconds !== undefined) {
    clock.sleep(timeoutSeconds * 1000, timer.signal).then(
      () => attempt.abort(timedOut),
      () => undefined,
    );
  }
  const invocation: TaskInvocation = {
    resource: state.Resource,
    pattern: resolved.pattern,
    parameters: input,
    ...(env.taskToken !== undefined ? { taskToken: env.taskToken } : {}),
    signal: attempt.signal,
    context: {
      executionArn: exec.execution.executionArn,
      executionName: exec.execution.executionName,
      stateMachineArn: exec.execution.stateMachineArn,
      stateName: env.stateName,
      region: exec.execution.region,
    },
  };
  // Never start a job for an attempt that is already being left (a sibling failed meanwhile).
  const invoke = (): Promise<unknown> =>
    Promise.resolve().then(() => {
      if (attempt.signal.aborted) throw attempt.signal.reason;
      return resolved.integration.invoke(invocation, hooks);
    });
  const hooks = {
    submitted: (output: unknown) => {
      if (attempt.signal.aborted) return;
      history.emit(lane.cursor, 'TaskSubmitted', { ...base, output: JSON.stringify(output) ?? 'null', outputDetails: NOT_TRUNCATED });
    },
  };

  try {
    let result: unknown;
    if (resolved.pattern === 'waitForTaskToken') {
      const token = env.taskToken as string;
      // Registered before invoke: a fast worker may answer before RunTask returns.
      const waiting = exec.taskTokens.wait(token, {
        ...(heartbeatSeconds !== undefined ? { heartbeatMs: heartbeatSeconds * 1000 } : {}),
        clock,
        signal: attempt.signal,
      });
      waiting.catch(() => undefined);
      try {
        await raceSignal(invoke(), attempt.signal);
      } catch (error) {
        attempt.abort(error);
        throw error;
      }
      const outcome = await waiting;
      if (outcome.kind === 'failure') throw new StatesError(outcome.error, outcome.cause);
      if (outcome.kind === 'heartbeatTimedOut') {
        history.emit(lane.cursor, 'TaskTimedOut', { ...base, error: STATES_ERRORS.HeartbeatTimeout });
        throw new StatesError(STATES_ERRORS.HeartbeatTimeout);
      }
      result = outcome.output;
    } else {
      // Left early, a .sync job is being stopped by its integration: wait for that before unwinding.
      result = await settleOnAbort(invoke(), attempt.signal, clock.sleep);
    }
    history.emit(lane.cursor, 'TaskSucceeded', { ...base, output: serialisePayload(result, 'task result', exec.limits.maxPayloadBytes), outputDetails: NOT_TRUNCATED });
    return { result };
  } catch (thrown) {
    if (lane.signal.aborted) throw thrown;
    if (thrown === timedOut || (attempt.signal.aborted && attempt.signal.reason === timedOut)) {
      history.emit(lane.cursor, 'TaskTimedOut', { ...base, error: STATES_ERRORS.Timeout });
      throw timedOut;
    }
    if (thrown instanceof StatesError && thrown.error === STATES_ERRORS.HeartbeatTimeout) throw thrown;
    const error = toStatesError(thrown, STATES_ERRORS.TaskFailed);
    history.emit(lane.cursor, 'TaskFailed', {
      ...base,
      ...(error.error !== null ? { error: error.error } : {}),
      ...(error.cause !== undefined && error.cause !== null ? { cause: error.cause } : {}),
    });
    throw error;
  } finally {
    timer.abort();
  }
}
