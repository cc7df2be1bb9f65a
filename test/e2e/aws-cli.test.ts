import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureWorkerBundle, eventually } from './helpers.js';

const run = promisify(execFile);
/**
 * Deadlines, not expected durations: each CLI call is a Python start (seconds on a busy machine), and
 * the test waits for events (the execution leaving RUNNING), so only a hang reaches them.
 */
const CLI_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 600_000;

/** Debian's awscli (v2, /usr/bin/aws) and whatever `aws` comes first on PATH (pip's v1 here), once each. */
function installedAwsClis(): { name: string; command: string }[] {
  const found = new Map<string, string>();
  for (const command of ['/usr/bin/aws', 'aws']) {
    try {
      const version = execFileSync(command, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split(' ')[0]!;
      if (!found.has(version)) found.set(version, command);
    } catch {
      // not installed under this name
    }
  }
  return [...found].map(([name, command]) => ({ name, command }));
}
const clis = installedAwsClis();
let runtime: Runtime;
let dataDir: string;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-awscli-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir });
});

afterAll(async () => {
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the real AWS CLI against the local endpoint and parses its JSON output. */
async function awsWith(cli: string, ...args: string[]): Promise<Record<string, any>> {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: runtime.region,
    AWS_REGION: runtime.region,
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  try {
    const { stdout } = await run(cli, [...args, '--endpoint-url', runtime.endpoint, '--output', 'json'], { env, timeout: CLI_TIMEOUT_MS });
    return stdout.trim() ? (JSON.parse(stdout) as Record<string, any>) : {};
  } catch (error) {
    const e = error as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('the AWS CLI (`aws`) is not installed: .ci/run installs Debian\'s awscli package');
    throw Object.assign(new Error(`aws ${args.join(' ')} failed: ${e.stderr ?? String(error)}`), { stderr: e.stderr });
  }
}

it('finds at least one AWS CLI (.ci/run installs Debian\'s awscli)', () => {
  expect(clis.length).toBeGreaterThan(0);
});

describe.each(clis)('the real AWS CLI ($name) drives the local runtime through --endpoint-url', ({ command }) => {
  const aws = (...args: string[]) => awsWith(command, ...args);
  it('starts the sync sample, follows it to SUCCEEDED, reads its history and its ECS task', async () => {
    const machines = await aws('stepfunctions', 'list-state-machines');
    expect(machines.stateMachines.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['sync', 'callback']));

    const started = await aws(
      'stepfunctions', 'start-execution',
      '--state-machine-arn', runtime.stateMachineArn('sync'),
      '--name', `aws-cli-run-${clis.findIndex((c) => c.command === command)}`,
      '--input', JSON.stringify({ mode: 'echo', input: { message: 'from the aws cli', processingSeconds: 0 } }),
    );
    expect(started.executionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:sync:aws-cli-run-\d$/);

    const described = await eventually(async () => {
      const d = await aws('stepfunctions', 'describe-execution', '--execution-arn', started.executionArn);
      return d.status === 'RUNNING' ? undefined : d;
    }, CLI_TIMEOUT_MS, 'the execution to finish');
    expect(described.status).toBe('SUCCEEDED');
    const output = JSON.parse(described.output) as { taskArn: string; exitCode: number };
    expect(output.exitCode).toBe(0);

    const history = await aws('stepfunctions', 'get-execution-history', '--execution-arn', started.executionArn);
    expect(history.events.at(-1).type).toBe('ExecutionSucceeded');

    const tasks = await aws('ecs', 'describe-tasks', '--cluster', 'sfn-ecs-local', '--tasks', output.taskArn);
    expect(tasks.tasks[0]).toMatchObject({ lastStatus: 'STOPPED', taskArn: output.taskArn });

    const missing = await aws('stepfunctions', 'describe-execution', '--execution-arn', 'arn:aws:states:us-east-1:123456789012:execution:sync:nope').catch(
      (error: { stderr?: string }) => error,
    );
    expect(String((missing as { stderr?: string }).stderr)).toContain('ExecutionDoesNotExist');
  }, TEST_TIMEOUT_MS);
});
