import { describe, expect, it } from 'vitest';
import { createHarness, ECHO, eventTypes, HANG, run } from './helpers.js';

const mapOf = (map: Record<string, unknown>, processorStates?: Record<string, unknown>) => ({
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'Item', States: processorStates ?? { Item: { Type: 'Pass', End: true } } },
      End: true,
      ...map,
    },
  },
});

describe('Map state', () => {
  it('runs the processor once per item and returns the results in order', async () => {
    const { output, events } = await run(mapOf({ ItemsPath: '$.items' }, { Item: { Type: 'Task', Resource: ECHO, Parameters: { 'v.$': '$' }, End: true } }), { items: [1, 2, 3] });
    expect(output).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
    const types = eventTypes(events);
    expect(types.slice(0, 4)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapIterationStarted']);
    expect(types.slice(-3)).toEqual(['MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
    expect(events.find((e) => e.type === 'MapStateStarted')).toMatchObject({ mapStateStartedEventDetails: { length: 3 } });
    expect(events.filter((e) => e.type === 'MapIterationSucceeded').map((e) => e.mapIterationSucceededEventDetails)).toEqual([
      { name: 'M', index: 0 },
      { name: 'M', index: 1 },
      { name: 'M', index: 2 },
    ]);
  });

  it('builds each item input with ItemSelector and $$.Map.Item', async () => {
    const map = { ItemsPath: '$.items', ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'shared.$': '$.shared' } };
    const { output } = await run(mapOf(map), { items: ['a', 'b'], shared: 's' });
    expect(output).toEqual([
      { index: 0, value: 'a', shared: 's' },
      { index: 1, value: 'b', shared: 's' },
    ]);
  });

  it('accepts the legacy Iterator and Parameters fields', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: { Type: 'Map', ItemsPath: '$.xs', Parameters: { 'x.$': '$$.Map.Item.Value' }, Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
      },
    };
    const { output } = await run(definition, { xs: [1] });
    expect(output).toEqual([{ x: 1 }]);
  });

  it('never runs more than MaxConcurrency items at once', async () => {
    const harness = createHarness();
    let running = 0;
    let peak = 0;
    harness.register({
      serviceAction: 'test:slow',
      patterns: ['request-response'],
      async invoke() {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return 'ok';
      },
    });
    const { output } = await run(
      mapOf({ MaxConcurrency: 2 }, { Item: { Type: 'Task', Resource: 'arn:aws:states:::test:slow', End: true } }),
      [1, 2, 3, 4, 5],
      { harness },
    );
    expect(output).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(peak).toBe(2);
  });

  it('runs at most 40 items at once when MaxConcurrency is 0, as AWS inline Map does', async () => {
    const harness = createHarness();
    let running = 0;
    let peak = 0;
    harness.register({
      serviceAction: 'test:slow',
      patterns: ['request-response'],
      async invoke() {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return 1;
      },
    });
    const items = Array.from({ length: 60 }, (_, i) => i);
    const { output } = await run(mapOf({}, { Item: { Type: 'Task', Resource: 'arn:aws:states:::test:slow', End: true } }), items, { harness });
    expect(output).toHaveLength(60);
    expect(peak).toBe(40);
  });

  it('fails when an item fails, aborting the signals of the running siblings', async () => {
    const harness = createHarness();
    const processor = {
      Item: {
        Type: 'Choice',
        Choices: [{ Variable: '$', NumericEquals: 0, Next: 'Boom' }],
        Default: 'Hang',
      },
      Boom: { Type: 'Task', Resource: ECHO, Parameters: { fail: { error: 'Item.Failed', cause: 'item 0' } }, End: true },
      Hang: { Type: 'Task', Resource: HANG, End: true },
    };
    const { outcome, events } = await run(mapOf({}, processor), [0, 1, 2], { harness });
    expect(outcome).toEqual({ status: 'FAILED', error: 'Item.Failed', cause: 'item 0' });
    expect(harness.abortedHangs).toHaveLength(2);
    const types = eventTypes(events);
    expect(types).toContain('MapIterationFailed');
    expect(types.filter((t) => t === 'MapIterationAborted')).toHaveLength(2);
    expect(types.slice(-2)).toEqual(['MapStateFailed', 'ExecutionFailed']);
  });

  it('tolerates failures up to ToleratedFailureCount and reports error outputs for failed items', async () => {
    const processor = {
      Item: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 1, Next: 'Boom' }], Default: 'Ok' },
      Boom: { Type: 'Fail', Error: 'Bad', Cause: 'one' },
      Ok: { Type: 'Pass', End: true },
    };
    const { output } = await run(mapOf({ ToleratedFailureCount: 1 }, processor), [0, 1, 2]);
    expect(output).toEqual([0, { Error: 'Bad', Cause: 'one' }, 2]);
  });

  it('fails with States.ExceedToleratedFailureThreshold over the tolerated percentage', async () => {
    const processor = { Item: { Type: 'Fail', Error: 'Bad' } };
    const { outcome } = await run(mapOf({ ToleratedFailurePercentage: 50, MaxConcurrency: 1 }, processor), [0, 1, 2, 3]);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });

  it('fails with States.Runtime when the items are not an array', async () => {
    const { outcome } = await run(mapOf({ ItemsPath: '$.items' }), { items: 'nope' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('lets items read outer variables but keeps their own assignments inside', async () => {
    const definition = {
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { factor: 10 }, Next: 'M' },
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Inner',
            States: { Inner: { Type: 'Pass', Assign: { inner: 1 }, Parameters: { 'f.$': '$factor', 'v.$': '$' }, End: true } },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Parameters: { 'results.$': '$', 'innerSeen.$': 'States.ArrayLength(States.Array($factor))' }, End: true },
      },
    };
    const { output } = await run(definition, [1, 2]);
    expect(output).toEqual({ results: [{ f: 10, v: 1 }, { f: 10, v: 2 }], innerSeen: 1 });
    const { outcome } = await run({ ...definition, States: { ...definition.States, After: { Type: 'Pass', Parameters: { 'x.$': '$inner' }, End: true } } }, [1]);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('chains previousEventId inside each iteration from its MapIterationStarted event', async () => {
    const { events } = await run(mapOf({}), ['a']);
    const started = events.find((e) => e.type === 'MapIterationStarted');
    const inner = events.find((e) => e.type === 'PassStateEntered');
    expect(inner?.previousEventId).toBe(started?.id);
  });
});

describe('Map state tolerance with both thresholds', () => {
  it('fails when either ToleratedFailureCount or ToleratedFailurePercentage is exceeded', async () => {
    const processor = { Item: { Type: 'Choice', Choices: [{ Variable: '$', NumericLessThan: 2, Next: 'Boom' }], Default: 'Ok' }, Boom: { Type: 'Fail', Error: 'Bad' }, Ok: { Type: 'Pass', End: true } };
    // 2 of 10 fail: 20% is within 50%, but 2 is over a count of 1.
    const { outcome } = await run(mapOf({ ToleratedFailureCount: 1, ToleratedFailurePercentage: 50, MaxConcurrency: 1 }, processor), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });
});
