import { describe, expect, it } from 'vitest';
import type { TaskInvocation } from '../../local/src/engine/integration.js';
import { CALLBACK, createHarness, eventTypes, fastClock, run, single } from './helpers.js';

const callbackState = (extra: Record<string, unknown> = {}) =>
  single({ Type: 'Task', Resource: CALLBACK, Parameters: { 'token.$': '$$.Task.Token', 'job.$': '$.job' }, End: true, ...extra });

describe('Task state, waitForTaskToken', () => {
  it('puts a fresh opaque token in $$.Task.Token and succeeds with the SendTaskSuccess output', async () => {
    const harness = createHarness();
    let seen: TaskInvocation | undefined;
    harness.onCallback = (invocation) => {
      seen = invocation;
      expect(harness.taskTokens.sendSuccess(invocation.taskToken as string, '{"rows":3}')).toEqual({ ok: true });
    };
    const { output, events } = await run(callbackState(), { job: 'a' }, { harness });
    expect(output).toEqual({ rows: 3 });
    const token = seen?.taskToken as string;
    expect(seen?.parameters).toEqual({ token, job: 'a' });
    expect(token.length).toBeGreaterThan(20);
    expect(token.length).toBeLessThanOrEqual(2048);
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    // After the state ended, the token is closed.
    expect(harness.taskTokens.sendSuccess(token, '{}')).toMatchObject({ ok: false, code: 'TaskTimedOut' });
  });

  it('fails with the error and cause given to SendTaskFailure', async () => {
    const harness = createHarness();
    harness.onCallback = (invocation) => harness.taskTokens.sendFailure(invocation.taskToken as string, 'Worker.InvalidInput', 'bad size');
    const { outcome, events } = await run(callbackState(), { job: 'a' }, { harness });
    expect(outcome).toEqual({ status: 'FAILED', error: 'Worker.InvalidInput', cause: 'bad size' });
    expect(events.find((e) => e.type === 'TaskFailed')).toMatchObject({ taskFailedEventDetails: { error: 'Worker.InvalidInput', cause: 'bad size' } });
  });

  it('catches a SendTaskFailure without error or cause as {Error: null, Cause: null}', async () => {
    const harness = createHarness();
    harness.onCallback = (invocation) => harness.taskTokens.sendFailure(invocation.taskToken as string);
    const definition = {
      StartAt: 'S',
      States: {
        S: { Type: 'Task', Resource: CALLBACK, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const { output } = await run(definition, {}, { harness });
    expect(output).toEqual({ Error: null, Cause: null });
  });

  it('rejects output that is not JSON with InvalidOutput and keeps waiting', async () => {
    const harness = createHarness();
    harness.onCallback = (invocation) => {
      const token = invocation.taskToken as string;
      expect(harness.taskTokens.sendSuccess(token, '{not json')).toMatchObject({ ok: false, code: 'InvalidOutput' });
      harness.taskTokens.sendSuccess(token, '"ok"');
    };
    const { output } = await run(callbackState(), { job: 'a' }, { harness });
    expect(output).toBe('ok');
  });

  it('answers InvalidToken for a token it never issued', () => {
    const harness = createHarness();
    expect(harness.taskTokens.sendHeartbeat('not-a-token')).toMatchObject({ ok: false, code: 'InvalidToken' });
  });

  it('fails with States.HeartbeatTimeout when heartbeats stop, and States.Timeout matches it', async () => {
    const harness = createHarness();
    const replies: unknown[] = [];
    harness.onCallback = (invocation) => {
      const token = invocation.taskToken as string;
      // Three heartbeats, one per 20 ms, each well inside the 500 ms heartbeat window; then silence.
      const timer = setInterval(() => {
        replies.push(harness.taskTokens.sendHeartbeat(token));
        if (replies.length === 3) clearInterval(timer);
      }, 20);
    };
    const definition = {
      StartAt: 'S',
      States: {
        S: { Type: 'Task', Resource: CALLBACK, HeartbeatSeconds: 1, TimeoutSeconds: 100, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Pass', End: true },
      },
    };
    // 1 heartbeat-second lasts 500 ms of real time.
    const { output, events } = await run(definition, {}, { harness, clock: fastClock(2) });
    expect(output).toEqual({ Error: 'States.HeartbeatTimeout' });
    expect(replies).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(events.find((e) => e.type === 'TaskTimedOut')).toMatchObject({ taskTimedOutEventDetails: { error: 'States.HeartbeatTimeout' } });
  });

  it('fails with States.Timeout when TimeoutSeconds passes, and the token then answers TaskTimedOut', async () => {
    const harness = createHarness();
    let token = '';
    harness.onCallback = (invocation) => {
      token = invocation.taskToken as string;
    };
    const { outcome } = await run(callbackState({ TimeoutSeconds: 1 }), { job: 'a' }, { harness, clock: fastClock(100) });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(harness.taskTokens.sendSuccess(token, '{}')).toMatchObject({ ok: false, code: 'TaskTimedOut' });
  });

  it('issues a new token for every retry attempt', async () => {
    const harness = createHarness();
    const tokens: string[] = [];
    harness.onCallback = (invocation) => {
      tokens.push(invocation.taskToken as string);
      if (tokens.length === 1) harness.taskTokens.sendFailure(invocation.taskToken as string, 'Worker.Failed', 'first');
      else harness.taskTokens.sendSuccess(invocation.taskToken as string, '{}');
    };
    const { outcome } = await run(callbackState({ Retry: [{ ErrorEquals: ['Worker.Failed'] }] }), { job: 'a' }, { harness });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('closes the token when the execution is stopped, so the worker learns it from TaskTimedOut', async () => {
    const harness = createHarness();
    const controller = new AbortController();
    let token = '';
    harness.onCallback = (invocation) => {
      token = invocation.taskToken as string;
      controller.abort();
    };
    const { outcome } = await run(callbackState(), { job: 'a' }, { harness, signal: controller.signal });
    expect(outcome.status).toBe('ABORTED');
    expect(harness.taskTokens.sendHeartbeat(token)).toMatchObject({ ok: false, code: 'TaskTimedOut' });
  });
});
