/**
 * Map (inline): runs the ItemProcessor (or legacy Iterator) once per item, at most MaxConcurrency at
 * a time (0 = AWS's inline limit of 40), each item in its own lane with a child signal. A failing item aborts the
 * others unless ToleratedFailureCount/Percentage allow it; over the tolerance the state fails with
 * States.ExceedToleratedFailureThreshold.
 */
import type { MapState } from '../../asl/types.js';
import { withMapItem } from '../context-object.js';
import { STATES_ERRORS, StatesError } from '../errors.js';
import {
  exceededToleratedFailureThreshold,
  itemsPathNotArray,
  jsonataUnexpectedType,
  mapInputNotArray,
  mapPathNotNumber,
  toleratedFailureCountNegative,
  toleratedFailurePercentageOutOfRange,
} from '../causes.js';
import { expressionBody, isJsonataExpression } from '../query/jsonata.js';
import { type Lane, newLane, type StateEnv, type StepResult } from '../execution-env.js';
import { childSignal, Interrupted } from '../interruption.js';
import { childLaneKey } from '../redrive-plan.js';
import { errorOutput, toStatesError } from '../to-states-error.js';
import type { HistoryEventType } from '../history-event-types.js';

/** Inline Map runs at most 40 iterations at once on AWS, also when MaxConcurrency is 0 (DG "Inline mode"). */
export const INLINE_MAP_MAX_CONCURRENCY = 40;

/** Java's Integer.parseInt / Float.parseFloat over the value's text, as AWS reads a Map's *Path numbers. */
const INTEGER_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?$/;

function numericText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'null';
}

/**
 * A Map setting that is a literal, a `<field>Path` (JSONPath) or an expression (JSONata). AWS reads a
 * referenced value through its text: "1" counts as 1 (assign-map-ref-in-max-concurrency-path), while
 * "NoNumber", {} and 1.5 fail as "not a valid integer" (or "float" for the percentage), recorded for
 * MaxConcurrencyPath, ToleratedFailureCountPath, ToleratedFailurePercentagePath and MaxItemsPath.
 * For a JSONata expression AWS's wording is not recorded: the Path sentence names the field and expression.
 */
async function numberField(
  env: StateEnv,
  input: unknown,
  field: 'MaxConcurrency' | 'ToleratedFailureCount' | 'ToleratedFailurePercentage',
  literal: unknown,
  path: string | undefined,
  fallback: number,
): Promise<number> {
  if (literal === undefined && path === undefined) return fallback;
  const value = await env.query.fieldValue(literal, path, { rawInput: env.rawInput, effectiveInput: input }, env.scope, field);
  if (typeof value === 'number' && path === undefined && !isJsonataExpression(literal)) return value;
  const kind = field === 'ToleratedFailurePercentage' ? 'float' : 'integer';
  const text = numericText(value);
  if (!(kind === 'integer' ? INTEGER_TEXT : FLOAT_TEXT).test(text)) {
    throw mapPathNotNumber(path !== undefined ? `${field}Path` : field, path ?? expressionBody(String(literal)), value, kind);
  }
  return kind === 'integer' ? Number.parseInt(text, 10) : Number.parseFloat(text);
}

async function readItems(state: MapState, input: unknown, env: StateEnv): Promise<unknown[]> {
  const io = { rawInput: env.rawInput, effectiveInput: input };
  if (env.query.name === 'JSONPath') {
    const path = state.ItemsPath ?? '$';
    const items = await env.query.fieldValue(undefined, path, io, env.scope, 'Items');
    if (!Array.isArray(items)) throw itemsPathNotArray(path);
    return items;
  }
  if (state.Items === undefined) {
    if (!Array.isArray(env.rawInput)) throw mapInputNotArray(env.rawInput);
    return env.rawInput;
  }
  const items = await env.query.fieldValue(state.Items, undefined, io, env.scope, 'Items');
  if (!Array.isArray(items)) throw jsonataUnexpectedType(expressionBody(String(state.Items)), 'Items', 'array', items);
  return items;
}

export async function runMap(state: MapState, input: unknown, env: StateEnv): Promise<StepResult> {
  const { history } = env.exec;
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw new StatesError(STATES_ERRORS.Runtime, `The Map state '${env.stateName}' has no ItemProcessor`);
  const items = await readItems(state, input, env);
  const maxConcurrency = await numberField(env, input, 'MaxConcurrency', state.MaxConcurrency, state.MaxConcurrencyPath, 0);
  const countSet = state.ToleratedFailureCount !== undefined || state.ToleratedFailureCountPath !== undefined;
  const percentageSet = state.ToleratedFailurePercentage !== undefined || state.ToleratedFailurePercentagePath !== undefined;
  const hasTolerance = countSet || percentageSet;
  const selector = state.ItemSelector ?? (env.query.name === 'JSONPath' ? state.Parameters : undefined);

  history.emit(env.lane.cursor, 'MapStateStarted', { length: items.length });
  // AWS reads the tolerated failures after MapStateStarted (recorded: ExecutionFailed follows it).
  const toleratedCount = await numberField(env, input, 'ToleratedFailureCount', state.ToleratedFailureCount, state.ToleratedFailureCountPath, 0);
  if (toleratedCount < 0) throw toleratedFailureCountNegative();
  const toleratedPercentage = await numberField(env, input, 'ToleratedFailurePercentage', state.ToleratedFailurePercentage, state.ToleratedFailurePercentagePath, 0);
  if (!(toleratedPercentage >= 0 && toleratedPercentage <= 100)) throw toleratedFailurePercentageOutOfRange();
  const results: unknown[] = new Array(items.length).fill(null);
  const controllers = items.map(() => childSignal(env.lane.signal));
  const lanes: (Lane | undefined)[] = new Array(items.length);
  let failures = 0;
  let failure: StatesError | undefined;
  // With both set, exceeding either one fails the state.
  const exceedsTolerance = (): boolean =>
    (countSet && failures > toleratedCount) || (percentageSet && (failures / items.length) * 100 > toleratedPercentage);

  /** The last event of the item that failed the state: MapStateFailed follows it (AWS-recorded). */
  let failureEventId = 0;
  const runItem = async (index: number): Promise<void> => {
    const item = items[index];
    const { signal } = controllers[index] as (typeof controllers)[number];
    const iterationDetails = { name: env.stateName, index };
    const laneKey = childLaneKey(env.lane.key, env.stateName, 'item', index);
    // Redriven: an iteration that succeeded in the previous attempt keeps its output and writes no
    // events. AWS's guide says only failed, aborted or never-started iterations run again but shows no
    // redriven Map history; we write MapStateEntered/Started again and MapIteration* for rerun items only.
    const kept = env.exec.redrive?.takeDone(laneKey);
    if (kept) {
      results[index] = kept.output;
      return;
    }
    // MapIterationStarted hangs off the Map's chain without moving it: concurrent iterations all
    // chain to MapStateStarted (AWS-recorded, LocalStack test_timeouts.snapshot.json
    // test_service_lambda_map_timeout: four started events, each previousEventId = MapStateStarted).
    const lane = newLane(signal, history.emit({ last: env.lane.cursor.last }, 'MapIterationStarted', iterationDetails), laneKey);
    lanes[index] = lane;
    // AWS chains the next MapIterationStarted (and MapStateFailed) to the item's last inner event;
    // MapIterationSucceeded/Failed/Aborted hang off that event without moving the chain.
    const endIteration = (type: HistoryEventType): void => {
      env.lane.cursor.last = lane.cursor.last;
      history.emit({ last: lane.cursor.last }, type, iterationDetails);
    };
    try {
      // Yield once so every iteration of a concurrent batch records MapIterationStarted before any
      // of them records its first inner event, in the order AWS's recording shows (ids 4-7 there).
      await Promise.resolve();
      let itemInput = item;
      if (selector !== undefined) {
        const scope = { ...env.scope, context: withMapItem(env.scope.context, index, item) };
        itemInput = await env.query.template(selector, env.query.name === 'JSONPath' ? input : env.rawInput, scope, 'ItemSelector');
      }
      results[index] = await env.runBranch(processor, itemInput, lane, env.scope.variables);
      endIteration('MapIterationSucceeded');
    } catch (thrown) {
      if (signal.aborted) {
        // Aborted by a failing sibling: AWS chains this to the failing event too, not to TaskStateAborted.
        if (failure && !env.lane.signal.aborted) history.emit({ last: failureEventId }, 'MapIterationAborted', iterationDetails);
        else endIteration('MapIterationAborted');
        return;
      }
      endIteration('MapIterationFailed');
      const error = toStatesError(thrown);
      failures++;
      results[index] = errorOutput(error);
      if (!failure && (!hasTolerance || exceedsTolerance())) {
        failure = hasTolerance ? exceededToleratedFailureThreshold() : error;
        failureEventId = lane.cursor.last;
        // The iterations aborted by this failure record TaskStateAborted and MapIterationAborted
        // after the failing event (AWS-recorded, same snapshot: each previousEventId = the TaskTimedOut).
        lanes.forEach((other, otherIndex) => {
          if (other && otherIndex !== index && !controllers[otherIndex]?.signal.aborted) other.cursor.last = failureEventId;
        });
        for (const other of controllers) other.abort(new Interrupted('siblingFailed'));
      }
    }
  };

  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < items.length && !failure && !env.lane.signal.aborted) {
      await runItem(nextIndex++);
    }
  };
  const workers = Math.min(maxConcurrency === 0 ? INLINE_MAP_MAX_CONCURRENCY : maxConcurrency, INLINE_MAP_MAX_CONCURRENCY, items.length);
  await Promise.all(Array.from({ length: workers }, worker));

  if (env.lane.signal.aborted) {
    env.lane.cursor.last = history.lastId;
    history.emit(env.lane.cursor, 'MapStateAborted');
    throw env.lane.signal.reason;
  }
  if (failure) {
    // run-state writes MapStateFailed unless a retrier takes the error.
    env.lane.cursor.last = failureEventId;
    throw failure;
  }
  // AWS-recorded: MapStateSucceeded and MapStateExited both follow the last event.
  env.lane.cursor.last = history.lastId;
  history.emit({ last: env.lane.cursor.last }, 'MapStateSucceeded');
  return { result: results };
}
