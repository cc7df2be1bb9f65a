/**
 * The engine's list of history event types is AWS's: the same names as the SDK's HistoryEventType
 * (so a typo in an event the engine records fails to compile, and a type AWS adds shows up here).
 */
import { HistoryEventType } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { HISTORY_EVENT_TYPES, stateExitedType } from '../../local/src/engine/history-event-types.js';

describe('history event types', () => {
  it('are exactly the SDK model’s HistoryEventType names', () => {
    expect([...HISTORY_EVENT_TYPES].sort()).toEqual(Object.values(HistoryEventType).sort());
  });

  it('give every state type but Fail an exited event of that list', () => {
    expect(stateExitedType('Fail')).toBeUndefined();
    for (const type of ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Parallel', 'Map'] as const) {
      expect(HISTORY_EVENT_TYPES).toContain(stateExitedType(type));
    }
  });
});
