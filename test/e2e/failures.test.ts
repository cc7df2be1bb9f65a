import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReplayCases } from '../../local/src/cli/replay-case.js';
import { fillPlaceholders } from '../../local/src/project/placeholders.js';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureWorkerBundle, eventually, isRunning, pidsWithEnv } from './helpers.js';

let runtime: Runtime;
let dataDir: string;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-fail-'));
  // Waits and backoffs 100 times faster; task timeouts are not scaled.
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, timeScale: 0.01 });
});

afterAll(async () => {
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function start(machine: string, name: string, input: unknown): Promise<string> {
  const { executionArn } = await runtime.startExecution({ stateMachineArn: runtime.stateMachineArn(machine), name, input: typeof input === 'string' ? input : JSON.stringify(input) });
  return executionArn!;
}

async function taskCount(executionArn: string): Promise<number> {
  const { events } = await runtime.getExecutionHistory({ executionArn, maxResults: 1000 });
  return events!.filter((e) => e.type === 'TaskSubmitted').length;
}

/** A one-Task machine on the project's cluster and task definition (placeholders filled as for the project's own). */
async function taskMachine(name: string, task: Record<string, unknown>, environment: { Name: string; Value?: string; 'Value.$'?: string }[]): Promise<void> {
  const definition = JSON.stringify({
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Parameters: {
          Cluster: '${ClusterArn}',
          TaskDefinition: '${TaskDefinitionArn}',
          LaunchType: 'FARGATE',
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-local'] } },
          Overrides: { ContainerOverrides: [{ Name: '${ContainerName}', Environment: environment }] },
        },
        ...task,
        End: true,
      },
    },
  });
  await runtime.createStateMachine({ name, definition: fillPlaceholders(definition, runtime.project.placeholders), roleArn: 'arn:aws:iam::123456789012:role/test' });
}

describe('failure paths end to end (real worker processes)', () => {
  it('every offline sample in events/catalog.json ends with its expected status and error', async () => {
    const cases = (await readReplayCases(join(process.cwd(), 'events'), runtime.project.schedules)).filter((c) => !c.skip);
    expect(cases.length).toBeGreaterThanOrEqual(10);
    const results = await Promise.all(
      cases.map(async (c, i) => {
        const arn = await start(c.stateMachine, `catalog-${i}`, c.input);
        const result = await runtime.waitForExecution(arn);
        return { file: c.file.slice(c.file.lastIndexOf('/') + 1), expected: [c.expectedStatus, c.expectedError ?? result.error], actual: [result.status, result.error], arn };
      }),
    );
    expect(results.map((r) => [r.file, ...r.actual])).toEqual(results.map((r) => [r.file, ...r.expected]));

    const byFile = new Map(results.map((r) => [r.file, r.arn]));
    // exit 1 is retried (maxAttempts 1 in the sample: two tasks); exit 2 never is.
    expect(await taskCount(byFile.get('sync-task-fails.json')!)).toBe(2);
    expect(await taskCount(byFile.get('sync-worker-rejects-input.json')!)).toBe(1);
  });

  it('a Map item failing for good stops its running sibling: the sibling process is gone', async () => {
    const name = 'map-sibling';
    const arn = await start('fanout', name, await readFile(join(process.cwd(), 'events', 'fanout-one-fails.json'), 'utf8'));
    const result = await runtime.waitForExecution(arn);
    expect(result).toMatchObject({ status: 'FAILED', error: 'Worker.InvalidInput' });
    // The long sibling (120 s of work) was stopped by StopTask, not left running.
    const { events } = await runtime.getExecutionHistory({ executionArn: arn, maxResults: 1000 });
    expect(events!.map((e) => e.type)).toContain('MapIterationAborted');
    const taskArns = events!
      .filter((e) => e.type === 'TaskSubmitted')
      .map((e) => (JSON.parse(e.taskSubmittedEventDetails!.output!) as { Tasks: { TaskArn: string }[] }).Tasks[0]!.TaskArn);
    // waitForExecution resolves once the .sync tasks Step Functions stopped have stopped.
    const { tasks } = await runtime.ecs.describeTasks({ cluster: 'sfn-ecs-local', tasks: taskArns });
    const sibling = tasks!.find((t) => t.stopCode === 'UserInitiated')!;
    expect(sibling.lastStatus).toBe('STOPPED');
    expect(sibling.stoppedReason).toContain('was aborted');
    expect(sibling.containers![0]!.exitCode).toBe(143);
    expect(await pidsWithEnv('TASK_NAME', `${name}-0`)).toEqual([]);
  });

  it('TimeoutSeconds on a .sync task fails it with States.Timeout and stops the process', async () => {
    await taskMachine('times-out', { Resource: 'arn:aws:states:::ecs:runTask.sync', TimeoutSeconds: 2 }, [
      { Name: 'MODE', Value: 'echo' },
      { Name: 'TASK_INPUT', Value: '{"message":"slow","processingSeconds":60}' },
      { Name: 'TASK_NAME', Value: 'times-out-task' },
      { Name: 'ARTIFACT_BUCKET', Value: runtime.artifactBucket },
      { Name: 'ARTIFACT_PREFIX', Value: 'timeout/' },
    ]);
    const arn = await start('times-out', 'times-out-1', {});
    const pids = await eventually(async () => {
      const found = await pidsWithEnv('TASK_NAME', 'times-out-task');
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the worker to start');
    const result = await runtime.waitForExecution(arn);
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    await eventually(() => (pids.every((pid) => !isRunning(pid)) ? true : undefined), 15_000, 'the timed-out worker to exit');
  });

  it('a callback worker that heartbeats too rarely fails the state with States.HeartbeatTimeout', async () => {
    await taskMachine('hung', { Resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken', HeartbeatSeconds: 2 }, [
      { Name: 'MODE', Value: 'echo' },
      { Name: 'TASK_INPUT', Value: '{"message":"hung","processingSeconds":30}' },
      { Name: 'TASK_NAME', Value: 'hung-task' },
      { Name: 'HEARTBEAT_SECONDS', Value: '60' },
      { Name: 'TASK_TOKEN', 'Value.$': '$$.Task.Token' },
      { Name: 'ARTIFACT_BUCKET', Value: runtime.artifactBucket },
      { Name: 'ARTIFACT_PREFIX', Value: 'hung/' },
    ]);
    const arn = await start('hung', 'hung-1', {});
    const result = await runtime.waitForExecution(arn);
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    const { events } = await runtime.getExecutionHistory({ executionArn: arn, maxResults: 1000 });
    expect(events!.find((e) => e.type === 'TaskTimedOut')?.taskTimedOutEventDetails?.error).toBe('States.HeartbeatTimeout');
  });
});
