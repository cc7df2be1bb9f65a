import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureWorkerBundle, eventually } from '../e2e/helpers.js';
import { cli, portOf } from './cli-helpers.js';

let runtime: Runtime;
let dataDir: string;
/** The local server, as `sfn-ecs serve` would run it, reached with --local --port. */
let local: string[];

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-task-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir });
  local = ['--local', '--port', portOf(runtime.endpoint)];
});

afterAll(async () => {
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('sfn-ecs task', () => {
  it('task run: waits for STOPPED, prints the logs, exit code, stop code and the result line; exits 0', async () => {
    const { status, stdout, stderr } = await cli('task', 'run', '--mode', 'echo', '--input', '{"message":"smoke test","processingSeconds":0}', '--env', 'EXTRA=1', ...local);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'succeeded', mode: 'echo', taskName: expect.stringMatching(/^cli-/) });
    expect(stderr).toMatch(/==> \/aws\/ecs\/sfn-ecs-local\/worker worker\/worker\/[0-9a-f]{32} <==/);
    expect(stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \{.*"status":"succeeded"/m);
    expect(stderr).toContain('exit code 0, stop code EssentialContainerExited, stopped reason: Essential container in task exited');
    expect(stderr).toMatch(/started: .* after creation/);
  });

  it.each([
    ['invalid input', ['--mode', 'compute', '--input', '{"size":2,"steps":10}'], 2],
    ['the work failed', ['--mode', 'stream', '--input', '{"url":"ws://127.0.0.1:9/closed","symbols":["BTCUSDT"],"durationSeconds":2,"checkpointSeconds":1}'], 1],
  ])('task run of a failing worker (%s) exits with its exit code and shows its log', async (_what, args, code) => {
    const { status, stderr } = await cli('task', 'run', ...args, ...local);
    expect(status).toBe(code);
    expect(stderr).toContain(`exit code ${code}, stop code EssentialContainerExited`);
    expect(stderr).toMatch(/==> \/aws\/ecs\/sfn-ecs-local\/worker worker\/worker\/[0-9a-f]{32} <==\n\d{4}-/);
  });

  it('task run --no-wait, status, list, then task stop mid-run ends with UserInitiated and the reason', async () => {
    const started = await cli('task', 'run', '--no-wait', '--mode', 'echo', '--input', '{"message":"long","processingSeconds":60}', ...local);
    expect(started.status).toBe(0);
    const taskArn = started.stdout.trim();
    expect(taskArn).toMatch(/^arn:aws:ecs:[^:]+:123456789012:task\/sfn-ecs-local\/[0-9a-f]{32}$/);
    await eventually(async () => ((await cli('task', 'status', taskArn, ...local)).stdout.includes('status:      RUNNING') ? true : undefined), 30_000, 'RUNNING');
    const listed = await cli('task', 'list', ...local);
    expect(listed.stdout).toMatch(new RegExp(`^${taskArn}\\s+RUNNING\\s+sfn-ecs-cli`, 'm'));

    const stopped = await cli('task', 'stop', taskArn, '--reason', 'no longer needed', ...local);
    expect(stopped).toMatchObject({ status: 0, stdout: `stopping ${taskArn}: no longer needed` });
    await runtime.ecs.waitForStopped(taskArn);
    const status = await cli('task', 'status', taskArn, '--json', ...local);
    expect(JSON.parse(status.stdout)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'no longer needed' });
    const stoppedList = await cli('task', 'list', '--status', 'STOPPED', ...local);
    expect(stoppedList.stdout).toContain(`${taskArn}  STOPPED`);
  });

  it.each([
    [['--task-definition', 'no-such-family'], 'RunTask failed: ClientException: TaskDefinition not found. (task definition no-such-family; pass --task-definition)'],
    [['--subnets', ''], 'RunTask failed: InvalidParameterException: subnets can not be empty.'],
    [['--cluster', 'other-cluster'], 'RunTask failed: ClusterNotFoundException: Cluster not found.'],
  ])('task run %j fails with a clear error and exit 1', async (flags, message) => {
    const { status, stderr } = await cli('task', 'run', '--mode', 'echo', ...flags, ...local);
    expect(status).toBe(1);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('task run with --local and no server up runs on a runtime started in the process', async () => {
    // Its own data folder: the shared runtime of these tests holds theirs.
    const ownData = await mkdtemp(join(tmpdir(), 'sfn-ecs-task-own-'));
    const busy = await cli('task', 'run', '--mode', 'echo', '--input', '{"message":"in process","processingSeconds":0}', '--local', '--port', '1', '--data-dir', ownData).finally(() => rm(ownData, { recursive: true, force: true }));
    expect(busy.status).toBe(0);
    expect(busy.stderr).toMatch(/no local server on 127\.0\.0\.1:1; started the local runtime in this process/);
    expect(JSON.parse(busy.stdout)).toMatchObject({ status: 'succeeded', result: { message: 'in process' } });
  });

  it('task status of an unknown task says so', async () => {
    const { status, stderr } = await cli('task', 'status', 'arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/0123456789abcdef0123456789abcdef', ...local);
    expect(status).toBe(1);
    expect(stderr).toContain('not found in sfn-ecs-local (MISSING)');
  });
});
