/**
 * Causes in AWS's words, located by state and entered event, for situations recorded on AWS that the
 * conformance corpus does not hold (LocalStack's aws.validated snapshots: test_wait, test_base_scenarios,
 * test_assign_reference_variables, test_math_operations_jsonata). Each expectation is the recorded text.
 */
import { describe, expect, it } from 'vitest';
import { eventTypes, run } from './helpers.js';

const located = (state: string, id: number, sentence: string): string => `An error occurred while executing the state '${state}' (entered at the event id #${id}). ${sentence}`;

describe('JSONPath runtime failures (States.Runtime, recorded)', () => {
  const waitSecondsPath = { StartAt: 'WaitState', States: { WaitState: { Type: 'Wait', SecondsPath: '$.input.waitSeconds', End: true } } };

  it.each([
    [-1, 'The SecondsPath parameter references a negative value: $.input.waitSeconds == -1'],
    [1.5, 'The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5'],
    [-1.5, 'The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == -1.5'],
  ])('SecondsPath to %s', async (seconds, sentence) => {
    const { outcome, events } = await run(waitSecondsPath, { input: { waitSeconds: seconds } });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: located('WaitState', 2, sentence) });
    // No EvaluationFailed event for JSONPath failures: ExecutionFailed follows WaitStateEntered.
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionFailed']);
    expect(events[2]?.previousEventId).toBe(2);
  });

  it('SecondsPath selecting nothing', async () => {
    const { outcome } = await run(waitSecondsPath, { input: {} });
    expect(outcome).toMatchObject({ cause: located('WaitState', 2, 'The SecondsPath parameter does not reference an input value: $.input.waitSeconds') });
  });

  const waitUntil = { StartAt: 'WaitUntil', States: { WaitUntil: { Type: 'Wait', TimestampPath: '$.TimestampValue', End: true } } };
  it.each(['2016-12-05 21:29:29Z', '2016-12-05T21:29:29', '2016-13-05T21:29:29Z', '2016-12-05T25:29:29Z', '05-12-2016T21:29:29Z', '2016-02-30T00:00:00Z'])(
    'TimestampPath to %s is not an ISO-8601 extended offset date-time',
    async (timestamp) => {
      const { outcome } = await run(waitUntil, { TimestampValue: timestamp });
      expect(outcome).toMatchObject({
        error: 'States.Runtime',
        cause: located('WaitUntil', 2, `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == ${timestamp}`),
      });
    },
  );

  it.each(['2016-12-05T21:29:29Z', '2016-12-05T21:29:29.000000Z', '2016-12-05T21:29:29.00Z', '2016-12-05T21:29Z', '2016-12-05t21:29:29+01:00'])('TimestampPath to %s waits', async (timestamp) => {
    const { outcome } = await run(waitUntil, { TimestampValue: timestamp });
    expect(outcome.status).toBe('SUCCEEDED');
  });

  it('a timestamp 24,856 days ahead is too long a wait (a Java int of seconds), 24,855 days is not', async () => {
    const days = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString();
    const { outcome } = await run(waitUntil, { TimestampValue: days(24_856) });
    expect(outcome).toMatchObject({ error: 'States.Runtime', cause: located('WaitUntil', 2, 'Wait state delay is too long.') });
    const controller = new AbortController();
    const waiting = run(waitUntil, { TimestampValue: days(24_855) }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await waiting).outcome.status).toBe('ABORTED');
  });

  it('InputPath and OutputPath selecting nothing: Jayway\'s "No results" for a leaf, "Missing property" on the way', async () => {
    const pass = (field: string, path: string): unknown => ({ StartAt: 'pass', States: { pass: { Type: 'Pass', [field]: path, End: true } } });
    expect((await run(pass('InputPath', '$.NoSuchInputPath'), { 'int-literal': 0 })).outcome).toMatchObject({
      error: 'States.Runtime',
      cause: located('pass', 2, "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"),
    });
    expect((await run(pass('OutputPath', '$.no.such.result.path'), { 'int-literal': 0 })).outcome).toMatchObject({
      cause: located('pass', 2, "Invalid path '$.no.such.result.path' : Missing property in path $['no']"),
    });
    expect((await run(pass('OutputPath', '$.a.b'), { a: {} })).outcome).toMatchObject({ cause: located('pass', 2, "Invalid path '$.a.b' : No results for path: $['a']['b']") });
  });

  it('a `.$` field and a CausePath selecting nothing name the field and the input', async () => {
    const parameters = { StartAt: 'pass', States: { pass: { Type: 'Pass', Parameters: { 'value.$': '$.no_such_jsonpath' }, End: true } } };
    expect((await run(parameters, { 'int-literal': 0 })).outcome).toMatchObject({
      cause: located('pass', 2, `The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'`),
    });
    const fail = { StartAt: 'fail', States: { fail: { Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.NoSuchCausePath' } } };
    expect((await run(fail, { Error: 'E' })).outcome).toMatchObject({
      error: 'States.Runtime',
      cause: located('fail', 2, `The JSONPath '$.NoSuchCausePath' specified for the field 'CausePath' could not be found in the input '{"Error":"E"}'`),
    });
  });

  const map = (fields: Record<string, unknown>): unknown => ({
    StartAt: 'MapState',
    States: { MapState: { Type: 'Map', ItemsPath: '$.Items', ...fields, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
  });

  it.each([
    [{}, '{}'],
    ['NoNumber', 'NoNumber'],
  ])('MaxConcurrencyPath to %j fails before MapStateStarted, without MapStateFailed', async (value, text) => {
    const { outcome, events } = await run(map({ MaxConcurrencyPath: '$.MaxConcurrencyValue' }), { Items: ['HelloWorld'], MaxConcurrencyValue: value });
    expect(outcome).toMatchObject({ error: 'States.Runtime', cause: located('MapState', 2, `The MaxConcurrencyPath field refers to value "${text}" which is not a valid integer: $.MaxConcurrencyValue`) });
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'MapStateEntered', 'ExecutionFailed']);
  });

  it('a MaxConcurrencyPath to the string "1" is read as 1', async () => {
    const { outcome } = await run(map({ MaxConcurrencyPath: '$.n' }), { Items: [1, 2], n: '1' });
    expect(outcome.status).toBe('SUCCEEDED');
  });

  it.each([
    [{ ToleratedFailureCountPath: '$.t' }, {}, 'The ToleratedFailureCountPath field refers to value "{}" which is not a valid integer: $.t'],
    [{ ToleratedFailureCountPath: '$.t' }, -1, 'ToleratedFailureCount cannot be negative.'],
    [{ ToleratedFailurePercentagePath: '$.t' }, 'NoNumber', 'The ToleratedFailurePercentagePath field refers to value "NoNumber" which is not a valid float: $.t'],
    [{ ToleratedFailurePercentagePath: '$.t' }, 101, 'ToleratedFailurePercentage must be between 0 and 100.'],
  ])('%j to %j fails after MapStateStarted, without MapStateFailed', async (fields, value, sentence) => {
    const { outcome, events } = await run(map(fields), { Items: [0], t: value });
    expect(outcome).toMatchObject({ error: 'States.Runtime', cause: located('MapState', 2, sentence) });
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'ExecutionFailed']);
  });

  it('a tolerated failure threshold exceeded', async () => {
    const failing = {
      StartAt: 'MapState',
      States: { MapState: { Type: 'Map', ToleratedFailureCount: 0, ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E' } } }, End: true } },
    };
    expect((await run(failing, [1])).outcome).toMatchObject({ error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' });
  });
});

describe('JSONata evaluation failures (States.QueryEvaluationError, recorded)', () => {
  it.each([
    ['Output', { Output: '{% $doesNotExist %}' }],
    ['Assign/result', { Assign: { result: '{% $doesNotExist %}' } }],
  ])('an undefined result in %s: EvaluationFailed chained before the StateEntered', async (field, fields) => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'State0', States: { State0: { Type: 'Pass', ...fields, End: true } } };
    const { outcome, events } = await run(definition);
    const cause = located('State0', 2, `The JSONata expression '$doesNotExist' specified for the field '${field}' returned nothing (undefined).`);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError', cause });
    expect(events.map(({ id, previousEventId, type }) => [id, previousEventId, type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 0, 'EvaluationFailed'],
      [4, 3, 'ExecutionFailed'],
    ]);
    expect(events[2]?.evaluationFailedEventDetails).toEqual({ cause, error: 'States.QueryEvaluationError', location: field, state: 'State0' });
  });

  it("an error inside an expression carries JSONata's code: $randomSeeded is not a function in AWS's JSONata", async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'State_0',
      States: { State_0: { Type: 'Pass', Output: { FunctionResult: '{% $randomSeeded($states.input.FunctionInput.fst) %}' }, End: true } },
    };
    const { outcome } = await run(definition, { FunctionInput: { fst: 3 } });
    expect(outcome).toMatchObject({
      error: 'States.QueryEvaluationError',
      cause: located(
        'State_0',
        2,
        "The JSONata expression '$randomSeeded($states.input.FunctionInput.fst)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function",
      ),
    });
  });

  it.each([
    [1, '1'],
    [{ foo: 'bar' }, '{"foo":"bar"}'],
  ])('a Map without Items over the input %j: Map state input must be an array', async (items, text) => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Start',
      States: {
        Start: { Type: 'Pass', Output: '{% $states.input.items %}', Next: 'MapIterateState' },
        MapIterateState: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
      },
    };
    const { outcome, events } = await run(definition, { items });
    const cause = located('MapIterateState', 4, `Map state input must be an array but was: ${text}`);
    expect(outcome).toMatchObject({ error: 'States.QueryEvaluationError', cause });
    expect(events.slice(3).map(({ id, previousEventId, type }) => [id, previousEventId, type])).toEqual([
      [4, 3, 'MapStateEntered'],
      [5, 3, 'EvaluationFailed'],
      [6, 5, 'MapStateFailed'],
      [7, 6, 'ExecutionFailed'],
    ]);
    expect(events[4]?.evaluationFailedEventDetails).toEqual({ cause, error: 'States.QueryEvaluationError', state: 'MapIterateState' });
  });

  it('a string with anything outside `{%` and `%}` is a literal, not an expression', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Pass', Output: { a: ' {% 1 + 1 %}', b: '{% 1 + 1 %} ', c: '{% 1 + 1 %}' }, End: true } } };
    expect((await run(definition)).output).toEqual({ a: ' {% 1 + 1 %}', b: '{% 1 + 1 %} ', c: 2 });
  });
});

describe('causes that AWS writes without the state prefix (recorded)', () => {
  it("a state result over 256 KiB names the state: 'The state/task ... returned a result with a size exceeding ...'", async () => {
    const definition = { StartAt: 'State_1', States: { State_1: { Type: 'Pass', Result: { Arg1: 'a'.repeat(262_144) }, End: true } } };
    const { outcome, events } = await run(definition);
    expect(outcome).toMatchObject({
      error: 'States.DataLimitExceeded',
      cause: "The state/task 'State_1' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
  });
});

describe('States.Format renders objects and arrays as Java does (recorded for the Context object)', () => {
  it('{k=v, ...} for objects, [a, b] for arrays, strings unquoted inside them', async () => {
    const definition = {
      StartAt: 'S',
      States: { S: { Type: 'Pass', Parameters: { 'r.$': "States.Format('{} {} {} {}', $.o, $.a, $.n, $.s)" }, End: true } },
    };
    const { output } = await run(definition, { o: { Id: 'x', Nested: { k: [1, 'two', null, true] } }, a: ['p', 2], n: 1.5, s: 'plain' });
    expect(output).toEqual({ r: '{Id=x, Nested={k=[1, two, null, true]}} [p, 2] 1.5 plain' });
  });
});
