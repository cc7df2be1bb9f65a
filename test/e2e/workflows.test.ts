import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeTasksCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetExecutionHistoryCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { EMBEDDED_S3_CREDENTIALS } from '../../local/src/s3/embedded-s3.js';
import { ensureWorkerBundle, eventually, isRunning, pidsWithEnv } from './helpers.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let runtime: Runtime;
let sfn: SFNClient;
let ecs: ECSClient;
let dataDir: string;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-e2e-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir });
  sfn = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials });
  ecs = new ECSClient({ endpoint: runtime.endpoint, region: runtime.region, credentials });
});

afterAll(async () => {
  sfn?.destroy();
  ecs?.destroy();
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function sample(file: string): Promise<string> {
  return readFile(join(process.cwd(), 'events', file), 'utf8');
}

describe('the project workflows on the local runtime, real worker processes', () => {
  it('sync echo: the task runs, succeeds, and its artifacts are in the embedded S3', async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: runtime.stateMachineArn('sync'), name: 'e2e-sync-echo', input: await sample('sync-echo.json') }));
    const result = await runtime.waitForExecution(executionArn!);
    expect(result.status).toBe('SUCCEEDED');
    const output = JSON.parse(result.output!) as { taskArn: string; exitCode: number; manifest: string };
    expect(output).toMatchObject({ exitCode: 0, mode: 'echo', manifest: 's3://sfn-ecs-artifacts/runs/e2e-sync-echo/manifest.json' });

    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = events!.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'ExecutionSucceeded']));

    // The ECS API reports the same task as stopped with exit 0.
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'sfn-ecs-local', tasks: [output.taskArn] }));
    expect(tasks![0]).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', containers: [expect.objectContaining({ exitCode: 0 })] });

    const s3 = new S3Client({ endpoint: runtime.s3Endpoint, region: runtime.region, forcePathStyle: true, credentials: EMBEDDED_S3_CREDENTIALS });
    const manifest = await s3.send(new GetObjectCommand({ Bucket: 'sfn-ecs-artifacts', Key: 'runs/e2e-sync-echo/manifest.json' }));
    expect(JSON.parse(await manifest.Body!.transformToString())).toBeTruthy();
    s3.destroy();

    // The task's own log lines are kept with the execution.
    const logs = await runtime.executionLogs(executionArn!);
    expect(logs.some((l) => l.stream === 'stdout' && l.message.includes('"status":"succeeded"'))).toBe(true);
  });

  it('callback echo: the worker reports its own result through SendTaskSuccess on the local API', async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: runtime.stateMachineArn('callback'), name: 'e2e-callback-echo', input: await sample('callback-echo.json') }));
    const result = await runtime.waitForExecution(executionArn!);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toContain('reported by the worker itself');
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const scheduled = events!.find((e) => e.type === 'TaskScheduled');
    expect(scheduled?.taskScheduledEventDetails?.resource).toBe('runTask.waitForTaskToken');
    expect(events!.some((e) => e.type === 'TaskSucceeded')).toBe(true);
  });

  it('StopExecution stops the running .sync task: ABORTED, and the worker process is gone', async () => {
    const input = JSON.stringify({ mode: 'echo', input: { message: 'long', processingSeconds: 60 } });
    const name = 'e2e-stop-me';
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: runtime.stateMachineArn('sync'), name, input }));
    const pids = await eventually(async () => {
      const found = await pidsWithEnv('TASK_NAME', name);
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the worker process to start');
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Test.Stopped', cause: 'stopped by the test' }));
    const result = await runtime.waitForExecution(executionArn!);
    expect(result).toMatchObject({ status: 'ABORTED', error: 'Test.Stopped', cause: 'stopped by the test' });
    expect(pids.filter((pid) => isRunning(pid))).toEqual([]);
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
    expect(events![0]!.type).toBe('ExecutionAborted');
  });

  it('50 concurrent executions all finish, each with its own task', async () => {
    const input = JSON.stringify({ mode: 'echo', input: { message: 'many', processingSeconds: 0 } });
    const started = await Promise.all(
      Array.from({ length: 50 }, (_, i) => sfn.send(new StartExecutionCommand({ stateMachineArn: runtime.stateMachineArn('sync'), name: `e2e-many-${i}`, input }))),
    );
    const results = await Promise.all(started.map((s) => runtime.waitForExecution(s.executionArn!)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill('SUCCEEDED'));
    const taskArns = new Set(results.map((r) => (JSON.parse(r.output!) as { taskArn: string }).taskArn));
    expect(taskArns.size).toBe(50);
  }, 120_000);
});
