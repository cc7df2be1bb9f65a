/**
 * kill -9 of `sfn-ecs serve` while a long task runs: the task's processes stop on their own (the
 * container shim sees the runtime's pipe close), a second serve on the same folder is refused while the
 * first runs, and the restarted server reports what it found and marks the execution interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStartTime } from '../../local/src/storage/process-identity.js';
import { ensureWorkerBundle, eventually, isRunning, pidsWithEnv } from '../e2e/helpers.js';

const servers: ChildProcess[] = [];
const dirs: string[] = [];
const strays: number[] = [];

beforeAll(() => ensureWorkerBundle());
afterAll(async () => {
  for (const server of servers) if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  for (const pid of strays) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone: what the test wanted
    }
  }
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

interface Serve {
  readonly process: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function serve(dataDir: string): Serve {
  const child = spawn(process.execPath, ['bin/sfn-ecs.js', 'serve', '--port', '0', '--data-dir', dataDir], { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe'] });
  servers.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, stderr: () => stderr, exited };
}

const endpointOf = (server: Serve): Promise<string> =>
  eventually(() => /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.stderr())?.[1], 60_000, `the server to start; stderr so far: ${server.stderr()}`);

const client = (endpoint: string): SFNClient => new SFNClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

describe('a runtime killed with kill -9', () => {
  it('leaves no worker running, refuses a second serve meanwhile, and a restart reports what it found', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-crash-'));
    dirs.push(dataDir);
    const first = serve(dataDir);
    const sfn = client(await endpointOf(first));
    const name = 'crash-long-task';
    const input = JSON.stringify({ mode: 'echo', input: { message: 'long', processingSeconds: 600 } });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sync', name, input }));
    const workers = await eventually(async () => {
      const found = await pidsWithEnv('TASK_NAME', name);
      return found.length > 0 ? found : undefined;
    }, 60_000, 'the worker process to start');
    for (const pid of workers) strays.push(pid);

    const second = serve(dataDir);
    expect(await second.exited).not.toBe(0);
    expect(second.stderr()).toContain(`is in use by another sfn-ecs runtime (pid ${first.process.pid}`);

    first.process.kill('SIGKILL');
    await first.exited;
    // Generous for a busy machine: the shim acts as soon as the kernel closes the dead runtime's pipe.
    await eventually(() => (workers.every((pid) => !isRunning(pid)) ? true : undefined), 30_000, `workers ${workers.join(', ')} to stop after the runtime died`);

    const restarted = serve(dataDir);
    const endpoint = await endpointOf(restarted);
    expect(restarted.stderr()).toMatch(/the runtime that held .* \(pid \d+, started .*\) is gone; taking the data folder over/);
    expect(restarted.stderr()).toMatch(/1 container\(s\) of the previous runtime had already stopped/);
    const described = await client(endpoint).send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'LocalRuntime.Interrupted' });
    restarted.process.kill('SIGINT');
    expect(await restarted.exited).toBe(0);
    sfn.destroy();
  }, 180_000);

  it('a restart kills container processes a dead runtime left running, but never a process that reused a recorded pid', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-crash-'));
    dirs.push(dataDir);
    // What a runtime killed before its shims could act leaves: records of process groups still running.
    const leftover = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    const unrelated = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    strays.push(leftover.pid!, unrelated.pid!);
    await eventually(() => processStartTime(leftover.pid!) && processStartTime(unrelated.pid!), 10_000, 'the processes to start');
    const records = join(dataDir, 'containers');
    await import('node:fs/promises').then((fs) => fs.mkdir(records, { recursive: true }));
    const record = (pid: number, startTime: string): string => JSON.stringify({ pid, startTime, taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/abc', container: 'worker' });
    await writeFile(join(records, `${leftover.pid}.json`), record(leftover.pid!, processStartTime(leftover.pid!)!));
    // Same pid, another start time: the recorded container ended and the pid now runs something else.
    await writeFile(join(records, `${unrelated.pid}.json`), record(unrelated.pid!, String(Number(processStartTime(unrelated.pid!)) - 1)));

    const server = serve(dataDir);
    await endpointOf(server);
    expect(server.stderr()).toContain(`killed 1: pid ${leftover.pid} (worker of arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/abc)`);
    await eventually(() => (isRunning(leftover.pid!) ? undefined : true), 30_000, 'the leftover container to be killed');
    expect(isRunning(unrelated.pid!)).toBe(true);
    expect(await readdir(records)).toEqual([]);
    server.process.kill('SIGINT');
    await server.exited;
  }, 120_000);
});
