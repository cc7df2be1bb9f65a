/**
 * When a Task's TimeoutSeconds and HeartbeatSeconds clocks start and what they apply to.
 * AWS: "The count begins after the task has been started" (DG amazon-states-language-task-state);
 * SendTaskHeartbeat serves "Task states using the callback pattern, and optionally Task states using
 * the job run pattern", and a missed heartbeat writes TaskTimedOut "for tasks using the job run or
 * callback pattern" (BC-SFN SendTaskHeartbeat); a Batch .sync state with HeartbeatSeconds and no
 * heartbeats fails (aws-samples/aws-batch-genomics#16).
 */
import { describe, expect, it } from 'vitest';
import type { InvocationHooks, TaskInvocation } from '../../local/src/engine/integration.js';
import { createHarness, deferred, eventTypes, type Harness, manualClock, run, single } from './helpers.js';

const SLOW_START = 'arn:aws:states:::test:slowStart.waitForTaskToken';
const JOB = 'arn:aws:states:::test:job.sync';

/** test:slowStart: a callback integration whose start (RunTask) answers only when `release` is called. */
function withSlowStart(harness: Harness): { release: () => void; invocations: TaskInvocation[] } {
  const started = deferred();
  const invocations: TaskInvocation[] = [];
  harness.register({
    serviceAction: 'test:slowStart',
    patterns: ['waitForTaskToken'],
    async invoke(invocation, hooks) {
      invocations.push(invocation);
      await started.promise;
      hooks.submitted({ started: true });
      return { started: true };
    },
  });
  return { release: () => started.resolve(), invocations };
}

interface Job {
  readonly invocation: TaskInvocation;
  finish(output: unknown): void;
}

/** test:job(.sync): submits at once, then runs until the test finishes it or its signal aborts (then it stops). */
function withJobs(harness: Harness): Job[] {
  const jobs: Job[] = [];
  harness.register({
    serviceAction: 'test:job',
    patterns: ['sync'],
    invoke(invocation: TaskInvocation, hooks: InvocationHooks) {
      hooks.submitted({ submitted: true });
      return new Promise((resolve, reject) => {
        jobs.push({ invocation, finish: resolve });
        invocation.signal.addEventListener('abort', () => reject(new Error('job stopped')), { once: true });
      });
    },
  });
  return jobs;
}

describe('Task TimeoutSeconds, callback pattern', () => {
  it('starts counting once the task has been submitted, not while its start is still running', async () => {
    const harness = createHarness();
    const clock = manualClock();
    const slow = withSlowStart(harness);
    const running = run(single({ Type: 'Task', Resource: SLOW_START, TimeoutSeconds: 10, End: true }), {}, { harness, clock });

    await clock.advance(8_000);
    slow.release();
    await clock.advance(9_900);
    // 17.9 s after TaskStarted but only 9.9 s after TaskSubmitted: still waiting for the token.
    const token = slow.invocations[0]?.taskToken as string;
    expect(harness.taskTokens.sendHeartbeat(token)).toEqual({ ok: true });
    await clock.advance(200);
    const { outcome, events } = await running;

    expect(outcome).toEqual({ status: 'FAILED', error: 'States.Timeout' });
    expect(eventTypes(events).slice(2)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskTimedOut', 'ExecutionFailed']);
    const submittedAt = events.find((e) => e.type === 'TaskSubmitted')!.timestamp.getTime();
    expect(events.find((e) => e.type === 'TaskTimedOut')!.timestamp.getTime() - submittedAt).toBe(10_000);
  });

  it('still ends with States.Timeout when the start never answers, and tells the integration to give up', async () => {
    const harness = createHarness();
    const clock = manualClock();
    const slow = withSlowStart(harness);
    const running = run(single({ Type: 'Task', Resource: SLOW_START, TimeoutSeconds: 10, End: true }), {}, { harness, clock });

    await clock.advance(10_000);
    const { outcome, events } = await running;

    expect(outcome).toEqual({ status: 'FAILED', error: 'States.Timeout' });
    expect(eventTypes(events)).not.toContain('TaskSubmitted');
    expect(events.find((e) => e.type === 'TaskTimedOut')).toMatchObject({ taskTimedOutEventDetails: { error: 'States.Timeout' } });
    expect(slow.invocations[0]?.signal.aborted).toBe(true);
    expect(harness.taskTokens.sendSuccess(slow.invocations[0]?.taskToken as string, '{}')).toMatchObject({ ok: false, code: 'TaskTimedOut' });
  });
});

describe('Task HeartbeatSeconds, .sync (job run) pattern', () => {
  const syncState = (extra: Record<string, unknown> = {}) =>
    single({ Type: 'Task', Resource: JOB, Parameters: { 'token.$': '$$.Task.Token' }, End: true, ...extra });

  it('fails with States.HeartbeatTimeout and stops the job when no heartbeat arrives in time', async () => {
    const harness = createHarness();
    const clock = manualClock();
    const jobs = withJobs(harness);
    const definition = {
      StartAt: 'S',
      States: {
        S: { Type: 'Task', Resource: JOB, HeartbeatSeconds: 5, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const running = run(definition, {}, { harness, clock });

    await clock.advance(5_000);
    const { output, events } = await running;

    expect(output).toEqual({ Error: 'States.HeartbeatTimeout' });
    expect(events.find((e) => e.type === 'TaskTimedOut')).toMatchObject({ taskTimedOutEventDetails: { error: 'States.HeartbeatTimeout', resource: 'job.sync' } });
    expect(eventTypes(events)).not.toContain('TaskFailed');
    expect(jobs[0]?.invocation.signal.aborted).toBe(true);
  });

  it('keeps a job that beats with $$.Task.Token running past HeartbeatSeconds and returns its output', async () => {
    const harness = createHarness();
    const clock = manualClock();
    const jobs = withJobs(harness);
    const running = run(syncState({ HeartbeatSeconds: 5 }), {}, { harness, clock });

    await clock.advance(0);
    const job = jobs[0]!;
    const token = (job.invocation.parameters as { token: string }).token;
    expect(token).toBe(job.invocation.taskToken);
    for (let beat = 0; beat < 4; beat++) {
      await clock.advance(4_000);
      expect(harness.taskTokens.sendHeartbeat(token)).toEqual({ ok: true });
    }
    job.finish({ LastStatus: 'STOPPED' });
    const { output } = await running;

    expect(output).toEqual({ LastStatus: 'STOPPED' });
    expect(job.invocation.signal.aborted).toBe(false);
    expect(harness.taskTokens.sendHeartbeat(token)).toMatchObject({ ok: false, code: 'TaskTimedOut' });
  });

  it('never times out a .sync job on heartbeats when HeartbeatSeconds is not set', async () => {
    const harness = createHarness();
    const clock = manualClock();
    const jobs = withJobs(harness);
    const running = run(syncState(), {}, { harness, clock });

    await clock.advance(86_400_000);
    jobs[0]!.finish({ done: true });

    expect((await running).output).toEqual({ done: true });
  });

  it('ends the state with SendTaskSuccess sent by the job, and stops the job', async () => {
    const harness = createHarness();
    const clock = manualClock();
    const jobs = withJobs(harness);
    const running = run(syncState({ HeartbeatSeconds: 5 }), {}, { harness, clock });

    await clock.advance(1_000);
    expect(harness.taskTokens.sendSuccess(jobs[0]!.invocation.taskToken as string, '{"rows":3}')).toEqual({ ok: true });
    const { output, events } = await running;

    expect(output).toEqual({ rows: 3 });
    expect(events.find((e) => e.type === 'TaskSucceeded')).toMatchObject({ taskSucceededEventDetails: { output: '{"rows":3}' } });
    expect(jobs[0]!.invocation.signal.aborted).toBe(true);
  });
});
