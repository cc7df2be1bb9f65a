import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../local/src/cli/main.js';
import type { Output } from '../../local/src/cli/output.js';
import { ensureWorkerBundle, eventually } from '../e2e/helpers.js';

let dataDir: string;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-cli-'));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = String((server.address() as { port: number }).port);
  await new Promise((resolve) => server.close(resolve));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

/** Service commands go to the local runtime: a port where no `sfn-ecs serve` runs makes it start in this process. */
const SERVICE_COMMANDS = new Set(['history', 'logs', 'describe', 'executions', 'watch']);
let closedPort = '';

async function cli(...argv: string[]) {
  const output = capture();
  const local = SERVICE_COMMANDS.has(argv[0]!) ? ['--local', '--port', closedPort] : [];
  const status = await main([...argv, ...local, '--data-dir', dataDir], output);
  return { status, stdout: output.stdout.join('\n'), stderr: output.stderr.join('\n') };
}

describe('sfn-ecs CLI', () => {
  it('run: live view of states and the task, then the output and artifact keys; exit 0 on SUCCEEDED', async () => {
    const { status, stdout, stderr } = await cli('run', 'sync', '--input', '{"mode":"echo","input":{"message":"cli","processingSeconds":0}}');
    expect(status).toBe(0);
    expect(stderr).toContain('▶ execution started');
    expect(stderr).toContain('  → Run task (Task)');
    expect(stderr).toMatch(/▷ task [0-9a-f]{8} started \(ecs:runTask\.sync\)/);
    expect(stderr).toMatch(/■ task [0-9a-f]{8} stopped: exit 0/);
    expect(stderr).toMatch(/✔ SUCCEEDED in \d/);
    expect(stderr).toMatch(/s3:\/\/sfn-ecs-artifacts\/runs\/[0-9a-f-]+\/manifest\.json/);
    expect(JSON.parse(stdout)).toMatchObject({ mode: 'echo', exitCode: 0 });
    // Each artifact is printed with the plain file that holds it, which a person can open.
    const manifestLine = /^ {2}(s3:\/\/sfn-ecs-artifacts\/(runs\/[0-9a-f-]+\/manifest\.json)) {2}(\S+)$/m.exec(stderr);
    expect(manifestLine?.[3]).toBe(join(dataDir, 's3', 'sfn-ecs-artifacts', manifestLine![2]!));
    expect(JSON.parse(await readFile(manifestLine![3]!, 'utf8'))).toMatchObject({ artifacts: expect.any(Array) });
  });

  it('run --json prints only the DescribeExecution record; a failed execution exits 1', async () => {
    const { status, stdout, stderr } = await cli('run', 'sync', '--json', '--input', '{"mode":"nope","input":{}}');
    expect(status).toBe(1);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({ status: 'FAILED', error: 'Workflow.UnknownMode' });
  });

  it('run <file.asl.json>: registers the file under its name with the project placeholders filled', async () => {
    const file = join(dataDir, 'where-to.asl.json');
    await writeFile(file, JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { bucket: '${ArtifactBucket}' }, End: true } } }));
    const { status, stdout } = await cli('run', file);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ bucket: 'sfn-ecs-artifacts' });
  });

  it('history and logs read a finished execution by name, with no server up (a runtime in this process)', async () => {
    const run = await cli('run', 'sync', '--json', '--input', '{"mode":"echo","input":{"message":"for logs","processingSeconds":0}}');
    const { name } = JSON.parse(run.stdout) as { name: string };
    const history = await cli('history', name);
    expect(history.status).toBe(0);
    expect(history.stdout).toMatch(/^\s+1 \S+\s+ExecutionStarted/m);
    expect(history.stdout).toMatch(/ExecutionSucceeded/);
    const json = await cli('history', name, '--json');
    expect((JSON.parse(json.stdout) as { events: { type: string }[] }).events.at(-1)?.type).toBe('ExecutionSucceeded');
    const logs = await cli('logs', name);
    expect(logs.status).toBe(0);
    expect(logs.stdout).toMatch(/^==> \/aws\/ecs\/sfn-ecs-local\/worker worker\/worker\/[0-9a-f]{32} <==$/m);
    expect(logs.stdout).toMatch(/^\S+Z \{"status":"succeeded"/m);
  });

  it.each([
    [['run', 'no-such-machine'], 1, "No state machine 'no-such-machine'. Known: "],
    [['history', 'no-such-execution'], 1, "No execution 'no-such-execution'"],
    [['run', 'sync', '--input', '{bad'], 2, '--input is not valid JSON'],
    [['frobnicate'], 2, "Unknown command 'frobnicate'"],
  ])('%j exits %i with a one-line message and no stack trace', async (argv, code, message) => {
    const { status, stderr } = await cli(...argv);
    expect(status).toBe(code);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('replay: runs the named samples and prints a pass/fail table against their expected status', async () => {
    const { status, stdout } = await cli('replay', 'events/sync-unknown-mode.json', 'events/sync-invalid-input.json', 'events/sync-echo.json');
    expect(stdout).toMatch(/^pass\s+events\/sync-unknown-mode\.json\s+sync\s+FAILED Workflow\.UnknownMode\s+FAILED Workflow\.UnknownMode/m);
    expect(stdout).toMatch(/^pass\s+events\/sync-echo\.json\s+sync\s+SUCCEEDED\s+SUCCEEDED/m);
    expect(stdout).toContain('3 passed, 0 failed, 0 skipped');
    expect(status).toBe(0);
  });

  it('schedules: lists serverless.yml schedules and fires one now with its constant input', async () => {
    const list = await cli('schedules');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^sfn-ecs-local-nightly-analytics\tsync\tcron\(0 2 \* \* \? \*\)\tdisabled\tnext \d{4}-\d\d-\d\dT02:00:00\.000Z$/m);
    const fired = await cli('schedules', '--fire', 'sfn-ecs-local-nightly-analytics');
    expect(fired.status).toBe(0);
    expect(JSON.parse(fired.stdout)).toMatchObject({ status: 'SUCCEEDED', output: { mode: 'analytics', exitCode: 0 } });
  });

  it('serve: answers the AWS SDK on 127.0.0.1 until stopped', async () => {
    const output = capture();
    const stop = new AbortController();
    const serving = main(['serve', '--port', '0', '--data-dir', dataDir], output, stop.signal);
    const endpoint = await eventually(() => /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.stderr.join('\n'))?.[1], 20_000, 'the server to start');
    const sfn = new SFNClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((m) => m.name)).toContain('sync');
    sfn.destroy();
    stop.abort();
    expect(await serving).toBe(0);
    await expect(fetch(endpoint, { method: 'POST' })).rejects.toThrow();
  });
});
