import { describe, expect, it } from 'vitest';
import { CALLBACK, createHarness, ECHO, eventTypes, fastClock, HANG, run, single } from './helpers.js';

describe('Task state', () => {
  it('calls the registered integration with its Parameters and records the task events', async () => {
    const harness = createHarness();
    const { output, events } = await run(single({ Type: 'Task', Resource: ECHO, Parameters: { 'v.$': '$.v' }, TimeoutSeconds: 30, End: true }), { v: 7 }, { harness });
    expect(output).toEqual({ v: 7 });
    expect(harness.invocations[0]).toMatchObject({ resource: ECHO, pattern: 'request-response', parameters: { v: 7 } });
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(events[2]).toMatchObject({
      taskScheduledEventDetails: { resourceType: 'test', resource: 'echo', region: 'us-east-1', parameters: '{"v":7}', timeoutInSeconds: 30 },
    });
    expect(events[4]).toMatchObject({ taskSucceededEventDetails: { resourceType: 'test', resource: 'echo', output: '{"v":7}', outputDetails: { truncated: false } } });
  });

  it('applies ResultSelector, ResultPath and OutputPath to the result', async () => {
    const state = { Type: 'Task', Resource: ECHO, Parameters: { a: 1, b: 2 }, ResultSelector: { 'sum.$': 'States.MathAdd($.a, $.b)' }, ResultPath: '$.task', OutputPath: '$.task.sum', End: true };
    const { output } = await run(single(state), { keep: true });
    expect(output).toBe(3);
  });

  it('retries with backoff until the task succeeds, and counts retries in the context', async () => {
    const harness = createHarness();
    const state = {
      Type: 'Task',
      Resource: ECHO,
      Parameters: { key: 'k1', fail: { error: 'Worker.Failed', times: 2 }, 'retry.$': '$$.State.RetryCount' },
      Retry: [{ ErrorEquals: ['Worker.Failed'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }],
      End: true,
    };
    const { output, events } = await run(single(state), {}, { harness });
    expect(output).toMatchObject({ retry: 2 });
    expect(harness.invocations).toHaveLength(3);
    expect(eventTypes(events).filter((t) => t === 'TaskFailed')).toHaveLength(2);
    expect(eventTypes(events).filter((t) => t === 'TaskStateEntered')).toHaveLength(1);
  });

  it('gives up after MaxAttempts and then catches with ResultPath', async () => {
    const harness = createHarness();
    const definition = {
      StartAt: 'Run',
      States: {
        Run: {
          Type: 'Task',
          Resource: ECHO,
          Parameters: { fail: { error: 'Worker.Failed', cause: 'boom' } },
          Retry: [{ ErrorEquals: ['Worker.Failed'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }],
          Next: 'Done',
        },
        Recover: { Type: 'Pass', End: true },
        Done: { Type: 'Succeed' },
      },
    };
    const { output } = await run(definition, { orig: 1 }, { harness });
    expect(harness.invocations).toHaveLength(3);
    expect(output).toEqual({ orig: 1, error: { Error: 'Worker.Failed', Cause: 'boom' } });
  });

  it('catches with the default ResultPath, replacing the input with the error output', async () => {
    const definition = {
      StartAt: 'Run',
      States: {
        Run: { Type: 'Task', Resource: ECHO, Parameters: { fail: { error: 'E', cause: 'c' } }, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Recover' }], End: true },
        Recover: { Type: 'Pass', End: true },
      },
    };
    const { output, events } = await run(definition, { orig: 1 });
    expect(output).toEqual({ Error: 'E', Cause: 'c' });
    expect(eventTypes(events)).toContain('TaskStateExited');
  });

  it('keeps retrier counters across visits to the same state', async () => {
    const harness = createHarness();
    const definition = {
      StartAt: 'Run',
      States: {
        Run: {
          Type: 'Task',
          Resource: ECHO,
          Parameters: { fail: { error: 'E' } },
          Retry: [{ ErrorEquals: ['E'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['E'], ResultPath: null, Next: 'Again' }],
          End: true,
        },
        Again: {
          Type: 'Choice',
          Choices: [{ Variable: '$.visited', IsPresent: false, Next: 'Mark' }],
          Default: 'Stop',
        },
        Mark: { Type: 'Pass', Result: true, ResultPath: '$.visited', Next: 'Run' },
        Stop: { Type: 'Fail', Error: 'Gave.Up' },
      },
    };
    const { outcome } = await run(definition, {}, { harness });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'Gave.Up' });
    // First visit: 1 + 2 retries; second visit: the retrier is spent, so 1 call only.
    expect(harness.invocations).toHaveLength(4);
  });

  it('turns a plain exception from an integration into States.TaskFailed', async () => {
    const { outcome } = await run(single({ Type: 'Task', Resource: ECHO, Parameters: { throwPlain: 'socket closed' }, End: true }));
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.TaskFailed', cause: 'socket closed' });
  });

  it('fails with a cause that names a resource not available locally and how to register one', async () => {
    const { outcome, events } = await run(single({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:nope', End: true }));
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    const cause = outcome.status === 'FAILED' ? (outcome.cause ?? '') : '';
    expect(cause).toContain('arn:aws:lambda:us-east-1:123456789012:function:nope');
    expect(cause).toContain('not available locally');
    expect(cause).toContain("Register a handler in RuntimeOptions.integrations ([{ serviceAction: 'arn:aws:lambda:us-east-1:123456789012:function:nope', patterns: ['request-response'], invoke }])");
    expect(cause).toContain('or mock this state in the mock configuration');
    expect(eventTypes(events)).toContain('TaskStartFailed');
  });

  it('times out a .sync task with States.Timeout and aborts its signal', async () => {
    const harness = createHarness();
    const { outcome, events } = await run(single({ Type: 'Task', Resource: HANG, TimeoutSeconds: 1, End: true }), {}, { harness, clock: fastClock(100) });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(harness.abortedHangs).toHaveLength(1);
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskTimedOut', 'ExecutionFailed']);
    expect(events[5]).toMatchObject({ taskTimedOutEventDetails: { error: 'States.Timeout' } });
  });

  it('does not let States.TaskFailed catch a timeout', async () => {
    const definition = {
      StartAt: 'Run',
      States: {
        Run: { Type: 'Task', Resource: HANG, TimeoutSeconds: 1, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }, { ErrorEquals: ['States.Timeout'], Next: 'TimedOut' }], End: true },
        Caught: { Type: 'Pass', Result: 'caught', End: true },
        TimedOut: { Type: 'Pass', Result: 'timed out', End: true },
      },
    };
    const { output } = await run(definition, {}, { clock: fastClock(100) });
    expect(output).toBe('timed out');
  });

  it('records TaskSubmitted with the start response for .sync and callback tasks', async () => {
    const harness = createHarness();
    harness.onCallback = (invocation) => harness.taskTokens.sendSuccess(invocation.taskToken as string, '{"done":1}');
    const { events } = await run(single({ Type: 'Task', Resource: CALLBACK, End: true }), {}, { harness });
    expect(events.find((e) => e.type === 'TaskSubmitted')).toMatchObject({ taskSubmittedEventDetails: { resourceType: 'test', resource: 'callback.waitForTaskToken', output: '{"started":true}' } });
  });

  it('reads TimeoutSecondsPath and HeartbeatSecondsPath from the effective input', async () => {
    const state = { Type: 'Task', Resource: ECHO, TimeoutSecondsPath: '$.limits.timeout', HeartbeatSecondsPath: '$.limits.heartbeat', End: true };
    const { events } = await run(single(state), { limits: { timeout: 60, heartbeat: 10 } });
    expect(events.find((e) => e.type === 'TaskScheduled')).toMatchObject({ taskScheduledEventDetails: { timeoutInSeconds: 60, heartbeatInSeconds: 10 } });
  });

  it('fails with States.Runtime when TimeoutSecondsPath does not give a positive integer', async () => {
    const { outcome } = await run(single({ Type: 'Task', Resource: ECHO, TimeoutSecondsPath: '$.t', End: true }), { t: 'soon' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});
