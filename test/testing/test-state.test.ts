/**
 * TestState on the local API, driven by the AWS CLI (pip's v1 has `stepfunctions test-state`) and by
 * the SDK: one state in isolation with its inspection data, status, next state, error and cause.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SFNClient, TestStateCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, LOCAL_CLUSTER_NAME, type Runtime } from '../../local/src/index.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';

/** A deadline for one CLI call (a Python start: seconds on a busy machine), not its expected duration. */
const CLI_TIMEOUT_MS = 120_000;

const run = promisify(execFile);
let runtime: Runtime;
let dataDir: string;

/**
 * An AWS CLI that has `stepfunctions test-state`: pip's v1 has it; Debian's v2 (2.9) predates it, and
 * either may come first on PATH.
 */
function awsWithTestState(): string {
  for (const command of ['aws', '/usr/local/bin/aws', `${process.env.HOME ?? '/root'}/.pyenv/shims/aws`, '/usr/bin/aws']) {
    try {
      execFileSync(command, ['stepfunctions', 'test-state', '--generate-cli-skeleton'], { stdio: 'ignore', timeout: CLI_TIMEOUT_MS });
      return command;
    } catch {
      // not installed, or too old for TestState
    }
  }
  throw new Error('No AWS CLI with `stepfunctions test-state` found (pip install awscli gives one)');
}
const AWS = awsWithTestState();

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-teststate-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, port: 0 });
}, 60_000);
afterAll(async () => {
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** `aws stepfunctions test-state` against the local API; resolves with the parsed JSON answer or the CLI's error text. */
async function cli(args: Record<string, unknown>): Promise<{ ok: true; body: Record<string, any> } | { ok: false; stderr: string }> {
  const argv = ['stepfunctions', 'test-state', '--endpoint-url', runtime.endpoint, '--output', 'json'];
  for (const [key, value] of Object.entries(args)) argv.push(`--${key}`, typeof value === 'string' ? value : JSON.stringify(value));
  try {
    const { stdout } = await run(AWS, argv, {
      timeout: CLI_TIMEOUT_MS,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: runtime.region,
        // TestState's API model asks for a `sync-` host prefix; a local endpoint has no such host.
        AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
      },
    });
    return { ok: true, body: JSON.parse(stdout) };
  } catch (error) {
    return { ok: false, stderr: String((error as { stderr?: string }).stderr ?? error) };
  }
}

const taskWithHandlers = {
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  InputPath: '$.order',
  Parameters: { 'id.$': '$.id', fixed: 1 },
  ResultSelector: { 'charge.$': '$.Payload' },
  ResultPath: '$.result',
  OutputPath: '$.result',
  Retry: [{ ErrorEquals: ['Payments.Unavailable'], IntervalSeconds: 3, BackoffRate: 2, MaxAttempts: 2 }],
  Catch: [{ ErrorEquals: ['Payments.CardDeclined'], ResultPath: '$.error', Next: 'Declined' }],
  Next: 'Ship',
};

describe('TestState through the AWS CLI', { timeout: 4 * CLI_TIMEOUT_MS }, () => {
  it('shows every step of a Pass state data flow at DEBUG', async () => {
    const answer = await cli({
      definition: { Type: 'Pass', InputPath: '$.a', Parameters: { 'x.$': '$.b' }, ResultPath: '$.out', Next: 'After' },
      input: { a: { b: 5 } },
      'inspection-level': 'DEBUG',
    });
    expect(answer).toMatchObject({ ok: true });
    const body = (answer as { body: Record<string, any> }).body;
    expect(body.status).toBe('SUCCEEDED');
    expect(body.nextState).toBe('After');
    expect(JSON.parse(body.output)).toEqual({ a: { b: 5 }, out: { x: 5 } });
    expect(JSON.parse(body.inspectionData.afterInputPath)).toEqual({ b: 5 });
    expect(JSON.parse(body.inspectionData.afterParameters)).toEqual({ x: 5 });
    expect(JSON.parse(body.inspectionData.afterResultPath)).toEqual({ a: { b: 5 }, out: { x: 5 } });
  });

  it('runs a mocked Task (no service call) through ResultSelector, ResultPath and OutputPath', async () => {
    const answer = await cli({
      definition: taskWithHandlers,
      input: { order: { id: 'o-1' } },
      'inspection-level': 'DEBUG',
      mock: { result: JSON.stringify({ Payload: { chargeId: 'ch_9' } }) },
    });
    const body = (answer as { body: Record<string, any> }).body;
    expect(body.status).toBe('SUCCEEDED');
    expect(body.nextState).toBe('Ship');
    expect(JSON.parse(body.inspectionData.afterParameters)).toEqual({ id: 'o-1', fixed: 1 });
    expect(JSON.parse(body.inspectionData.result)).toEqual({ Payload: { chargeId: 'ch_9' } });
    expect(JSON.parse(body.inspectionData.afterResultSelector)).toEqual({ charge: { chargeId: 'ch_9' } });
    expect(JSON.parse(body.output)).toEqual({ charge: { chargeId: 'ch_9' } });
  });

  it.each([
    ['a retriable error', 'Payments.Unavailable', { status: 'RETRIABLE', error: 'Payments.Unavailable' }, { retryIndex: 0, retryBackoffIntervalSeconds: 3 }],
    ['a caught error', 'Payments.CardDeclined', { status: 'CAUGHT_ERROR', error: 'Payments.CardDeclined', nextState: 'Declined' }, { catchIndex: 0 }],
    ['an unhandled error', 'Payments.Other', { status: 'FAILED', error: 'Payments.Other', cause: 'why' }, undefined],
  ])('reports %s with its status and error details', async (_what, error, expected, errorDetails) => {
    const answer = await cli({ definition: taskWithHandlers, input: { order: { id: 'o-2' } }, 'inspection-level': 'DEBUG', mock: { errorOutput: { error, cause: 'why' } } });
    const body = (answer as { body: Record<string, any> }).body;
    expect(body).toMatchObject(expected);
    expect(body.inspectionData.errorDetails).toEqual(errorDetails);
    if (body.status === 'CAUGHT_ERROR') expect(JSON.parse(body.output)).toEqual({ order: { id: 'o-2' }, error: { Error: error, Cause: 'why' } });
  });

  it('evaluates a JSONata state with variables and reports them', async () => {
    const answer = await cli({
      definition: { QueryLanguage: 'JSONata', Type: 'Pass', Output: '{% $states.input.n * $factor %}', Assign: { seen: '{% $states.input.n %}' }, End: true },
      input: { n: 6 },
      variables: { factor: 7 },
      'inspection-level': 'DEBUG',
    });
    const body = (answer as { body: Record<string, any> }).body;
    expect(body.status).toBe('SUCCEEDED');
    expect(body.nextState).toBeUndefined();
    expect(JSON.parse(body.output)).toBe(42);
    expect(JSON.parse(body.inspectionData.variables)).toEqual({ factor: 7, seen: 6 });
  });

  it('tests one state of a whole state machine chosen by --state-name', async () => {
    const machine = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Result: { picked: 'B' }, End: true } } };
    const answer = await cli({ definition: machine, 'state-name': 'B', input: {} });
    const body = (answer as { body: Record<string, any> }).body;
    expect(JSON.parse(body.output)).toEqual({ picked: 'B' });
    expect(body.inspectionData).toBeUndefined();
  });

  it('refuses an invalid definition with InvalidDefinition', async () => {
    const answer = await cli({ definition: { Type: 'Pas', End: true } });
    expect(answer.ok).toBe(false);
    expect((answer as { stderr: string }).stderr).toContain('InvalidDefinition');
  });
});

describe('TestState through the SDK', () => {
  const client = () => new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, disableHostPrefix: true });

  it.each([
    ['a Choice picks its next state', { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Big' }], Default: 'Small' }, undefined, { status: 'SUCCEEDED', nextState: 'Big' }],
    ['a Fail state fails with its error', { Type: 'Fail', Error: 'Order.Invalid', Cause: 'no items' }, undefined, { status: 'FAILED', error: 'Order.Invalid', cause: 'no items' }],
    [
      'a mocked .waitForTaskToken task returns the callback output',
      { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken', HeartbeatSeconds: 60, Parameters: { TaskDefinition: 'worker', Overrides: { ContainerOverrides: [{ Name: 'worker', Environment: [{ Name: 'TOKEN', 'Value.$': '$$.Task.Token' }] }] } }, End: true },
      { result: '{"answer":42}' },
      { status: 'SUCCEEDED', output: '{"answer":42}' },
    ],
  ])('%s', async (_what, state, mock, expected) => {
    const sfn = client();
    const answer = await sfn.send(new TestStateCommand({ definition: JSON.stringify(state), input: '{"n":5}', ...(mock ? { mock } : {}) }));
    expect(answer).toMatchObject(expected);
    sfn.destroy();
  });

  it('with a mock does not start an ECS task', async () => {
    const client = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, disableHostPrefix: true });
    const definition = JSON.stringify({ Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Parameters: { TaskDefinition: 'worker' }, End: true });
    const answer = await client.send(new TestStateCommand({ definition, mock: { result: JSON.stringify({ TaskArn: 'arn:t', LastStatus: 'STOPPED', Containers: [] }) } }));
    expect(answer.status).toBe('SUCCEEDED');
    expect(JSON.parse(answer.output!)).toMatchObject({ TaskArn: 'arn:t' });
    for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
      expect((await runtime.ecs.listTasks({ cluster: LOCAL_CLUSTER_NAME, desiredStatus })).taskArns ?? []).toEqual([]);
    }
    client.destroy();
  });
});
