// RedriveExecution (BC-SFN; DG "Redriving executions"): a failed execution continues from the states
// that did not succeed, keeping the outputs of those that did, through the SDK and the AWS CLI, and
// after a restart of the runtime. The failing work is a user integration (RuntimeOptions.integrations)
// whose failure the test switches off between attempts, as a fixed feed would be.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { StatesError } from '../../local/src/engine/errors.js';
import type { Integration } from '../../local/src/engine/integration.js';
import { eventually } from '../e2e/helpers.js';

const run = promisify(execFile);
const ROLE = 'arn:aws:iam::123456789012:role/test';
const TEST_TIMEOUT_MS = 180_000;

/** A Lambda stand-in whose `down` items fail with Feed.Down until the feed is up again. */
class Feed {
  up = false;
  readonly calls: { item: string; redriveCount: number }[] = [];
  #succeeded = 0;
  #waiters: (() => void)[] = [];
  /** Items that fail while the feed is down; they fail only after the others succeeded (a fixed order). */
  constructor(readonly down: readonly string[], readonly others: number) {}

  readonly integration: Integration = {
    serviceAction: 'lambda:invoke',
    patterns: ['request-response'],
    invoke: async ({ parameters }) => {
      const { item, redriveCount } = parameters as { item: string; redriveCount: number };
      this.calls.push({ item, redriveCount });
      if (this.down.includes(item) && !this.up) {
        await new Promise<void>((resolve) => (this.#succeeded >= this.others ? resolve() : this.#waiters.push(resolve)));
        throw new StatesError('Feed.Down', `The feed for ${item} is down`);
      }
      this.#succeeded += 1;
      if (this.#succeeded >= this.others) for (const wake of this.#waiters.splice(0)) wake();
      return { item, call: this.calls.length };
    },
  };
}

const work = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'item.$': '$', 'redriveCount.$': '$$.Execution.RedriveCount' }, End: true };
const fanOut = JSON.stringify({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: ['a', 'b', 'c'], ResultPath: '$.items', Next: 'Fan' },
    Fan: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Work', States: { Work: work } }, Next: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
});
const parallel = JSON.stringify({
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { ...work, Parameters: { item: 'left', 'redriveCount.$': '$$.Execution.RedriveCount' } } } },
        { StartAt: 'Right', States: { Right: { ...work, Parameters: { item: 'right', 'redriveCount.$': '$$.Execution.RedriveCount' } } } },
      ],
      End: true,
    },
  },
});

const opened: Runtime[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((r) => r.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function open(feed: Feed, dataDir?: string): Promise<{ runtime: Runtime; sfn: SFNClient; dataDir: string }> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'sfn-ecs-redrive-')));
  if (!dataDir) dirs.push(dir);
  const runtime = await createRuntime({ rootDir: process.cwd(), dataDir: dir, integrations: [feed.integration] });
  opened.push(runtime);
  const sfn = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return { runtime, sfn, dataDir: dir };
}

async function startFailed(runtime: Runtime, sfn: SFNClient, name: string, definition: string): Promise<string> {
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'run-1', input: '{}' }));
  expect(await runtime.waitForExecution(executionArn!)).toMatchObject({ status: 'FAILED', error: 'Feed.Down' });
  return executionArn!;
}

async function historyOf(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events!;
}

/** The events after ExecutionRedriven (the redriven attempt's own). */
function afterRedrive(events: HistoryEvent[]): HistoryEvent[] {
  const at = events.findIndex((e) => e.type === 'ExecutionRedriven');
  return events.slice(at + 1);
}

/** AWS's CLI (pip's v1 on PATH has redrive-execution) against the local endpoint. */
async function aws(runtime: Runtime, ...args: string[]): Promise<Record<string, any>> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: runtime.region, AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  const { stdout } = await run('aws', ['stepfunctions', ...args, '--endpoint-url', runtime.endpoint, '--output', 'json'], { env, timeout: 120_000 });
  return JSON.parse(stdout) as Record<string, any>;
}

describe('RedriveExecution', () => {
  it('reruns only the failed Map iteration, keeps the others\' outputs, and continues the history', async () => {
    const feed = new Feed(['b'], 2);
    const { runtime, sfn } = await open(feed);
    const executionArn = await startFailed(runtime, sfn, 'fan', fanOut);
    const before = await historyOf(sfn, executionArn);
    const failedOutputs = before.filter((e) => e.type === 'TaskSucceeded').map((e) => JSON.parse(e.taskSucceededEventDetails!.output!));
    expect(failedOutputs.map((o) => o.item).sort()).toEqual(['a', 'c']);
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ redriveCount: 0, redriveStatus: 'REDRIVABLE' });

    feed.up = true;
    const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'fix-feed-1' }));
    // The same client token answers the same redrive, and starts no second one.
    const again = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'fix-feed-1' }));
    expect(again.redriveDate).toEqual(redriveDate);
    const done = await runtime.waitForExecution(executionArn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, redriveDate, redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' });

    // Only b ran again, seeing $$.Execution.RedriveCount 1; a and c kept their first outputs.
    expect(feed.calls.filter((c) => c.item === 'b')).toEqual([{ item: 'b', redriveCount: 0 }, { item: 'b', redriveCount: 1 }]);
    expect(feed.calls.filter((c) => c.item !== 'b')).toHaveLength(2);
    const output = JSON.parse(done.output!) as { item: string; call: number }[];
    expect(output.find((o) => o.item === 'a')).toEqual(failedOutputs.find((o) => o.item === 'a'));
    expect(output.find((o) => o.item === 'c')).toEqual(failedOutputs.find((o) => o.item === 'c'));
    expect(output.map((o) => o.item)).toEqual(['a', 'b', 'c']);

    const events = await historyOf(sfn, executionArn);
    // The previous attempt's events are kept as they were; ids continue without a gap.
    expect(events.slice(0, before.length)).toEqual(before);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const redriven = events[before.length]!;
    expect(redriven).toMatchObject({ type: 'ExecutionRedriven', id: before.length + 1, previousEventId: before.length, executionRedrivenEventDetails: { redriveCount: 1 } });
    expect(events.filter((e) => e.type === 'ExecutionRedriven')).toHaveLength(1);
    const attempt = afterRedrive(events);
    // The Map is entered again (with the input it had); Prepare is not rerun; one new task, for b.
    expect(attempt.map((e) => e.type)).toEqual([
      'MapStateEntered', 'MapStateStarted', 'MapIterationStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded',
      'TaskStateExited', 'MapIterationSucceeded', 'MapStateSucceeded', 'MapStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded',
    ]);
    expect(attempt[0]).toMatchObject({ previousEventId: redriven.id, stateEnteredEventDetails: { name: 'Fan' } });
    expect(attempt[2]).toMatchObject({ mapIterationStartedEventDetails: { name: 'Fan', index: 1 } });
    expect(attempt[1]).toMatchObject({ mapStateStartedEventDetails: { length: 3 } });

    await expect(sfn.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable', message: 'Execution is SUCCEEDED and cannot be redriven' });
    const { stateMachineArn } = done;
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn, redriveFilter: 'REDRIVEN' }))).executions).toMatchObject([{ name: 'run-1', redriveCount: 1, redriveDate }]);
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn, redriveFilter: 'NOT_REDRIVEN' }))).executions).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('reruns only the Parallel branch that failed', async () => {
    const feed = new Feed(['right'], 1);
    const { runtime, sfn } = await open(feed);
    const executionArn = await startFailed(runtime, sfn, 'both', parallel);
    feed.up = true;
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const done = await runtime.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual([{ item: 'left', call: 1 }, { item: 'right', call: 3 }]);
    expect(feed.calls).toEqual([{ item: 'left', redriveCount: 0 }, { item: 'right', redriveCount: 0 }, { item: 'right', redriveCount: 1 }]);
    const attempt = afterRedrive(await historyOf(sfn, executionArn));
    expect(attempt.filter((e) => e.type === 'TaskScheduled').map((e) => JSON.parse(e.taskScheduledEventDetails!.parameters!).item)).toEqual(['right']);
    expect(attempt.map((e) => e.type).slice(0, 2)).toEqual(['ParallelStateEntered', 'ParallelStateStarted']);
  }, TEST_TIMEOUT_MS);

  it('restores the workflow variables assigned before the failed state', async () => {
    const feed = new Feed(['from-variable'], 0);
    const { runtime, sfn } = await open(feed);
    const definition = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'Remember',
      States: {
        Remember: { Type: 'Pass', Assign: { which: 'from-variable' }, Output: {}, Next: 'Use' },
        Use: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { item: '{% $which %}', redriveCount: '{% $states.context.Execution.RedriveCount %}' }, End: true },
      },
    });
    const executionArn = await startFailed(runtime, sfn, 'vars', definition);
    feed.up = true;
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const done = await runtime.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(feed.calls).toEqual([{ item: 'from-variable', redriveCount: 0 }, { item: 'from-variable', redriveCount: 1 }]);
  }, TEST_TIMEOUT_MS);

  it('refuses a RUNNING execution and an unknown one with AWS\'s errors; redrives it once stopped', async () => {
    let release!: () => void;
    let calls = 0;
    // Holds each call until released; a stopped execution's call ends with its signal, as a job stops.
    const held: Integration = {
      serviceAction: 'lambda:invoke',
      patterns: ['request-response'],
      invoke: ({ signal }) => {
        calls += 1;
        return new Promise((resolve, reject) => {
          release = () => resolve({ calls });
          signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        });
      },
    };
    const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-redrive-'));
    dirs.push(dir);
    const runtime = await createRuntime({ rootDir: process.cwd(), dataDir: dir, integrations: [held] });
    opened.push(runtime);
    const sfn = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'held', definition: JSON.stringify({ StartAt: 'W', States: { W: work } }), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '"x"' }));
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable', message: 'Execution is RUNNING and cannot be redriven' });
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is RUNNING and cannot be redriven' });
    const unknown = `${executionArn!.slice(0, executionArn!.lastIndexOf(':'))}:nope`;
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn: unknown }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toMatchObject({ name: 'InvalidArn' });
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Ops.Paused' }));
    expect(await runtime.waitForExecution(executionArn!)).toMatchObject({ status: 'ABORTED', redriveStatus: 'REDRIVABLE' });
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    await eventually(() => (calls === 2 ? true : undefined), 60_000, 'the redriven call');
    release();
    const done = await runtime.waitForExecution(executionArn!);
    expect(done).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(JSON.parse(done.output!)).toEqual({ calls: 2 });
    const events = await historyOf(sfn, executionArn!);
    const redriven = events.findIndex((e) => e.type === 'ExecutionRedriven');
    expect(events.slice(redriven - 2, redriven).map((e) => e.type)).toEqual(['TaskStateAborted', 'ExecutionAborted']);
    expect(events.slice(redriven + 1).map((e) => e.type)).toEqual(['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
  }, TEST_TIMEOUT_MS);

  it('redrives with the AWS CLI after the runtime restarted on the same data folder', async () => {
    const feed = new Feed(['b'], 2);
    const first = await open(feed);
    const executionArn = await startFailed(first.runtime, first.sfn, 'fan', fanOut);
    const before = await historyOf(first.sfn, executionArn);
    await first.runtime.close();

    feed.up = true;
    const second = await open(feed, first.dataDir);
    expect(await aws(second.runtime, 'describe-execution', '--execution-arn', executionArn)).toMatchObject({ status: 'FAILED', redriveCount: 0, redriveStatus: 'REDRIVABLE' });
    const answer = await aws(second.runtime, 'redrive-execution', '--execution-arn', executionArn);
    expect(typeof answer.redriveDate).toBe('number');
    const done = await second.runtime.waitForExecution(executionArn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(feed.calls.map((c) => c.item).sort()).toEqual(['a', 'b', 'b', 'c']);
    const events = await historyOf(second.sfn, executionArn);
    expect(events.slice(0, before.length)).toEqual(before);
    expect(afterRedrive(events).filter((e) => e.type === 'TaskScheduled')).toHaveLength(1);
    const listed = await aws(second.runtime, 'list-executions', '--state-machine-arn', done.stateMachineArn!, '--redrive-filter', 'REDRIVEN');
    expect(listed.executions).toMatchObject([{ name: 'run-1', redriveCount: 1 }]);
    const refused = await aws(second.runtime, 'redrive-execution', '--execution-arn', executionArn).catch((error: { stderr: string }) => error.stderr);
    expect(refused).toMatch(/ExecutionNotRedrivable.*Execution is SUCCEEDED and cannot be redriven/);
  }, TEST_TIMEOUT_MS);
});
