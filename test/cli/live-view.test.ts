import { describe, expect, it } from 'vitest';
import { LiveView } from '../../local/src/cli/live-view.js';
import type { HistoryEvent } from '../../local/src/engine/types.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 4, 0, s));
const task = (id: string, exit: number) => JSON.stringify({ TaskArn: `arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/${id}`, StopCode: 'EssentialContainerExited', Containers: [{ ExitCode: exit }] });

function render(events: Record<string, unknown>[]): string[] {
  const view = new LiveView();
  return events.flatMap((e, i) => view.format({ ...e, timestamp: at(i) } as unknown as HistoryEvent));
}

describe('live view', () => {
  it('shows states with durations, task exits, a Task retry, and the end', () => {
    const lines = render([
      { id: 1, previousEventId: 0, type: 'ExecutionStarted', executionStartedEventDetails: {} },
      { id: 2, previousEventId: 0, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Run' } },
      { id: 3, previousEventId: 2, type: 'TaskScheduled', taskScheduledEventDetails: {} },
      { id: 4, previousEventId: 3, type: 'TaskSubmitted', taskSubmittedEventDetails: { resourceType: 'ecs', resource: 'runTask.sync', output: JSON.stringify({ Tasks: [{ TaskArn: 'arn:aws:ecs:r:1:task/c/aaaaaaaa11' }] }) } },
      { id: 5, previousEventId: 4, type: 'TaskFailed', taskFailedEventDetails: { error: 'States.TaskFailed', cause: task('aaaaaaaa11', 1) } },
      { id: 6, previousEventId: 5, type: 'TaskScheduled', taskScheduledEventDetails: {} },
      { id: 7, previousEventId: 6, type: 'TaskSucceeded', taskSucceededEventDetails: { output: task('bbbbbbbb22', 0) } },
      { id: 8, previousEventId: 7, type: 'TaskStateExited', stateExitedEventDetails: { name: 'Run' } },
      { id: 9, previousEventId: 8, type: 'ExecutionSucceeded', executionSucceededEventDetails: {} },
    ]);
    expect(lines).toEqual([
      '▶ execution started',
      '  → Run (Task)',
      '    ▷ task aaaaaaaa started (ecs:runTask.sync)',
      '    ✖ task aaaaaaaa stopped: exit 1  1.00s  States.TaskFailed',
      '    ↻ retry 1 of Run',
      '    ■ task bbbbbbbb stopped: exit 0',
      '  ← Run  6.00s',
      '✔ SUCCEEDED in 8.00s',
    ]);
  });

  it('labels Map items by index, following each event\'s previousEventId', () => {
    const lines = render([
      { id: 1, previousEventId: 0, type: 'MapStateEntered', stateEnteredEventDetails: { name: 'Fan' } },
      { id: 2, previousEventId: 1, type: 'MapIterationStarted', mapIterationStartedEventDetails: { index: 0 } },
      { id: 3, previousEventId: 2, type: 'MapIterationStarted', mapIterationStartedEventDetails: { index: 1 } },
      { id: 4, previousEventId: 2, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Item' } },
      { id: 5, previousEventId: 3, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Item' } },
      { id: 6, previousEventId: 5, type: 'FailStateEntered', stateEnteredEventDetails: { name: 'Boom' } },
      { id: 7, previousEventId: 6, type: 'MapIterationFailed', mapIterationFailedEventDetails: { index: 1 } },
      { id: 8, previousEventId: 4, type: 'MapIterationAborted', mapIterationAbortedEventDetails: { index: 0 } },
    ]);
    expect(lines).toEqual([
      '  → Fan (Map)',
      '    ⇉ item 0 started',
      '    ⇉ item 1 started',
      '  [0] → Item (Pass)',
      '  [1] → Item (Pass)',
      '  [1] → Boom (Fail)',
      '    ✖ item 1 failed',
      '    ✖ item 0 aborted',
    ]);
  });
});
