import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { Task } from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { EMBEDDED_S3_CREDENTIALS, startEmbeddedS3 } from '../../local/src/s3/embedded-s3.js';
import { ensureWorkerBundle, eventually, isRunning, pidsWithEnv } from '../e2e/helpers.js';
import { checkNothingLost, objectsUnder, registerFixture, startSlowProxy, within, type StoredObject } from './fault-helpers.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let runtime: Runtime;
let dataDir: string;
let sfn: SFNClient;
let s3: S3Client;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-faults-'));
  // Retry and backoff waits 100 times faster; heartbeat and task timeouts are not scaled.
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, timeScale: 0.01 });
  sfn = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials });
  s3 = new S3Client({ endpoint: runtime.s3Endpoint, region: runtime.region, forcePathStyle: true, credentials: EMBEDDED_S3_CREDENTIALS });
  for (const fixture of ['retry-on-kill', 'frozen-callback', 'two-callbacks']) await registerFixture(runtime, fixture);
}, 60_000);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // The runtime keeps serving after every fault.
  const { stateMachines } = await within(sfn.send(new ListStateMachinesCommand({})), 10_000, 'ListStateMachines after the fault');
  expect(stateMachines!.length).toBeGreaterThan(0);
});

afterAll(async () => {
  sfn?.destroy();
  s3?.destroy();
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function start(machine: string, name: string, input: unknown): Promise<string> {
  const { executionArn } = await runtime.startExecution({ stateMachineArn: runtime.stateMachineArn(machine), name, input: JSON.stringify(input) });
  return executionArn!;
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  return (await runtime.getExecutionHistory({ executionArn, maxResults: 1000 })).events!;
}

async function workerPids(taskName: string, count = 1): Promise<number[]> {
  return eventually(async () => {
    const found = await pidsWithEnv('TASK_NAME', taskName);
    return found.length >= count ? found : undefined;
  }, 30_000, `${count} worker process(es) named ${taskName}`);
}

/** TASK_TOKEN values the execution's callback tasks were started with (AWS shows them in TaskScheduled parameters). */
function tokensOf(events: HistoryEvent[]): string[] {
  return events
    .filter((e) => e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resource === 'runTask.waitForTaskToken')
    .map((e) => {
      const parameters = JSON.parse(e.taskScheduledEventDetails!.parameters!) as { Overrides: { ContainerOverrides: { Environment: { Name: string; Value: string }[] }[] } };
      return parameters.Overrides.ContainerOverrides[0]!.Environment.find((v) => v.Name === 'TASK_TOKEN')!.Value;
    });
}

/** The one ECS task (running or stopped) whose overrides carry this TASK_NAME. */
async function taskNamed(taskName: string): Promise<Task> {
  const arns = (await Promise.all((['RUNNING', 'STOPPED'] as const).map((desiredStatus) => runtime.ecs.listTasks({ cluster: 'sfn-ecs-local', desiredStatus })))).flatMap((l) => l.taskArns!);
  const { tasks } = await runtime.ecs.describeTasks({ cluster: 'sfn-ecs-local', tasks: arns });
  const mine = tasks!.filter((t) => t.overrides?.containerOverrides?.[0]?.environment?.some((v) => v.name === 'TASK_NAME' && v.value === taskName));
  if (mine.length !== 1) throw new Error(`expected one task named ${taskName}, found ${mine.length}`);
  return mine[0]!;
}

/** The latest task of that name (a retried callback starts a new task with the same name). */
async function lastTaskNamed(taskName: string): Promise<Task> {
  const arns = (await Promise.all((['RUNNING', 'STOPPED'] as const).map((desiredStatus) => runtime.ecs.listTasks({ cluster: 'sfn-ecs-local', desiredStatus })))).flatMap((l) => l.taskArns!);
  const { tasks } = await runtime.ecs.describeTasks({ cluster: 'sfn-ecs-local', tasks: arns });
  const mine = tasks!.filter((t) => t.overrides?.containerOverrides?.[0]?.environment?.some((v) => v.name === 'TASK_NAME' && v.value === taskName));
  const last = mine.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0)).at(-1);
  if (!last) throw new Error(`no task named ${taskName}`);
  return last;
}

const isJson = (o: StoredObject): boolean => {
  try {
    JSON.parse(o.body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
};

describe('fault matrix, end to end on the local runtime with real worker processes', () => {
  it.each([
    { machine: 'retry-on-kill', viaRetry: true },
    { machine: 'sync', viaRetry: false },
  ])('a worker killed with SIGKILL mid-run fails its task with exit 137 and is retried ($machine)', async ({ machine, viaRetry }) => {
    const name = `killed-${machine}`;
    const environment = [
      { Name: 'MODE', Value: 'echo' },
      { Name: 'TASK_INPUT', Value: '{"message":"survive","processingSeconds":4}' },
      { Name: 'TASK_NAME', Value: name },
      { Name: 'ARTIFACT_BUCKET', Value: runtime.artifactBucket },
      { Name: 'ARTIFACT_PREFIX', Value: `runs/${name}/` },
    ];
    const input = viaRetry ? { environment } : { mode: 'echo', input: { message: 'survive', processingSeconds: 4 }, maxAttempts: 1 };
    const arn = await start(machine, name, input);
    const [first] = await workerPids(name);
    process.kill(first!, 'SIGKILL');

    const result = await runtime.waitForExecution(arn);
    expect(result.status).toBe('SUCCEEDED');
    const events = await history(arn);
    const failed = events.filter((e) => e.type === 'TaskFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.taskFailedEventDetails!.error).toBe('States.TaskFailed');
    const stopped = JSON.parse(failed[0]!.taskFailedEventDetails!.cause!) as { Containers: { ExitCode: number }[]; StopCode: string };
    expect(stopped.Containers[0]!.ExitCode).toBe(137);
    expect(events.filter((e) => e.type === 'TaskSubmitted')).toHaveLength(2);
    if (!viaRetry) expect(JSON.parse(result.output!)).toMatchObject({ exitCode: 0, attempts: 2 });

    // The retry wrote the complete set; the killed attempt left nothing partial behind.
    const objects = await objectsUnder(s3, runtime.artifactBucket, `runs/${name}/`);
    const manifest = checkNothingLost(objects, `runs/${name}/`, isJson);
    expect(manifest?.artifacts.map((a) => a.key)).toEqual([`runs/${name}/echo.json`]);
  }, 90_000);

  it('a callback worker that hangs (frozen, no heartbeat) fails the state with States.HeartbeatTimeout; resumed, it learns and stops', async () => {
    const name = 'frozen-worker';
    const arn = await start('frozen-callback', name, {});
    const [pid] = await workerPids(name);
    cleanups.push(async () => {
      if (isRunning(pid!)) process.kill(pid!, 'SIGCONT');
    });
    process.kill(pid!, 'SIGSTOP');

    const result = await runtime.waitForExecution(arn);
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    const events = await history(arn);
    expect(events.find((e) => e.type === 'TaskTimedOut')?.taskTimedOutEventDetails?.error).toBe('States.HeartbeatTimeout');

    // Step Functions never stops a callback task; the worker's next heartbeat gets TaskTimedOut and it exits.
    process.kill(pid!, 'SIGCONT');
    const task = await taskNamed(name);
    const stopped = await within(runtime.ecs.waitForStopped(task!.taskArn!), 30_000, 'the resumed worker to stop');
    expect(stopped.containers![0]!.exitCode).toBe(1);
    const logs = await runtime.executionLogs(arn);
    expect(logs.some((l) => l.message.includes('TaskTimedOut'))).toBe(true);
    expect(isRunning(pid!)).toBe(false);
  }, 60_000);

  it('SIGTERM while an artifact upload is in flight: exit 143, no partial object, no manifest', async () => {
    const name = 'term-mid-upload';
    // 256 bytes every 100 ms: the 6 KB echo.json (ECS allows 8 KiB of overrides) takes about 3 s to reach S3.
    const proxy = await startSlowProxy(runtime.s3Endpoint, 256, 100);
    cleanups.push(() => proxy.close());
    const arn = await start('sync', name, {
      mode: 'echo',
      input: { message: 'x'.repeat(6_000), processingSeconds: 0 },
      env: { AWS_ENDPOINT_URL_S3: proxy.endpoint },
      maxAttempts: 0,
    });
    await within(proxy.sawRequest(`/runs/${name}/echo.json`), 30_000, 'the echo.json upload to start');
    const mine = await taskNamed(name);
    await runtime.ecs.stopTask({ cluster: 'sfn-ecs-local', task: mine.taskArn!, reason: 'fault test: SIGTERM during upload' });

    const result = await runtime.waitForExecution(arn);
    expect(result.status).toBe('FAILED');
    const events = await history(arn);
    const cause = JSON.parse(events.find((e) => e.type === 'TaskFailed')!.taskFailedEventDetails!.cause!) as { Containers: { ExitCode: number }[] };
    expect(cause.Containers[0]!.ExitCode).toBe(143);
    const logs = await runtime.executionLogs(arn);
    expect(logs.some((l) => l.stream === 'stdout' && l.message.includes('"Worker.Terminated"'))).toBe(true);

    await proxy.close();
    const objects = await objectsUnder(s3, runtime.artifactBucket, `runs/${name}/`);
    expect(checkNothingLost(objects, `runs/${name}/`, isJson)).toBeUndefined();
    expect(objects.map((o) => o.key)).toEqual([]);
  }, 60_000);

  it.each(['sync', 'callback'])('the S3 server stopped during a run: Worker.ArtifactWriteFailed, exit 1, no manifest (%s)', async (machine) => {
    const name = `s3-gone-${machine}`;
    const directory = await mkdtemp(join(tmpdir(), 'sfn-ecs-faults-s3-'));
    const server = await startEmbeddedS3({ directory, buckets: [runtime.artifactBucket] });
    const { port } = new URL(server.endpoint);
    let serverClosed = false;
    cleanups.push(async () => {
      if (!serverClosed) await server.close().catch(() => undefined);
      await rm(directory, { recursive: true, force: true });
    });
    const arn = await start(machine, name, {
      mode: 'echo',
      input: { message: 'no place to write', processingSeconds: 3 },
      env: { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}` },
      ...(machine === 'sync' ? { maxAttempts: 0 } : {}),
    });
    await workerPids(name);
    await server.close();
    serverClosed = true;

    const result = await runtime.waitForExecution(arn);
    if (machine === 'callback') {
      // The callback workflow retries Worker.ArtifactWriteFailed twice (statemachines/README.md): three tasks, all fail.
      const scheduled = (await runtime.getExecutionHistory({ executionArn: arn, maxResults: 1000 })).events!.filter((e) => e.type === 'TaskScheduled');
      expect(scheduled).toHaveLength(3);
    }
    // A callback execution can end before its task has stopped (the worker reports, then exits).
    const task = await within(runtime.ecs.waitForStopped((await lastTaskNamed(name)).taskArn!), 30_000, 'the task to stop');
    expect(task.containers![0]!.exitCode).toBe(1);
    const logs = await runtime.executionLogs(arn);
    const resultLine = logs.filter((l) => l.stream === 'stdout').at(-1)!;
    expect(JSON.parse(resultLine.message)).toMatchObject({ status: 'failed', error: { name: 'Worker.ArtifactWriteFailed' }, manifest: null });
    if (machine === 'sync') {
      expect(result).toMatchObject({ status: 'FAILED', error: 'Worker.Failed' });
      expect(JSON.parse(result.cause!)).toMatchObject({ exitCode: 1 });
    } else {
      // The callback worker reports the failure by name.
      expect(result).toMatchObject({ status: 'FAILED', error: 'Worker.ArtifactWriteFailed' });
      expect(result.cause).toContain('could not write');
    }
    // Nothing reached the runtime's own S3 either.
    expect(await objectsUnder(s3, runtime.artifactBucket, `runs/${name}/`)).toEqual([]);
  }, 240_000);

  it('a task token used twice, or after its execution ended, gets TaskTimedOut; an unknown one InvalidToken', async () => {
    const name = 'tokens-twice';
    const arn = await start('two-callbacks', name, {});
    const tokens = await eventually(async () => {
      const found = tokensOf(await history(arn));
      return found.length === 2 ? found : undefined;
    }, 30_000, 'both callback tasks to be scheduled');
    const [first, second] = tokens as [string, string];

    await sfn.send(new SendTaskSuccessCommand({ taskToken: first, output: '{"from":"test"}' }));
    // The first token is closed while the execution still runs (the second branch waits).
    expect((await runtime.describeExecution({ executionArn: arn })).status).toBe('RUNNING');
    for (const reuse of [
      new SendTaskSuccessCommand({ taskToken: first, output: '{}' }),
      new SendTaskFailureCommand({ taskToken: first, error: 'Again' }),
      new SendTaskHeartbeatCommand({ taskToken: first }),
    ]) {
      await expect(sfn.send(reuse as SendTaskSuccessCommand)).rejects.toMatchObject({ name: 'TaskTimedOut' });
    }

    await sfn.send(new SendTaskSuccessCommand({ taskToken: second, output: '{"from":"test"}' }));
    const result = await runtime.waitForExecution(arn);
    expect(result.status).toBe('SUCCEEDED');
    for (const token of [first, second]) {
      await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    }
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: `${first.slice(0, -4)}zzzz`, output: '{}' }))).rejects.toMatchObject({ name: expect.stringMatching(/^(InvalidToken|TaskTimedOut)$/) });
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'not-a-token' }))).rejects.toMatchObject({ name: 'InvalidToken' });

    // Both workers learn from their next heartbeat that nobody waits any more, and stop.
    const pids = [...(await pidsWithEnv('TASK_NAME', `${name}-first`)), ...(await pidsWithEnv('TASK_NAME', `${name}-second`))];
    await eventually(() => (pids.every((pid) => !isRunning(pid)) ? true : undefined), 20_000, 'the callback workers to stop');
  }, 60_000);

  it('StopExecution while a fan-out has 5 tasks running: all 5 processes are gone within stopTimeout', async () => {
    const name = 'fanout-stop';
    const arn = await start('fanout', name, { mode: 'echo', input: { message: 'long', processingSeconds: 120 }, count: 5 });
    const pids = await eventually(async () => {
      const found = (await Promise.all([0, 1, 2, 3, 4].map((i) => pidsWithEnv('TASK_NAME', `${name}-${i}`)))).flat();
      return found.length === 5 ? found : undefined;
    }, 60_000, 'five fan-out workers');
    const stopTimeoutSeconds = Math.max(...runtime.project.taskDefinitions.flatMap((d) => d.containers.map((c) => c.stopTimeoutSeconds)));

    await runtime.stopExecution({ executionArn: arn, error: 'Test.Stopped', cause: 'fault test' });
    await eventually(() => (pids.every((pid) => !isRunning(pid)) ? true : undefined), stopTimeoutSeconds * 1000, `the five workers to exit within stopTimeout (${stopTimeoutSeconds} s)`);
    const result = await runtime.waitForExecution(arn);
    expect(result).toMatchObject({ status: 'ABORTED', error: 'Test.Stopped' });
    const taskArns = (await history(arn))
      .filter((e) => e.type === 'TaskSubmitted')
      .map((e) => (JSON.parse(e.taskSubmittedEventDetails!.output!) as { Tasks: { TaskArn: string }[] }).Tasks[0]!.TaskArn);
    expect(taskArns).toHaveLength(5);
    const { tasks } = await runtime.ecs.describeTasks({ cluster: 'sfn-ecs-local', tasks: taskArns });
    expect(tasks!.map((t) => [t.lastStatus, t.containers![0]!.exitCode])).toEqual(Array(5).fill(['STOPPED', 143]));
  }, 90_000);
});
