/**
 * History event ids and previousEventId chains compared with executions recorded on AWS, as kept in
 * localstack/localstack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json
 * (test_map_state_catch, test_map_state_retry, test_map_state_item_selector, test_parallel_state;
 * recorded July 2023). The definitions are rebuilt from those histories. AWS ran those Map items one
 * after another, so the Map here runs with MaxConcurrency 1. The last case comes from a run whose Map
 * items ran at once (tests/aws/services/stepfunctions/v2/timeouts/test_timeouts.snapshot.json).
 */
import { describe, expect, it } from 'vitest';
import { createHarness, manualClock, run } from './helpers.js';

const chain = (events: { id: number; previousEventId: number; type: string }[]) => events.map((e) => [e.id, e.previousEventId, e.type]);

const failingMap = (extra: Record<string, unknown>) => ({
  StartAt: 'StartState',
  States: {
    StartState: { Type: 'Pass', Result: { arr: [1] }, Next: 'MapState' },
    MapState: {
      Type: 'Map',
      ItemsPath: '$.arr',
      MaxConcurrency: 1,
      ItemProcessor: { StartAt: 'HandleItemFail', States: { HandleItemFail: { Type: 'Fail', Error: 'HandleItemFailError', Cause: 'HandleItemFailCause' } } },
      End: true,
      ...extra,
    },
    FinalCaught: { Type: 'Pass', End: true },
  },
});

describe('history chains recorded on AWS', () => {
  it('Map whose item fails, caught (test_map_state_catch)', async () => {
    const { events, output } = await run(failingMap({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'FinalCaught' }] }));
    expect(output).toEqual({ Error: 'HandleItemFailError', Cause: 'HandleItemFailCause' });
    expect(chain(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'MapStateEntered'],
      [5, 4, 'MapStateStarted'],
      [6, 5, 'MapIterationStarted'],
      [7, 6, 'FailStateEntered'],
      [8, 7, 'MapIterationFailed'],
      [9, 7, 'MapStateFailed'],
      [10, 9, 'MapStateExited'],
      [11, 10, 'PassStateEntered'],
      [12, 11, 'PassStateExited'],
      [13, 12, 'ExecutionSucceeded'],
    ]);
  });

  it('Map whose item fails, retried twice then failing (test_map_state_retry)', async () => {
    const { events, outcome } = await run(failingMap({ Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }] }));
    expect(outcome).toEqual({ status: 'FAILED', error: 'HandleItemFailError', cause: 'HandleItemFailCause' });
    expect(chain(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'MapStateEntered'],
      [5, 4, 'MapStateStarted'],
      [6, 5, 'MapIterationStarted'],
      [7, 6, 'FailStateEntered'],
      [8, 7, 'MapIterationFailed'],
      [9, 7, 'MapStateStarted'],
      [10, 9, 'MapIterationStarted'],
      [11, 10, 'FailStateEntered'],
      [12, 11, 'MapIterationFailed'],
      [13, 11, 'MapStateStarted'],
      [14, 13, 'MapIterationStarted'],
      [15, 14, 'FailStateEntered'],
      [16, 15, 'MapIterationFailed'],
      [17, 15, 'MapStateFailed'],
      [18, 17, 'ExecutionFailed'],
    ]);
  });

  it('Map over several items (test_map_state_item_selector)', async () => {
    const definition = {
      StartAt: 'StartState',
      States: {
        StartState: { Type: 'Pass', Next: 'MapState' },
        MapState: {
          Type: 'Map',
          ItemsPath: '$.xs',
          MaxConcurrency: 1,
          ItemProcessor: { StartAt: 'HandleItem', States: { HandleItem: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const { events } = await run(definition, { xs: [1, 2] });
    expect(chain(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'MapStateEntered'],
      [5, 4, 'MapStateStarted'],
      [6, 5, 'MapIterationStarted'],
      [7, 6, 'PassStateEntered'],
      [8, 7, 'PassStateExited'],
      [9, 8, 'MapIterationSucceeded'],
      [10, 8, 'MapIterationStarted'],
      [11, 10, 'PassStateEntered'],
      [12, 11, 'PassStateExited'],
      [13, 12, 'MapIterationSucceeded'],
      [14, 13, 'MapStateSucceeded'],
      [15, 13, 'MapStateExited'],
      [16, 15, 'ExecutionSucceeded'],
    ]);
  });

  it('Parallel state exits after its last branch event (test_parallel_state)', async () => {
    const pass = (name: string) => ({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } });
    const definition = {
      StartAt: 'LoadInput',
      States: {
        LoadInput: { Type: 'Pass', Result: [1, 2, 3, 4], Next: 'ParallelState' },
        ParallelState: { Type: 'Parallel', Branches: [pass('Branch1'), pass('Branch2'), pass('Branch3')], End: true },
      },
    };
    const { events, output } = await run(definition);
    expect(output).toEqual([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]);
    const tail = chain(events).slice(-3);
    expect(tail).toEqual([
      [12, 11, 'ParallelStateSucceeded'],
      [13, 11, 'ParallelStateExited'],
      [14, 13, 'ExecutionSucceeded'],
    ]);
    expect(chain(events).slice(0, 5)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'ParallelStateEntered'],
      [5, 4, 'ParallelStateStarted'],
    ]);
  });

  it('Map whose iterations run concurrently and one times out (test_service_lambda_map_timeout, test_timeouts.snapshot.json, recorded March 2024)', async () => {
    // AWS ran four iterations at once: their events interleave in time order, every MapIterationStarted
    // chains to MapStateStarted, and after the first TaskTimedOut the failed iteration, each aborted
    // sibling (TaskStateAborted, MapIterationAborted) and MapStateFailed all chain to that TaskTimedOut.
    const harness = createHarness();
    const clock = manualClock();
    const definition = {
      StartAt: 'MapWait',
      States: {
        MapWait: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Invoke', States: { Invoke: { Type: 'Task', Resource: 'arn:aws:states:::test:hang', TimeoutSecondsPath: '$.t', End: true } } },
          End: true,
        },
      },
    };
    const running = run(definition, [{ t: 1 }, { t: 100 }, { t: 100 }, { t: 100 }], { harness, clock });
    await clock.advance(1_000);
    const { events, outcome } = await running;

    expect(outcome).toEqual({ status: 'FAILED', error: 'States.Timeout' });
    const ofType = (type: string) => events.filter((e) => e.type === type);
    const mapStarted = ofType('MapStateStarted')[0]!;
    const iterationStarts = ofType('MapIterationStarted');
    // As recorded: ids 4-7, all four started before any iteration's first state.
    expect(iterationStarts.map((e) => [e.id, e.previousEventId])).toEqual([[4, 3], [5, 3], [6, 3], [7, 3]]);
    expect(mapStarted.id).toBe(3);
    expect(ofType('TaskStateEntered').map((e) => e.previousEventId).sort()).toEqual(iterationStarts.map((e) => e.id).sort());
    const timedOut = ofType('TaskTimedOut');
    expect(timedOut).toHaveLength(1);
    const failingId = timedOut[0]!.id;
    const afterFailure = events.filter((e) => e.id > failingId).map((e) => [e.type, e.previousEventId === failingId]);
    expect(afterFailure).toEqual([
      ['MapIterationFailed', true],
      ['TaskStateAborted', true],
      ['MapIterationAborted', true],
      ['TaskStateAborted', true],
      ['MapIterationAborted', true],
      ['TaskStateAborted', true],
      ['MapIterationAborted', true],
      ['MapStateFailed', true],
      ['ExecutionFailed', false],
    ]);
    expect(ofType('ExecutionFailed')[0]!.previousEventId).toBe(ofType('MapStateFailed')[0]!.id);
  });
});
