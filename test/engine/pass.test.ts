import { describe, expect, it } from 'vitest';
import { eventTypes, run, single } from './helpers.js';

describe('Pass state', () => {
  it('passes its input through by default', async () => {
    const { output, events } = await run(single({ Type: 'Pass', End: true }), { a: 1 });
    expect(output).toEqual({ a: 1 });
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  it.each([
    ['Result replaces the input', { Result: { r: 1 } }, { a: 1 }, { r: 1 }],
    ['ResultPath merges the result into the input', { Result: 'x', ResultPath: '$.out.value' }, { a: 1 }, { a: 1, out: { value: 'x' } }],
    ['ResultPath null keeps the input', { Result: 'x', ResultPath: null }, { a: 1 }, { a: 1 }],
    ['InputPath selects part of the input', { InputPath: '$.inner' }, { inner: { b: 2 } }, { b: 2 }],
    ['OutputPath selects part of the output', { OutputPath: '$.inner.b' }, { inner: { b: 2 } }, 2],
    ['InputPath null gives an empty object', { InputPath: null }, { a: 1 }, {}],
    ['Parameters build a new object from paths and the context', { Parameters: { 'x.$': '$.a', fixed: true, 'name.$': '$$.Execution.Name', 'state.$': '$$.State.Name' } }, { a: 1 }, { x: 1, fixed: true, name: 'run-1', state: 'S' }],
    ['array index paths yield the element', { Parameters: { 'first.$': '$.items[0]', 'all.$': '$.items[*].id' } }, { items: [{ id: 'a' }, { id: 'b' }] }, { first: { id: 'a' }, all: ['a', 'b'] }],
    ['filter paths work', { Parameters: { 'big.$': '$.n[?(@ > 2)]' } }, { n: [1, 3, 5] }, { big: [3, 5] }],
  ])('%s', async (_name, fields, input, expected) => {
    const { output } = await run(single({ Type: 'Pass', End: true, ...fields }), input);
    expect(output).toEqual(expected);
  });

  it('fails with States.Runtime naming the field when a Parameters path is missing', async () => {
    const { outcome } = await run(single({ Type: 'Pass', End: true, Parameters: { 'x.$': '$.missing' } }), { a: 1 });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(outcome.status === 'FAILED' && outcome.cause).toContain("'x.$'");
  });

  it('fails with States.ResultPathMatchFailure when the input cannot hold the result', async () => {
    const { outcome } = await run(single({ Type: 'Pass', End: true, Result: 1, ResultPath: '$.a.b' }), { a: 'text' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.ResultPathMatchFailure' });
  });

  it('assigns variables that later states read, JSONPath flavour', async () => {
    const definition = {
      StartAt: 'One',
      States: {
        One: { Type: 'Pass', Result: { n: 5 }, Assign: { 'count.$': '$.n', label: 'fixed' }, Next: 'Two' },
        Two: { Type: 'Pass', Parameters: { 'count.$': '$count', 'label.$': '$label' }, End: true },
      },
    };
    const { output } = await run(definition);
    expect(output).toEqual({ count: 5, label: 'fixed' });
  });
});
