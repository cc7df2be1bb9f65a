/**
 * Malformed requests get AWS's 400 errors from the protocol layer, never a 500 or a half-run:
 * an X-Amz-Target with a trailing part, nulls inside dense lists, members of the wrong JSON type
 * (checked against the SDK's own input shapes, for every service alike), and an execution input
 * nested deeper than AWS's JSON reader accepts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import { MAX_JSON_NESTING_DEPTH } from '../../local/src/runtime/json-nesting.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';

let runtime: Runtime;
let dataDir: string;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-edges-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, timeScale: 0.01 });
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function call(target: string, body: unknown): Promise<{ status: number; errorType: string | null; body: Record<string, unknown> }> {
  const json10 = target.startsWith('AWSStepFunctions.');
  const response = await fetch(runtime.endpoint, {
    method: 'POST',
    headers: { 'content-type': json10 ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: (await response.json()) as Record<string, unknown> };
}

const runTask = (extra: Record<string, unknown>) => ({
  cluster: 'sfn-ecs-local',
  taskDefinition: runtime.project.taskDefinitions[0]!.taskDefinitionArn,
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-local'] } },
  ...extra,
});

async function taskCount(): Promise<number> {
  const counts = await Promise.all((['RUNNING', 'STOPPED'] as const).map((desiredStatus) => runtime.ecs.listTasks({ cluster: 'sfn-ecs-local', desiredStatus })));
  return counts.reduce((sum, { taskArns }) => sum + taskArns!.length, 0);
}

describe('operation names', () => {
  it('answers UnknownOperationException for AWSStepFunctions.ListStateMachines.extra', async () => {
    const answer = await call('AWSStepFunctions.ListStateMachines.extra', {});
    expect(answer).toMatchObject({ status: 400, errorType: 'UnknownOperationException', body: { __type: 'UnknownOperationException' } });
  });
});

describe('member types, from the SDK input shapes', () => {
  it.each([
    ['containerOverrides: [null]', { overrides: { containerOverrides: [null] } }, /null in list overrides\.containerOverrides at index 0/],
    ['capacityProviderStrategy: [null]', { capacityProviderStrategy: [null] }, /null in list capacityProviderStrategy at index 0/],
    ['a number as a command argument', { overrides: { containerOverrides: [{ name: 'worker', command: ['a', 5] }] } }, /number for member overrides\.containerOverrides\[0\]\.command\[1\]: expected a string/],
    ['a string count', { count: '2' }, /string for member count: expected a number/],
  ])('RunTask with %s: 400 SerializationException, no task', async (_label, extra, message) => {
    const before = await taskCount();
    const answer = await call('AmazonEC2ContainerServiceV20141113.RunTask', runTask(extra));
    expect(answer).toMatchObject({ status: 400, errorType: 'SerializationException', body: { __type: 'SerializationException' } });
    expect(answer.body.message).toMatch(message);
    expect(await taskCount()).toBe(before);
  });

  it.each([
    ['FilterLogEvents', { logGroupName: '/ecs/sfn-ecs-local', filterPattern: 5 }, /number for member filterPattern: expected a string/],
    ['FilterLogEvents', { logGroupName: '/ecs/sfn-ecs-local', logStreamNames: 'one' }, /string for member logStreamNames: expected a list/],
    ['GetLogEvents', { logGroupName: 'g', logStreamName: 's', limit: 'ten' }, /string for member limit: expected a number/],
    ['DescribeLogStreams', { logGroupName: 'g', descending: 'yes' }, /string for member descending: expected a boolean/],
    ['DescribeLogGroups', { logGroupNamePrefix: { a: 1 } }, /structure for member logGroupNamePrefix: expected a string/],
  ])('Logs %s with a wrongly typed member: 400 SerializationException', async (operation, body, message) => {
    const answer = await call(`Logs_20140328.${operation}`, body);
    expect(answer).toMatchObject({ status: 400, errorType: 'SerializationException' });
    expect(answer.body.message).toMatch(message);
  });

  it('StartExecution with a numeric input: 400 SerializationException, nothing started', async () => {
    const answer = await call('AWSStepFunctions.StartExecution', { stateMachineArn: runtime.stateMachineArn('sync'), name: 'typed', input: 5 });
    expect(answer).toMatchObject({ status: 400, errorType: 'SerializationException' });
    await expect(runtime.describeExecution({ executionArn: runtime.stateMachineArn('sync').replace(':stateMachine:', ':execution:') + ':typed' })).rejects.toMatchObject({ code: 'ExecutionDoesNotExist' });
  });
});

describe('deeply nested execution input', () => {
  it(`refuses input nested 100,000 levels deep with InvalidExecutionInput, and records nothing`, async () => {
    const input = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const answer = await call('AWSStepFunctions.StartExecution', { stateMachineArn: runtime.stateMachineArn('sync'), name: 'deep', input });
    expect(answer).toMatchObject({ status: 400, errorType: 'InvalidExecutionInput' });
    expect(answer.body.message).toBe(`Invalid State Machine Execution Input: 'Depth (${MAX_JSON_NESTING_DEPTH + 1}) exceeds the maximum allowed nesting depth (${MAX_JSON_NESTING_DEPTH})'`);
    const { executions } = await runtime.listExecutions({ stateMachineArn: runtime.stateMachineArn('sync') });
    expect(executions!.map((e) => e.name)).not.toContain('deep');
  });

  it(`runs input at the limit (${MAX_JSON_NESTING_DEPTH} levels) with a history that starts with ExecutionStarted`, async () => {
    const pass = await runtime.createStateMachine({ name: 'deep-pass', definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }), roleArn: 'arn:aws:iam::123456789012:role/r' });
    const input = `${'['.repeat(MAX_JSON_NESTING_DEPTH)}${']'.repeat(MAX_JSON_NESTING_DEPTH)}`;
    const { executionArn } = await runtime.startExecution({ stateMachineArn: pass.stateMachineArn, name: 'at-limit', input });
    const done = await runtime.waitForExecution(executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    const { events } = await runtime.getExecutionHistory({ executionArn: executionArn! });
    expect(events![0]!.type).toBe('ExecutionStarted');
    expect(events!.at(-1)!.type).toBe('ExecutionSucceeded');
  });

  it('does not count brackets inside strings', async () => {
    const pass = await runtime.describeStateMachine({ stateMachineArn: runtime.stateMachineArn('deep-pass') });
    const input = JSON.stringify({ text: '['.repeat(5_000) });
    const { executionArn } = await runtime.startExecution({ stateMachineArn: pass.stateMachineArn!, name: 'brackets-in-strings', input });
    expect((await runtime.waitForExecution(executionArn!)).status).toBe('SUCCEEDED');
  });
});
