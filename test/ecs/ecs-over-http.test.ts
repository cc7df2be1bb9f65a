/** The local ECS through the runtime's HTTP API with the unmodified AWS SDK v3 ECS client. */
import { DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsService } from '../../local/src/api/ecs/operations.js';
import { startApiServer, type ApiServer } from '../../local/src/api/server.js';
import type { EcsService } from '../../local/src/integrations/ecs/ecs-service.js';
import { CLUSTER, createService, runTaskInput, taskDefinition, until } from './ecs-fixtures.js';

let ecs: EcsService;
let api: ApiServer;
let client: ECSClient;

beforeAll(async () => {
  ecs = createService([taskDefinition('sleep')]);
  api = await startApiServer({ port: 0, services: [ecsService(ecs)] });
  client = new ECSClient({ region: 'us-east-1', endpoint: api.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client?.destroy();
  await ecs?.close();
  await api?.close();
});

describe('ECS over HTTP', () => {
  it('runs, stops and describes a task with the SDK client, dates and exit codes intact', async () => {
    const run = await client.send(new RunTaskCommand(runTaskInput('sleep')));
    const arn = run.tasks![0]!.taskArn!;
    expect(run.tasks![0]!.createdAt).toBeInstanceOf(Date);
    await until(() => ecs.taskLogs(arn).length > 0);

    const stop = await client.send(new StopTaskCommand({ cluster: CLUSTER, task: arn, reason: 'from the SDK' }));
    expect(stop.task).toMatchObject({ lastStatus: 'STOPPING', stopCode: 'UserInitiated' });
    await ecs.waitForStopped(arn);

    const described = await client.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [arn] }));
    expect(described.tasks![0]).toMatchObject({ lastStatus: 'STOPPED', stoppedReason: 'from the SDK' });
    expect(described.tasks![0]!.containers![0]!.exitCode).toBe(143);
    expect(described.tasks![0]!.stoppedAt!.getTime()).toBeGreaterThanOrEqual(described.tasks![0]!.createdAt!.getTime());
  });

  it('reports ECS exception names to the SDK', async () => {
    await expect(client.send(new RunTaskCommand(runTaskInput('sleep', { cluster: 'elsewhere' })))).rejects.toMatchObject({
      name: 'ClusterNotFoundException',
      message: 'Cluster not found.',
    });
    await expect(client.send(new RunTaskCommand(runTaskInput('unknown-family')))).rejects.toMatchObject({
      name: 'ClientException',
      message: 'TaskDefinition not found.',
    });
  });
});
