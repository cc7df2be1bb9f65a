import { execFile } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveView } from '../../local/src/cli/live-view.js';
import type { HistoryEvent as EngineHistoryEvent } from '../../local/src/engine/types.js';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { EMBEDDED_S3_CREDENTIALS } from '../../local/src/s3/embedded-s3.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';
import { objectsUnder } from '../faults/fault-helpers.js';

let runtime: Runtime;
let dataDir: string;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-security-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, timeScale: 0.01 });
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Resolves with 'connected' or the error code of a TCP connect, within 5 s. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 5_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Addresses of this machine other than 127.0.0.1: another loopback address, and every interface address. */
function otherLocalAddresses(): string[] {
  const addresses = ['127.0.0.2', '::1'];
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (info.address !== '127.0.0.1') addresses.push(info.address.includes('%') ? info.address.split('%')[0]! : info.address);
  }
  return [...new Set(addresses)];
}

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

describe('local servers listen on 127.0.0.1 only', () => {
  it.each(['endpoint', 's3Endpoint'] as const)('the %s answers on 127.0.0.1 and refuses every other local address', async (which) => {
    const port = Number(new URL(runtime[which]).port);
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    const others = otherLocalAddresses();
    const results = await Promise.all(others.map(async (address) => [address, await tryConnect(address, port)] as const));
    expect(results.filter(([, result]) => result === 'connected')).toEqual([]);
  });
});

describe('the task token stays secret', () => {
  it('never appears in task logs, the log store, the displayed history or artifacts', async () => {
    const name = 'token-secrecy';
    const { executionArn } = await runtime.startExecution({
      stateMachineArn: runtime.stateMachineArn('callback'),
      name,
      input: JSON.stringify({ mode: 'analytics', input: { synthetic: { rows: 2_000, days: 14 } } }),
    });
    const result = await runtime.waitForExecution(executionArn!);
    expect(result.status).toBe('SUCCEEDED');
    const { events } = await runtime.getExecutionHistory({ executionArn: executionArn!, maxResults: 1000 });
    const scheduled = events!.find((e) => e.type === 'TaskScheduled')!;
    const parameters = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as { Overrides: { ContainerOverrides: { Environment: { Name: string; Value: string }[] }[] } };
    const token = parameters.Overrides.ContainerOverrides[0]!.Environment.find((v) => v.Name === 'TASK_TOKEN')!.Value;
    expect(token.length).toBeGreaterThan(16);

    // The task has stopped once its log is complete: wait for its ECS task.
    const tasks = (await runtime.ecs.describeTasks({ cluster: 'sfn-ecs-local', tasks: [...(await runtime.ecs.listTasks({ cluster: 'sfn-ecs-local', desiredStatus: 'RUNNING' })).taskArns!, ...(await runtime.ecs.listTasks({ cluster: 'sfn-ecs-local', desiredStatus: 'STOPPED' })).taskArns!] })).tasks!;
    const mine = tasks.filter((t) => t.overrides?.containerOverrides?.[0]?.environment?.some((v) => v.name === 'TASK_NAME' && v.value === name));
    expect(mine).toHaveLength(1);
    await runtime.ecs.waitForStopped(mine[0]!.taskArn!);

    // Task logs, as the runtime serves them and as they are on disk (task-logs/ and the CloudWatch Logs store).
    const logs = await runtime.executionLogs(executionArn!);
    expect(logs.length).toBeGreaterThan(3);
    expect(logs.filter((l) => l.message.includes(token))).toEqual([]);
    await runtime.logs.flush();
    const logFiles = (await filesUnder(dataDir)).filter((f) => !f.includes(`${join(dataDir, 'executions')}`) && !f.includes(`${join(dataDir, 's3')}`));
    expect(logFiles.length).toBeGreaterThan(0);
    for (const file of logFiles) {
      if ((await stat(file)).size > 50_000_000) continue;
      expect((await readFile(file, 'latin1')).includes(token), file).toBe(false);
    }

    // History meant for display: the live view of every event.
    const view = new LiveView();
    const lines = events!.flatMap((event: HistoryEvent) => view.format(event as unknown as EngineHistoryEvent));
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.filter((line) => line.includes(token))).toEqual([]);

    // History meant for display: what `sfn-ecs history` prints (the built CLI, over the HTTP API).
    // Asynchronously: the API it calls is served by this process.
    const cli = await promisify(execFile)(process.execPath, [join(process.cwd(), 'dist', 'cli.mjs'), 'history', executionArn!, '--endpoint-url', runtime.endpoint, '--region', runtime.region], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: dataDir, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 60_000,
    });
    expect(cli.stdout).toContain('TaskScheduled');
    expect(`${cli.stdout}${cli.stderr}`.includes(token)).toBe(false);

    // Artifacts and the manifest.
    const s3 = new S3Client({ endpoint: runtime.s3Endpoint, region: runtime.region, forcePathStyle: true, credentials: EMBEDDED_S3_CREDENTIALS });
    const objects = await objectsUnder(s3, runtime.artifactBucket, `runs/${name}/`);
    s3.destroy();
    expect(objects.map((o) => o.key.slice(`runs/${name}/`.length)).sort()).toEqual(['daily-revenue.svg', 'daily.csv', 'manifest.json', 'summary.json']);
    expect(objects.filter((o) => o.body.includes(token))).toEqual([]);
    // The execution output (the worker's result) does not carry it either.
    expect(result.output).not.toContain(token);
  }, 90_000);
});
