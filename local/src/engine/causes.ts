/**
 * Every error cause the engine writes itself, one function per situation, in AWS's words.
 *
 * Most runtime failures of a state are located: AWS prefixes them with "An error occurred while
 * executing the state '<name>' (entered at the event id #<n>). ". A situation here returns a
 * StateFailure holding only the sentence after that prefix; run-state adds the prefix once it knows
 * which state raised it (the innermost one), so every state type, present or future, inherits it.
 * The other situations (no prefix on AWS) are plain StatesErrors.
 *
 * Evidence: AWS's recordings in LocalStack's `tests/aws/services/stepfunctions/v2/**.snapshot.json`
 * (tests marked aws.validated) and the conformance corpus built from them (test/fixtures/conformance).
 */
import { STATES_ERRORS, StatesError } from './errors.js';

/**
 * How a failure shows in the history before the state's own Failed event: a QueryEvaluationError
 * writes an EvaluationFailed event (with the field it happened in, when there is one).
 * `chainsTo` is that event's previousEventId as AWS records it: JSONata field failures and a Map's
 * non-array input chain to the event *before* the StateEntered (previousEventId of StateEntered;
 * recorded for Pass Output/Assign, Task Arguments, Map Items), while the Wait's Timestamp check chains
 * to StateEntered itself (test_wait_timestamp_jsonata). Other states' shapes are not recorded: they
 * follow the JSONata field rule.
 */
export interface EvaluationFailure {
  readonly location?: string;
  readonly chainsTo: 'stateEntered' | 'beforeStateEntered';
}

/** A failure raised while a state runs, before run-state knows which state and event it belongs to. */
export class StateFailure extends StatesError {
  constructor(
    error: string,
    /** The sentence after AWS's "An error occurred while executing the state ..." prefix. */
    readonly detail: string,
    readonly evaluation?: EvaluationFailure,
    /** Map settings read before the iterations start fail the state without a MapStateFailed event (recorded). */
    readonly writesStateFailedEvent = true,
  ) {
    super(error, detail);
  }
}

/** The StateFailure with AWS's prefix, naming the state and the id of its StateEntered event. */
export class LocatedStateFailure extends StatesError {
  constructor(
    readonly failure: StateFailure,
    readonly stateName: string,
    readonly enteredEventId: number,
  ) {
    super(failure.error, `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${failure.detail}`);
  }
}

export function locate(error: StatesError, stateName: string, enteredEventId: number): StatesError {
  return error instanceof StateFailure ? new LocatedStateFailure(error, stateName, enteredEventId) : error;
}

// ---------------------------------------------------------------- values inside causes

/** JSON text as AWS's Java runtime prints a value in a cause: compact, no spaces. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** The JSONata type names AWS reports ($type's words: 'array', 'object', 'string', ...). */
function jsonataType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A JSONPath as Jayway JsonPath (AWS's JSONPath engine) prints it: `$['a']['b'][0]`.
 * Only the definite paths the engine reads itself reach here.
 */
export function bracketPath(root: string, segments: readonly (string | number)[]): string {
  return root + segments.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `['${segment}']`)).join('');
}

// ---------------------------------------------------------------- JSONata (States.QueryEvaluationError)

const jsonataField = (expression: string, field: string): string => `The JSONata expression '${expression}' specified for the field '${field}'`;

export function jsonataReturnedNothing(expression: string, field: string): StateFailure {
  return new StateFailure(STATES_ERRORS.QueryEvaluationError, `${jsonataField(expression, field)} returned nothing (undefined).`, {
    location: field,
    chainsTo: 'beforeStateEntered',
  });
}

/** `code` is JSONata's error code (T1006, D3001, ...), as AWS prints it before JSONata's message. */
export function jsonataThrew(expression: string, field: string, code: string | undefined, message: string): StateFailure {
  const reason = code ? `${code}: ${message}` : message;
  return new StateFailure(STATES_ERRORS.QueryEvaluationError, `${jsonataField(expression, field)} threw an error during evaluation. ${reason}`, {
    location: field,
    chainsTo: 'beforeStateEntered',
  });
}

/** A function (or anything else that is not JSON) as a field's value. */
export function jsonataUnsupportedResult(expression: string, field: string): StateFailure {
  return new StateFailure(STATES_ERRORS.QueryEvaluationError, `${jsonataField(expression, field)} returned an unsupported result type.`, {
    location: field,
    chainsTo: 'beforeStateEntered',
  });
}

export function jsonataUnexpectedType(expression: string, field: string, expected: string, value: unknown): StateFailure {
  return new StateFailure(
    STATES_ERRORS.QueryEvaluationError,
    `${jsonataField(expression, field)} returned an unexpected result type. Expected '${expected}', but was '${jsonataType(value)}' for value: ${jsonText(value)}`,
    { location: field, chainsTo: 'beforeStateEntered' },
  );
}

/** A JSONata Map without Items whose input is not an array (recorded: no location in the event). */
export function mapInputNotArray(value: unknown): StateFailure {
  return new StateFailure(STATES_ERRORS.QueryEvaluationError, `Map state input must be an array but was: ${jsonText(value)}`, {
    chainsTo: 'beforeStateEntered',
  });
}

/** A JSONata Wait's Timestamp that is not an ISO-8601 extended offset date-time. */
export function waitTimestampUnparsable(value: unknown): StateFailure {
  return new StateFailure(
    STATES_ERRORS.QueryEvaluationError,
    `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof value === 'string' ? value : jsonText(value)}`,
    { location: 'Timestamp', chainsTo: 'stateEntered' },
  );
}

// ---------------------------------------------------------------- JSONPath (States.Runtime, no EvaluationFailed event)

/**
 * InputPath, OutputPath, *SecondsPath of a Task, ItemsPath: Jayway's message for a definite path that
 * selects nothing. `missing` is the full path (leaf absent: "No results for path") or the path up
 * to the absent property in the middle ("Missing property in path").
 */
export function invalidPath(path: string, problem: { kind: 'noResults' | 'missingProperty'; at: string }): StateFailure {
  const reason = problem.kind === 'noResults' ? `No results for path: ${problem.at}` : `Missing property in path ${problem.at}`;
  return new StateFailure(STATES_ERRORS.Runtime, `Invalid path '${path}' : ${reason}`);
}

/** A `.$` field (Parameters, ResultSelector, ItemSelector, Assign) or ErrorPath/CausePath whose path selects nothing. */
export function jsonPathFieldNotFound(path: string, field: string, input: unknown): StateFailure {
  return new StateFailure(STATES_ERRORS.Runtime, `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${jsonText(input)}'`);
}

export function secondsPathNotFound(path: string): StateFailure {
  return new StateFailure(STATES_ERRORS.Runtime, `The SecondsPath parameter does not reference an input value: ${path}`);
}

export function secondsPathNegative(path: string, value: number): StateFailure {
  return new StateFailure(STATES_ERRORS.Runtime, `The SecondsPath parameter references a negative value: ${path} == ${value}`);
}

export function secondsPathNotLong(path: string, value: unknown): StateFailure {
  return new StateFailure(STATES_ERRORS.Runtime, `The SecondsPath parameter cannot be parsed as a long value: ${path} == ${typeof value === 'string' ? value : jsonText(value)}`);
}

export function timestampPathInvalid(path: string, value: unknown): StateFailure {
  return new StateFailure(
    STATES_ERRORS.Runtime,
    `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${typeof value === 'string' ? value : jsonText(value)}`,
  );
}

/** A Wait longer than AWS's one-year maximum for a standard execution. */
export function waitTooLong(): StateFailure {
  return new StateFailure(STATES_ERRORS.Runtime, 'Wait state delay is too long.');
}

/**
 * MaxConcurrencyPath, ToleratedFailureCountPath (integers) and ToleratedFailurePercentagePath
 * (a float) referring to something else. The value is quoted as text: `"{}"`, `"NoNumber"`, `"1.5"`.
 */
export function mapPathNotNumber(field: string, path: string, value: unknown, kind: 'integer' | 'float'): StateFailure {
  const text = typeof value === 'string' ? value : jsonText(value);
  return new StateFailure(STATES_ERRORS.Runtime, `The ${field} field refers to value "${text}" which is not a valid ${kind}: ${path}`, undefined, false);
}

export function toleratedFailureCountNegative(): StateFailure {
  return new StateFailure(STATES_ERRORS.Runtime, 'ToleratedFailureCount cannot be negative.', undefined, false);
}

export function toleratedFailurePercentageOutOfRange(): StateFailure {
  return new StateFailure(STATES_ERRORS.Runtime, 'ToleratedFailurePercentage must be between 0 and 100.', undefined, false);
}

// ---------------------------------------------------------------- not prefixed on AWS

export function exceededToleratedFailureThreshold(): StatesError {
  return new StatesError(STATES_ERRORS.ExceedToleratedFailureThreshold, 'The specified tolerated failure threshold was exceeded');
}

/** A state's result over the 256 KiB payload quota (recorded for Pass and Task: named by the state). */
export function resultTooLarge(stateName: string): StatesError {
  return new StatesError(STATES_ERRORS.DataLimitExceeded, `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`);
}

/**
 * A literal or JSONata Seconds that is not a non-negative integer. Not recorded on AWS (literal
 * Seconds are checked at CreateStateMachine); the wording follows the recorded SecondsPath one.
 */
export function waitSecondsInvalid(value: unknown): StateFailure {
  return new StateFailure(STATES_ERRORS.QueryEvaluationError, `The Seconds field cannot be parsed as a non-negative long value: ${jsonText(value)}`, {
    location: 'Seconds',
    chainsTo: 'stateEntered',
  });
}

/**
 * A JSONPath Map whose ItemsPath selects something other than an array. AWS's words recorded only
 * through TestState (no state prefix there): `Reference path "$" must point to array.`; here it is
 * located like the other JSONPath failures of a state.
 */
export function itemsPathNotArray(path: string): StateFailure {
  return new StateFailure(STATES_ERRORS.Runtime, `Reference path "${path}" must point to array.`);
}

/**
 * A Fail state's Error or Cause that is not a string. Not recorded on AWS: in JSONPath it is named
 * like the other JSONPath field failures, in JSONata like a JSONata result of the wrong type.
 */
export function failFieldNotString(field: 'Error' | 'Cause', value: unknown, language: 'JSONPath' | 'JSONata'): StateFailure {
  return language === 'JSONata'
    ? new StateFailure(STATES_ERRORS.QueryEvaluationError, `The field '${field}' returned an unexpected result type. Expected 'string', but was '${jsonataType(value)}' for value: ${jsonText(value)}`, {
        location: field,
        chainsTo: 'beforeStateEntered',
      })
    : new StateFailure(STATES_ERRORS.Runtime, `The ${field}Path parameter does not reference a string value: ${jsonText(value)}`);
}

/** No Choice rule matched and no Default. AWS's wording is not recorded (no recording of States.NoChoiceMatched). */
export function noChoiceMatched(stateName: string): StatesError {
  return new StatesError(STATES_ERRORS.NoChoiceMatched, `No Choice rule matched and no Default is set in the Choice state '${stateName}'.`);
}
