import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTasksCommand, ECSClient, ListTasksCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureWorkerBundle, eventually } from '../e2e/helpers.js';

let runtime: Runtime;
let ecs: ECSClient;
let dataDir: string;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-ecsapi-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir });
  ecs = new ECSClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
});

afterAll(async () => {
  ecs?.destroy();
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function runRequest(environment: { name: string; value: string }[]) {
  const definition = runtime.project.taskDefinitions[0]!;
  return new RunTaskCommand({
    cluster: 'sfn-ecs-local',
    taskDefinition: definition.taskDefinitionArn,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-local'] } },
    overrides: { containerOverrides: [{ name: definition.containers[0]!.name, environment }] },
  });
}

describe('ECS API (awsJson1_1) on the same port, through the AWS SDK v3 ECS client', () => {
  it('runs the worker as a task and reports it through DescribeTasks and ListTasks', async () => {
    const { tasks, failures } = await ecs.send(
      runRequest([
        { name: 'MODE', value: 'echo' },
        { name: 'TASK_INPUT', value: '{"message":"direct","processingSeconds":0}' },
        { name: 'TASK_NAME', value: 'ecs-direct' },
        { name: 'ARTIFACT_BUCKET', value: runtime.artifactBucket },
        { name: 'ARTIFACT_PREFIX', value: 'direct/' },
      ]),
    );
    expect(failures).toEqual([]);
    const taskArn = tasks![0]!.taskArn!;
    expect(taskArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/sfn-ecs-local\/[0-9a-f]{32}$/);
    expect(tasks![0]!.createdAt).toBeInstanceOf(Date);

    const stopped = await eventually(async () => {
      const { tasks: described } = await ecs.send(new DescribeTasksCommand({ cluster: 'sfn-ecs-local', tasks: [taskArn] }));
      return described![0]!.lastStatus === 'STOPPED' ? described![0]! : undefined;
    }, 30_000, 'the task to stop');
    expect(stopped).toMatchObject({ stopCode: 'EssentialContainerExited', containers: [expect.objectContaining({ exitCode: 0 })] });
    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'sfn-ecs-local', desiredStatus: 'STOPPED' }));
    expect(taskArns).toContain(taskArn);
  });

  it('StopTask stops a running task with UserInitiated', async () => {
    const { tasks } = await ecs.send(
      runRequest([
        { name: 'MODE', value: 'echo' },
        { name: 'TASK_INPUT', value: '{"message":"long","processingSeconds":60}' },
        { name: 'TASK_NAME', value: 'ecs-stop' },
        { name: 'ARTIFACT_BUCKET', value: runtime.artifactBucket },
        { name: 'ARTIFACT_PREFIX', value: 'stop/' },
      ]),
    );
    const taskArn = tasks![0]!.taskArn!;
    await eventually(async () => {
      const { tasks: described } = await ecs.send(new DescribeTasksCommand({ cluster: 'sfn-ecs-local', tasks: [taskArn] }));
      return described![0]!.lastStatus === 'RUNNING' ? true : undefined;
    }, 30_000, 'the task to run');
    await ecs.send(new StopTaskCommand({ cluster: 'sfn-ecs-local', task: taskArn, reason: 'test says stop' }));
    const stopped = await eventually(async () => {
      const { tasks: described } = await ecs.send(new DescribeTasksCommand({ cluster: 'sfn-ecs-local', tasks: [taskArn] }));
      return described![0]!.lastStatus === 'STOPPED' ? described![0]! : undefined;
    }, 30_000, 'the task to stop');
    expect(stopped).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'test says stop' });
  });

  it.each([
    ['an unknown cluster', new ListTasksCommand({ cluster: 'elsewhere' }), 'ClusterNotFoundException'],
    ['an unknown task definition', new RunTaskCommand({ cluster: 'sfn-ecs-local', taskDefinition: 'nope:1' }), 'ClientException'],
    ['RunTask without a task definition', new RunTaskCommand({ cluster: 'sfn-ecs-local' } as never), 'ValidationException'],
  ])('answers %s with %s', async (_case, command, name) => {
    await expect(ecs.send(command as never)).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
  });

  it('is reachable on 127.0.0.1 only, not on the machine\'s other addresses', async () => {
    const port = new URL(runtime.endpoint).port;
    expect(runtime.endpoint).toBe(`http://127.0.0.1:${port}`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    const targets = [`http://[::1]:${port}`, ...(external ? [`http://${external.address}:${port}`] : [])];
    for (const target of targets) {
      await expect(fetch(target, { method: 'POST', signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
    }
  });
});
