import { describe, expect, it } from 'vitest';
import { createHarness, ECHO, eventTypes, fastClock, HANG, run, single } from './helpers.js';

describe('runExecution', () => {
  it('numbers events from 1 and chains previousEventId as AWS records it', async () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Task', Resource: ECHO, End: true } } };
    const { events } = await run(definition, { x: 1 });
    expect(events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'TaskStateEntered'],
      [5, 4, 'TaskScheduled'],
      [6, 5, 'TaskStarted'],
      [7, 6, 'TaskSucceeded'],
      [8, 7, 'TaskStateExited'],
      [9, 8, 'ExecutionSucceeded'],
    ]);
    expect(events[0]).toMatchObject({
      executionStartedEventDetails: { input: '{"x":1}', inputDetails: { truncated: false }, roleArn: 'arn:aws:iam::123456789012:role/sfn-ecs-local' },
    });
    expect(events[1]).toMatchObject({ stateEnteredEventDetails: { name: 'A', input: '{"x":1}', inputDetails: { truncated: false } } });
    expect(events[2]).toMatchObject({ stateExitedEventDetails: { name: 'A', output: '{"x":1}', outputDetails: { truncated: false } } });
    expect(events[8]).toMatchObject({ executionSucceededEventDetails: { output: '{"x":1}', outputDetails: { truncated: false } } });
    expect(events.every((e) => e.timestamp instanceof Date)).toBe(true);
  });

  it('reports ABORTED with an empty ExecutionAborted (previousEventId 0) and stops .sync tasks when stopped', async () => {
    const harness = createHarness();
    const controller = new AbortController();
    harness.onHang = () => controller.abort({ error: 'User.Stop', cause: 'no longer needed' });
    const { outcome, events } = await run(single({ Type: 'Task', Resource: HANG, End: true }), {}, { harness, signal: controller.signal });
    expect(outcome).toEqual({ status: 'ABORTED', error: 'User.Stop', cause: 'no longer needed' });
    expect(harness.abortedHangs).toHaveLength(1);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'ExecutionAborted', previousEventId: 0, executionAbortedEventDetails: {} });
    expect(eventTypes(events)).toContain('TaskStateAborted');
  });

  it('ends a stopped execution only after its .sync job has finished stopping', async () => {
    const harness = createHarness();
    harness.stopDelayMs = 50;
    const controller = new AbortController();
    harness.onHang = () => controller.abort();
    const { outcome } = await run(single({ Type: 'Task', Resource: HANG, End: true }), {}, { harness, signal: controller.signal });
    expect(outcome.status).toBe('ABORTED');
    expect(harness.stoppedHangs).toHaveLength(1);
  });

  it('reports TIMED_OUT with States.Timeout when the execution TimeoutSeconds passes', async () => {
    const harness = createHarness();
    const definition = { TimeoutSeconds: 1, StartAt: 'S', States: { S: { Type: 'Task', Resource: HANG, End: true } } };
    const { outcome, events } = await run(definition, {}, { harness, clock: fastClock(100) });
    expect(outcome).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout' } });
    expect(harness.abortedHangs).toHaveLength(1);
  });

  it('fails with States.DataLimitExceeded when a state output is over 262,144 bytes, even under States.ALL', async () => {
    const definition = {
      StartAt: 'Big',
      States: {
        Big: { Type: 'Task', Resource: ECHO, Parameters: { 'blob.$': "States.Format('{}{}{}{}', $.s, $.s, $.s, $.s)" }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const { outcome } = await run(definition, { s: 'x'.repeat(70_000) });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('never lets States.ALL catch States.Runtime', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: ECHO, Parameters: { 'x.$': '$.missing' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const { outcome } = await run(definition);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('exposes the Context object to every state', async () => {
    const definition = single({
      Type: 'Pass',
      Parameters: { 'ctx.$': '$$' },
      End: true,
    });
    const { output } = await run(definition, { in: 1 });
    const ctx = (output as { ctx: Record<string, unknown> }).ctx;
    expect(ctx).toMatchObject({
      Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:test:run-1', Name: 'run-1', Input: { in: 1 }, StartTime: '2026-01-01T00:00:00.000Z', RoleArn: 'arn:aws:iam::123456789012:role/sfn-ecs-local' },
      StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:test', Name: 'test' },
      State: { Name: 'S', RetryCount: 0 },
    });
    expect(typeof (ctx.State as { EnteredTime: unknown }).EnteredTime).toBe('string');
  });
});
