import { describe, expect, it } from 'vitest';
import { createHarness, ECHO, eventTypes, HANG, run } from './helpers.js';

describe('Parallel state', () => {
  it('runs every branch on the same input and returns their outputs in branch order', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'a.$': '$.n' }, End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Task', Resource: ECHO, Parameters: { 'b.$': '$.n' }, End: true } } },
          ],
          ResultSelector: { 'first.$': '$[0].a', 'second.$': '$[1].b' },
          End: true,
        },
      },
    };
    const { output, events } = await run(definition, { n: 4 });
    expect(output).toEqual({ first: 4, second: 4 });
    const types = eventTypes(events);
    expect(types.slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
    expect(types.slice(-3)).toEqual(['ParallelStateSucceeded', 'ParallelStateExited', 'ExecutionSucceeded']);
  });

  it('fails with the failing branch error and aborts the other branches', async () => {
    const harness = createHarness();
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Task', Resource: HANG, End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Task', Resource: ECHO, Parameters: { fail: { error: 'Branch.Broke', cause: 'b' } }, End: true } } },
          ],
          Catch: [{ ErrorEquals: ['Branch.Broke'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const { output, events } = await run(definition, {}, { harness });
    expect(output).toEqual({ Error: 'Branch.Broke', Cause: 'b' });
    expect(harness.abortedHangs).toHaveLength(1);
    expect(harness.abortedHangs[0]?.signal.aborted).toBe(true);
    expect(eventTypes(events)).toContain('ParallelStateFailed');
    expect(eventTypes(events)).toContain('TaskStateAborted');
  });

  it('retries the whole Parallel state', async () => {
    const harness = createHarness();
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'A', States: { A: { Type: 'Task', Resource: ECHO, Parameters: { key: 'p', fail: { error: 'Flaky', times: 1 } }, End: true } } }],
          Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1 }],
          End: true,
        },
      },
    };
    const { output } = await run(definition, {}, { harness });
    expect(output).toEqual([{ key: 'p', fail: { error: 'Flaky', times: 1 } }]);
    expect(harness.invocations).toHaveLength(2);
  });
});
