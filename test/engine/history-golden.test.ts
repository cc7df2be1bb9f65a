/**
 * History event ids and previousEventId chains compared with executions recorded on AWS, as kept in
 * localstack/localstack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json
 * (test_map_state_catch, test_map_state_retry, test_map_state_item_selector, test_parallel_state;
 * recorded July 2023). The definitions are rebuilt from those histories. AWS ran those Map items one
 * after another, so the Map here runs with MaxConcurrency 1.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

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
});
