/**
 * Runs one execution of a state machine definition to its end and reports every step as history
 * events. StopExecution aborts options.signal (-> ABORTED); the definition's TimeoutSeconds ends the
 * execution as TIMED_OUT; an uncaught error ends it as FAILED.
 */
import { cancelTimer, systemClock } from './clock.js';
import { STATES_ERRORS, StatesError } from './errors.js';
import { type ExecutionEnv, newLane } from './execution-env.js';
import { closingEvent, HistoryWriter, NOT_TRUNCATED, type EventCursor } from './history.js';
import { resolveLimits } from './limits.js';
import { Interrupted, INTERRUPTIONS } from './interruption.js';
import { serialisePayload } from './payload-limit.js';
import { RedrivePlan } from './redrive-plan.js';
import { runStates } from './run-state.js';
import { toStatesError } from './to-states-error.js';
import type { ExecutionOutcome, RunExecutionOptions } from './types.js';

/** StopExecution's error and cause, when the caller aborts with them as the reason. */
function stopDetails(reason: unknown): { error?: string; cause?: string } {
  if (reason instanceof StatesError) {
    return { ...(reason.error !== null ? { error: reason.error } : {}), ...(typeof reason.cause === 'string' ? { cause: reason.cause } : {}) };
  }
  if (typeof reason === 'object' && reason !== null) {
    const { error, cause } = reason as { error?: unknown; cause?: unknown };
    return { ...(typeof error === 'string' ? { error } : {}), ...(typeof cause === 'string' ? { cause } : {}) };
  }
  return {};
}

function failureDetails(error: StatesError): { error?: string; cause?: string } {
  return {
    ...(error.error !== null ? { error: error.error } : {}),
    ...(typeof error.cause === 'string' ? { cause: error.cause } : {}),
  };
}

/** Default: Wait and Retry durations as written. */
const DEFAULT_TIME_SCALE = 1;

type ResolvedOptions = Required<Omit<RunExecutionOptions, 'redrive'>> & Pick<RunExecutionOptions, 'redrive'> & { readonly limits: ReturnType<typeof resolveLimits> };

/** Fills the optional options with their defaults. */
function resolveOptions(options: RunExecutionOptions): ResolvedOptions {
  return { ...options, clock: options.clock ?? systemClock(), timeScale: options.timeScale ?? DEFAULT_TIME_SCALE, limits: resolveLimits(options.limits) };
}

export async function runExecution(runOptions: RunExecutionOptions): Promise<ExecutionOutcome> {
  const options = resolveOptions(runOptions);
  const { clock } = options;
  const { limits } = options;
  const previous = runOptions.redrive?.previous ?? [];
  const lastIdBefore = previous.at(-1)?.event.id ?? 0;
  const history = new HistoryWriter(options.onEvent, clock, limits.maxHistoryEvents, lastIdBefore);
  /** Writes the closing event for `end` and returns `end` as the outcome. */
  const close = <End extends ExecutionOutcome>(cursor: EventCursor, end: End): End => {
    const { type, details, linksToPrevious } = closingEvent(end);
    history.emit(linksToPrevious ? cursor : { last: 0 }, type, details);
    return end;
  };
  const { definition } = options;
  if (runOptions.redrive) {
    // BC-SFN ExecutionRedrivenEventDetails; it follows the previous attempt's last event.
    history.emit({ last: lastIdBefore }, 'ExecutionRedriven', { redriveCount: options.context.redriveCount ?? 1 });
  } else {
    history.emit({ last: 0 }, 'ExecutionStarted', {
      input: JSON.stringify(options.input) ?? 'null',
      inputDetails: NOT_TRUNCATED,
      roleArn: options.context.roleArn,
    });
  }

  const root = new AbortController();
  const onStop = (): void => root.abort(new Interrupted(INTERRUPTIONS.stopped));
  if (options.signal.aborted) onStop();
  else options.signal.addEventListener('abort', onStop, { once: true });
  const timer = new AbortController();
  if (typeof definition.TimeoutSeconds === 'number') {
    clock.sleep(definition.TimeoutSeconds * 1000, timer.signal).then(
      () => root.abort(new Interrupted(INTERRUPTIONS.timedOut)),
      () => undefined,
    );
  }
  const exec: ExecutionEnv = {
    execution: options.context,
    executionInput: options.input,
    integrations: options.integrations,
    taskTokens: options.taskTokens,
    clock,
    timeScale: options.timeScale,
    history,
    limits,
    rootLanguage: definition.QueryLanguage ?? 'JSONPath',
    ...(runOptions.redrive ? { redrive: new RedrivePlan(previous) } : {}),
  };
  // The first state-entered event has previousEventId 0, as AWS records it; after a redrive it
  // follows ExecutionRedriven.
  const lane = newLane(root.signal, runOptions.redrive ? history.lastId : 0);

  try {
    serialisePayload(options.input, 'execution input', limits.maxPayloadBytes);
    const output = await runStates(definition, options.input, lane, {}, exec);
    const text = serialisePayload(output, 'execution output', limits.maxPayloadBytes);
    return close(lane.cursor, { status: 'SUCCEEDED', output: text });
  } catch (thrown) {
    const reason: unknown = root.signal.aborted ? root.signal.reason : undefined;
    if (reason instanceof Interrupted && reason.kind === INTERRUPTIONS.timedOut) {
      lane.cursor.last = history.lastId;
      return close(lane.cursor, { status: 'TIMED_OUT', error: STATES_ERRORS.Timeout, cause: `The execution exceeded its TimeoutSeconds of ${definition.TimeoutSeconds}.` });
    }
    if (options.signal.reason instanceof StatesError) {
      // The caller failed the execution (the runtime cannot keep it, e.g. its history cannot be written).
      lane.cursor.last = history.lastId;
      const details = failureDetails(options.signal.reason);
      history.emit(lane.cursor, 'ExecutionFailed', details);
      return { status: 'FAILED', ...details };
    }
    if (reason !== undefined) {
      // AWS records ExecutionAborted with empty details; the outcome carries StopExecution's error and cause.
      close(lane.cursor, { status: 'ABORTED' });
      return { status: 'ABORTED', ...stopDetails(options.signal.reason) };
    }
    // A full history fails the execution whatever error the state that hit it turned that into.
    const error = history.exceeded ?? toStatesError(thrown);
    lane.cursor.last = history.lastId;
    return close(lane.cursor, { status: 'FAILED', ...failureDetails(error) });
  } finally {
    cancelTimer(timer);
    options.signal.removeEventListener('abort', onStop);
  }
}
