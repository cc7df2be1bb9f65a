/**
 * Task: calls the integration registered for its Resource (request-response, .sync or
 * .waitForTaskToken), honouring TimeoutSeconds and HeartbeatSeconds. Callback and .sync tasks hold
 * a task token: a callback ends through it; a .sync job ends on its own or through it, and beats
 * with it when HeartbeatSeconds is set. Leaving the state early aborts the attempt's signal (the
 * integration stops a .sync job; a callback job is never stopped).
 */
import type { TaskState } from '../../asl/types.js';
import type { TaskInvocation } from '../integration.js';
import { cancelTimer } from '../clock.js';
import { parseResourceArn } from '../resource-arn.js';
import { STATES_ERRORS, StatesError } from '../errors.js';
import type { StateEnv, StepResult } from '../execution-env.js';
import { NOT_TRUNCATED } from '../history.js';
import { childSignal, raceSignal, settleOnAbort } from '../interruption.js';
import { preview, serialisePayload } from '../payload-limit.js';
import type { TokenOutcome } from '../task-tokens.js';
import { toStatesError } from '../to-states-error.js';

async function positiveSeconds(env: StateEnv, input: unknown, field: string, literal: unknown, path: string | undefined): Promise<number | undefined> {
  if (literal === undefined && path === undefined) return undefined;
  const value = await env.query.fieldValue(literal, path, { rawInput: env.rawInput, effectiveInput: input }, env.scope, field);
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new StatesError(STATES_ERRORS.Runtime, `The Task state's ${field} must be a positive integer, got ${preview(value)}`);
  }
  return value;
}

/** Why a .sync job is stopped when its token ended the state first. */
const endedByToken = new Error('The Task state ended through its task token before its job did');
/** The state result a token outcome gives, or the error it fails with. */
function tokenResult(
  outcome: TokenOutcome,
  env: StateEnv,
  base: Record<string, unknown>,
  /** Thrown once TaskTimedOut is recorded for a missed heartbeat (no TaskFailed follows it). */
  heartbeatTimedOut: StatesError,
): unknown {
  if (outcome.kind === 'failure') throw new StatesError(outcome.error, outcome.cause);
  if (outcome.kind === 'heartbeatTimedOut') {
    env.exec.history.emit(env.lane.cursor, 'TaskTimedOut', { ...base, error: STATES_ERRORS.HeartbeatTimeout });
    throw heartbeatTimedOut;
  }
  return outcome.output;
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
  const heartbeatTimedOut = new StatesError(STATES_ERRORS.HeartbeatTimeout);
  let timer = new AbortController();
  /** (Re)starts the TimeoutSeconds clock. */
  const armTimeout = (): void => {
    if (timeoutSeconds === undefined) return;
    cancelTimer(timer);
    const current = new AbortController();
    timer = current;
    clock.sleep(timeoutSeconds * 1000, current.signal).then(
      () => attempt.abort(timedOut),
      () => undefined,
    );
  };
  // Started at TaskStarted for every pattern, so a start that hangs (an integration whose invoke
  // never answers) still ends with States.Timeout after TimeoutSeconds. A callback task restarts it
  // at TaskSubmitted below: AWS counts "after the task has been started" (DG task state), and on AWS
  // the gap is only the RunTask call, which AWS's own API client bounds.
  armTimeout();
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
      // The job has started: its heartbeat clock counts from here (a worker cannot beat before it runs).
      if (env.taskToken !== undefined) exec.taskTokens.sendHeartbeat(env.taskToken);
    },
  };
  // Registered before invoke: a fast worker may answer (or beat) before the start call returns.
  // Its own signal closes the token whenever the state ends, also when a .sync job ended it.
  const tokenScope = childSignal(attempt.signal);
  const waiting =
    env.taskToken === undefined
      ? undefined
      : exec.taskTokens.wait(env.taskToken, {
          ...(heartbeatSeconds !== undefined ? { heartbeatMs: heartbeatSeconds * 1000 } : {}),
          clock,
          signal: tokenScope.signal,
        });
  waiting?.catch(() => undefined);

  try {
    let result: unknown;
    if (resolved.pattern === 'waitForTaskToken') {
      try {
        await raceSignal(invoke(), attempt.signal);
      } catch (error) {
        attempt.abort(error);
        throw error;
      }
      armTimeout();
      result = tokenResult(await (waiting as Promise<TokenOutcome>), env, base, heartbeatTimedOut);
    } else if (waiting) {
      // .sync: the job may also be ended through its token (SendTaskSuccess/Failure "optionally [by]
      // Task states using the job run pattern", BC-SFN), and HeartbeatSeconds applies: a job that does
      // not beat in time fails with States.HeartbeatTimeout, as AWS does for Batch .sync
      // (aws-samples/aws-batch-genomics#16). Whichever ends the state first, a job still running is
      // stopped like any .sync job that is left early.
      const job = settleOnAbort(invoke(), attempt.signal, clock.sleep);
      const jobEnd = job.then((value) => ({ job: value }));
      // A token wait that rejects (the attempt is being left) defers to the job, which settles once stopped.
      const tokenEnd = waiting.then((outcome) => ({ outcome }), () => jobEnd);
      const first = await Promise.race([jobEnd, tokenEnd]);
      if ('job' in first) {
        result = first.job;
      } else {
        attempt.abort(endedByToken);
        await job.catch(() => undefined);
        result = tokenResult(first.outcome, env, base, heartbeatTimedOut);
      }
    } else {
      // Request-response (or .sync without a token). Left early, a .sync job is being stopped by its
      // integration: wait for that before unwinding.
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
    if (thrown === heartbeatTimedOut) throw thrown;
    const error = toStatesError(thrown, STATES_ERRORS.TaskFailed);
    history.emit(lane.cursor, 'TaskFailed', {
      ...base,
      ...(error.error !== null ? { error: error.error } : {}),
      ...(error.cause !== undefined && error.cause !== null ? { cause: error.cause } : {}),
    });
    throw error;
  } finally {
    cancelTimer(timer);
    tokenScope.abort(new Error('The Task state has ended'));
  }
}
