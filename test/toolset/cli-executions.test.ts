import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { readHistory, watchExecution } from '../../local/src/clients/execution-history.js';
import { readLogStream, taskLogStreams } from '../../local/src/clients/task-log-streams.js';
import { ECSClient } from '@aws-sdk/client-ecs';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureWorkerBundle, eventually } from '../e2e/helpers.js';
import { capture, cli, portOf } from './cli-helpers.js';
import { main } from '../../local/src/cli/main.js';

let runtime: Runtime;
let dataDir: string;
let local: string[];
const echo = (message: string, seconds = 0): string => JSON.stringify({ mode: 'echo', input: { message, processingSeconds: seconds } });

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-exec-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, timeScale: 0.01 });
  local = ['--local', '--port', portOf(runtime.endpoint)];
});

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('sfn-ecs Step Functions commands', () => {
  it('start --wait: live view from GetExecutionHistory, the output on stdout, exit 0 on SUCCEEDED; describe, history, logs by name', async () => {
    const run = await cli('start', 'sync', '--wait', '--input', echo('via the SDK'), '--name', 'toolset-ok', ...local);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('  → Run task (Task)');
    expect(run.stderr).toMatch(/■ task [0-9a-f]{8} stopped: exit 0/);
    expect(run.stderr).toMatch(/✔ SUCCEEDED in/);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'echo', exitCode: 0, taskName: 'toolset-ok' });

    const described = await cli('describe', 'toolset-ok', '--json', ...local);
    expect(JSON.parse(described.stdout)).toMatchObject({ status: 'SUCCEEDED', name: 'toolset-ok' });
    const history = await cli('history', 'toolset-ok', ...local);
    expect(history.stdout).toMatch(/^\s+1 \S+\s+ExecutionStarted/m);
    expect(history.stdout).toMatch(/ExecutionSucceeded/);

    const logs = await cli('logs', 'toolset-ok', ...local);
    expect(logs.status).toBe(0);
    expect(logs.stdout).toMatch(/^==> \/aws\/ecs\/sfn-ecs-local\/worker worker\/worker\/[0-9a-f]{32} <==$/m);
    expect(logs.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \{"status":"succeeded","mode":"echo","taskName":"toolset-ok"/m);
    const taskArn = JSON.parse(run.stdout).taskArn as string;
    const oneTask = await cli('logs', taskArn, ...local);
    expect(oneTask.stdout).toBe(logs.stdout);
  });

  it('start --wait of a failing execution: the failing state, the error, the decoded cause and the last log lines; exit 1', async () => {
    const input = JSON.stringify({ mode: 'stream', input: { url: 'ws://127.0.0.1:9/closed', symbols: ['BTCUSDT'], durationSeconds: 1, checkpointSeconds: 1 }, maxAttempts: 0 });
    const run = await cli('start', 'sync', '--wait', '--input', input, ...local);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("✖ FAILED in state 'Task failed'");
    expect(run.stderr).toContain("after task state 'Run task' failed with States.TaskFailed");
    expect(run.stderr).toContain('error: Worker.Failed');
    expect(run.stderr).toMatch(/cause: task arn:aws:ecs:\S+: exit code 1, stop code EssentialContainerExited, stopped reason: Essential container in task exited/);
    expect(run.stderr).toMatch(/last \d+ log lines: ==> \/aws\/ecs\/sfn-ecs-local\/worker worker\/worker\/[0-9a-f]{32} <==\n {2}\d{4}-/);
    expect(run.stderr).toMatch(/^ {2}\S+Z .*could not connect to 127\.0\.0\.1:9 \(connect ECONNREFUSED 127\.0\.0\.1:9\)/m);
  });

  it('start (no wait) prints the ARN; watch follows it; executions lists it with --status; stop ends a running one', async () => {
    const started = await cli('start', 'sync', '--input', echo('watch me', 1), ...local);
    expect(started.status).toBe(0);
    const executionArn = started.stdout.trim();
    expect(executionArn).toMatch(/^arn:aws:states:[^:]+:123456789012:execution:sync:/);
    const watched = await cli('watch', executionArn, ...local);
    expect(watched.status).toBe(0);
    expect(watched.stderr).toMatch(/✔ SUCCEEDED/);
    const listed = await cli('executions', 'sync', '--status', 'SUCCEEDED', ...local);
    expect(listed.stdout).toContain(executionArn.split(':').at(-1));

    const long = (await cli('start', 'sync', '--input', echo('stop me', 60), ...local)).stdout.trim();
    const running = await cli('executions', 'sync', '--status', 'RUNNING', '--json', ...local);
    expect(JSON.parse(running.stdout).executions.map((e: { executionArn: string }) => e.executionArn)).toContain(long);
    const stopped = await cli('stop', long, '--error', 'Ops.Cancelled', '--cause', 'not needed', ...local);
    expect(stopped.status).toBe(0);
    const final = await runtime.waitForExecution(long);
    expect(final).toMatchObject({ status: 'ABORTED', error: 'Ops.Cancelled', cause: 'not needed' });
    const watchedAborted = await cli('watch', long, '--json', ...local);
    expect(watchedAborted.status).toBe(1);
    expect(JSON.parse(watchedAborted.stdout)).toMatchObject({ status: 'ABORTED' });
    expect(JSON.parse(watchedAborted.stdout)).not.toHaveProperty('$metadata');
  });

  it('logs --follow prints lines while the execution runs and returns once it has ended', async () => {
    const executionArn = (await cli('start', 'sync', '--input', echo('follow me', 2), ...local)).stdout.trim();
    const output = capture();
    const following = main(['logs', executionArn, '--follow', ...local], output);
    await eventually(() => (output.stdout.some((l) => l.includes('echo: processing')) ? true : undefined), 30_000, 'lines while running');
    expect(output.stdout.some((l) => l.includes('"status":"succeeded"'))).toBe(false);
    expect(await following).toBe(0);
    expect(output.stdout.filter((l) => l.startsWith('==> '))).toHaveLength(1);
    expect(output.stdout.at(-1)).toContain('"status":"succeeded"');
  });

  it('reads history and log events past one page', async () => {
    const run = await cli('start', 'sync', '--wait', '--json', '--input', echo('paging'), ...local);
    const { executionArn } = JSON.parse(run.stdout) as { executionArn: string };
    const config = { endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
    const sfn = new SFNClient(config);
    const ecs = new ECSClient(config);
    const logs = new CloudWatchLogsClient(config);
    try {
      const all = await readHistory(sfn, executionArn);
      const paged = await readHistory(sfn, executionArn, 3);
      expect(all.length).toBeGreaterThan(3);
      expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
      const watched: number[] = [];
      const final = await watchExecution(sfn, executionArn, (event) => watched.push(event.id!), { pageSize: 2 });
      expect(watched).toEqual(all.map((e) => e.id));
      expect(final.status).toBe('SUCCEEDED');
      const taskArn = (JSON.parse(all.at(-1)!.executionSucceededEventDetails!.output!) as { taskArn: string }).taskArn;
      const [stream] = await taskLogStreams(ecs, { taskArn, taskDefinitionArn: 'sfn-ecs-local-worker:1' });
      const whole = await readLogStream(logs, stream!);
      const small = await readLogStream(logs, stream!, { pageSize: 1 });
      expect(whole.events.length).toBeGreaterThan(1);
      expect(small.events.map((e) => e.message)).toEqual(whole.events.map((e) => e.message));
      // Reading on from the returned token finds nothing new: the same token comes back.
      const again = await readLogStream(logs, stream!, { fromToken: whole.nextToken! });
      expect(again).toEqual({ events: [], nextToken: whole.nextToken });
    } finally {
      sfn.destroy();
      ecs.destroy();
      logs.destroy();
    }
  });

  it.each([
    [['describe', 'no-such-execution'], "No execution 'no-such-execution'"],
    [['start', 'no-such-machine'], "No state machine 'no-such-machine'. Known: "],
    [['describe', 'arn:aws:states:us-east-1:123456789012:execution:sync:missing'], 'ExecutionDoesNotExist: '],
  ])('%j fails with exit 1 and one clear line', async (argv, message) => {
    const { status, stderr } = await cli(...argv, ...local);
    expect(status).toBe(1);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('an endpoint that is down fails fast with a clear message', async () => {
    const port = await closedPort();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const viaFlag = await cli('executions', 'sync', '--endpoint-url', `http://127.0.0.1:${port}`, '--region', 'us-east-1');
    expect(viaFlag.status).toBe(1);
    expect(viaFlag.stderr).toContain(`Cannot reach 127.0.0.1:${port} (ECONNREFUSED)`);
    const needsServer = await cli('stop', 'some-execution', '--local', '--port', String(port));
    expect(needsServer.status).toBe(1);
    expect(needsServer.stderr).toContain(`no local server answers on 127.0.0.1:${port}: start \`sfn-ecs serve\` first`);
  });

  it('with no AWS configuration at all, a local server that answers is used, and the screen says so', async () => {
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) vi.stubEnv(name, undefined);
    vi.stubEnv('HOME', dataDir);
    const { status, stdout, stderr } = await cli('executions', 'sync', '--port', portOf(runtime.endpoint), '--json');
    expect(status).toBe(0);
    expect(stderr).toBe(`sfn-ecs: using the local server at ${runtime.endpoint} (sfn-ecs serve answers there; --region, --profile or --endpoint-url for AWS).`);
    expect(JSON.parse(stdout)).toEqual({ executions: expect.any(Array) });
  });

  it('the dummy credentials and region the AWS CLI needs do not switch history to AWS while serve answers', async () => {
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) vi.stubEnv(name, undefined);
    vi.stubEnv('HOME', dataDir);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    vi.stubEnv('AWS_DEFAULT_REGION', 'us-east-1');
    const { status, stdout } = await cli('executions', 'sync', '--port', portOf(runtime.endpoint), '--json');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ executions: expect.any(Array) });
    // With nothing answering, the same keys mean AWS; the failure names the target and why it was chosen.
    vi.stubEnv('AWS_ENDPOINT_URL_SFN', `http://127.0.0.1:${await closedPort()}`);
    const aws = await cli('executions', 'sync', '--port', portOf(runtime.endpoint));
    expect(aws.status).toBe(1);
    expect(aws.stderr).toContain('chosen because AWS_ENDPOINT_URL_SFN is set; --local for the local runtime');
  });

  it('with no server up, history and logs of a finished local execution run on a runtime started in the process', async () => {
    const port = String(await closedPort());
    // Its own data folder: the shared runtime of these tests holds theirs.
    const ownData = await mkdtemp(join(tmpdir(), 'sfn-ecs-exec-own-'));
    onTestFinished(() => rm(ownData, { recursive: true, force: true }));
    const { stdout } = await cli('start', 'sync', '--wait', '--json', '--input', echo('no server'), '--local', '--port', port, '--data-dir', ownData);
    const { name } = JSON.parse(stdout) as { name: string };
    const history = await cli('history', name, '--local', '--port', port, '--data-dir', ownData);
    expect(history.status).toBe(0);
    expect(history.stderr).toMatch(/no local server on 127\.0\.0\.1:\d+; started the local runtime in this process/);
    expect(history.stdout).toMatch(/ExecutionSucceeded/);
    const logs = await cli('logs', name, '--local', '--port', port, '--data-dir', ownData);
    expect(logs.stdout).toContain('"message":"no server"');
  });
});
