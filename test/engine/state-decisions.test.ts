/**
 * The envelope's decisions that an execution and TestState share: the same error must get the same
 * retrier, catcher and next state in both.
 */
import { describe, expect, it } from 'vitest';
import type { State } from '../../local/src/asl/types.js';
import { chooseCatcher, chooseRetry, nextState, queryStrategyFor, usesTaskToken } from '../../local/src/engine/state-decisions.js';

const task = (extra: Record<string, unknown>): State => ({ Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Next: 'After', ...extra }) as State;

describe('state decisions', () => {
  const state = task({
    Retry: [
      { ErrorEquals: ['Worker.Busy'], MaxAttempts: 2 },
      { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
    ],
    Catch: [
      { ErrorEquals: ['Worker.InvalidInput'], Next: 'Bad input' },
      { ErrorEquals: ['States.ALL'], Next: 'Anything else' },
    ],
  });

  it('retries with the first matching retrier while it has attempts left, and never falls through to a later one', () => {
    expect(chooseRetry(state, 'Worker.Busy', () => 0)).toMatchObject({ index: 0, attempt: 1 });
    expect(chooseRetry(state, 'Worker.Busy', () => 1)).toMatchObject({ index: 0, attempt: 2 });
    expect(chooseRetry(state, 'Worker.Busy', () => 2)).toBeUndefined();
    expect(chooseRetry(state, 'States.Timeout', (index) => (index === 1 ? 4 : 0))).toMatchObject({ index: 1, attempt: 5 });
    expect(chooseRetry(task({}), 'Worker.Busy', () => 0)).toBeUndefined();
  });

  it('catches with the first matching catcher', () => {
    expect(chooseCatcher(state, 'Worker.InvalidInput')).toEqual({ index: 0, catcher: { ErrorEquals: ['Worker.InvalidInput'], Next: 'Bad input' } });
    expect(chooseCatcher(state, 'States.TaskFailed')?.index).toBe(1);
    expect(chooseCatcher(task({}), 'States.TaskFailed')).toBeUndefined();
  });

  it('goes to Next, a Choice pick first, and nowhere after End or Succeed', () => {
    expect(nextState(state, undefined)).toBe('After');
    expect(nextState({ Type: 'Choice', Choices: [], Default: 'D' } as unknown as State, 'Picked')).toBe('Picked');
    expect(nextState(task({ Next: undefined, End: true }), undefined)).toBeUndefined();
    expect(nextState({ Type: 'Succeed' } as State, undefined)).toBeUndefined();
  });

  it('gives a token to callback and .sync tasks only, and takes the state’s query language over the machine’s', () => {
    expect(usesTaskToken(state)).toBe(true);
    expect(usesTaskToken(task({ Resource: 'arn:aws:states:::ecs:runTask' }))).toBe(false);
    expect(queryStrategyFor(state, 'JSONata').name).toBe('JSONata');
    expect(queryStrategyFor(task({ QueryLanguage: 'JSONPath' }), 'JSONata').name).toBe('JSONPath');
    expect(queryStrategyFor(state, 'JSONPath').name).toBe('JSONPath');
  });
});
