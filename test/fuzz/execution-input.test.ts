/**
 * Generated execution inputs through the HTTP API: any JSON passes through a task-free machine
 * unchanged; text that is not JSON (or too large) is an InvalidExecutionInput; and every invalid input
 * to the project's workflows fails with the workflow's own error before any task starts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { RUNS, checkAwsShaped, memberValues, postAwsJson, startFuzzRuntime } from './fuzz-helpers.js';

const SFN_JSON = 'application/x-amz-json-1.0';
let runtime: Runtime;
let closeRuntime: (() => Promise<void>) | undefined;
let passMapArn: string;
let counter = 0;

beforeAll(async () => {
  const started = await startFuzzRuntime('input');
  ({ runtime, passMapArn } = started);
  closeRuntime = started.close;
}, 60_000);

afterAll(async () => {
  await closeRuntime?.();
});

/** StartExecution over HTTP; the execution ARN, or the AWS error name. */
async function startOverHttp(stateMachineArn: string, input: string): Promise<{ executionArn?: string; error?: string }> {
  const response = await postAwsJson(runtime.endpoint, 'AWSStepFunctions.StartExecution', JSON.stringify({ stateMachineArn, name: `fuzz-${counter++}`, input }), SFN_JSON);
  const error = checkAwsShaped('StartExecution', response);
  return error ? { error } : { executionArn: response.body['executionArn'] as string };
}

async function finished(executionArn: string): Promise<{ status?: string; error?: string; cause?: string; output?: string }> {
  return runtime.waitForExecution(executionArn, AbortSignal.timeout(20_000));
}

describe('generated execution inputs', () => {
  it('any JSON document runs through the Pass/Map machine and comes out unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const input = JSON.stringify(value);
        const { executionArn, error } = await startOverHttp(passMapArn, input);
        expect(error).toBeUndefined();
        const result = await finished(executionArn!);
        expect(result.status).toBe('SUCCEEDED');
        expect(JSON.parse(result.output!)).toEqual(JSON.parse(input));
      }),
      { numRuns: RUNS },
    );
  }, 180_000);

  it('text that is not JSON is an InvalidExecutionInput; over 262144 characters a ValidationException (the model limit)', async () => {
    const notJson = fc.oneof(
      fc.string({ minLength: 1, maxLength: 100 }).filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => `${JSON.stringify(v)}}`),
    );
    const tooLarge = fc.integer({ min: 262_145, max: 600_000 }).map((n) => JSON.stringify('x'.repeat(n - 2)));
    const cases = fc.oneof(notJson.map((input) => ({ input, expected: 'InvalidExecutionInput' })), tooLarge.map((input) => ({ input, expected: 'ValidationException' })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ input, expected }) => {
        const { error } = await startOverHttp(passMapArn, input);
        if (error !== expected) throw new Error(`input of ${input.length} characters (${input.slice(0, 40)}...): ${error} instead of ${expected}`);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});

describe('invalid inputs to the project workflows', () => {
  const MODES = ['echo', 'analytics', 'compute', 'stream'];
  const value = memberValues(200);
  const notObject = value.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v));
  const notString = value.filter((v) => typeof v !== 'string');
  const notBoolean = value.filter((v) => typeof v !== 'boolean');
  const badTimeout = fc.oneof(value.filter((v) => typeof v !== 'number'), fc.constantFrom(0, 1, 59, 86_401, 120.5, -5));
  const badEnv = fc.oneof(notObject, fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), notString, { minKeys: 1, maxKeys: 3 }));

  /** A valid request with one or more generated problems; `modeOk` tells which error the workflow must give. */
  const singleTaskInput = fc
    .record({
      mode: fc.oneof(fc.constantFrom(...MODES), value.filter((m) => !MODES.includes(m as string))),
      problem: fc.constantFrom('input', 'cpu', 'memory', 'spot', 'env', 'timeoutSeconds', 'mode'),
      bad: fc.record({ input: notObject, cpu: notString, memory: notString, spot: notBoolean, env: badEnv, timeoutSeconds: badTimeout }),
    })
    .map(({ mode, problem, bad }) => {
      const request: Record<string, unknown> = { mode: problem === 'mode' ? `not-${String(mode)}` : mode, input: { message: 'x' } };
      if (problem !== 'mode') request[problem] = bad[problem as keyof typeof bad];
      return { request, modeOk: problem !== 'mode' && MODES.includes(mode as string) };
    });

  it.each(['sync', 'callback'])('%s: each fails with Workflow.UnknownMode or Workflow.InvalidInput and a cause, and starts no task', async (machine) => {
    await fc.assert(
      fc.asyncProperty(singleTaskInput, async ({ request, modeOk }) => {
        const { executionArn, error } = await startOverHttp(runtime.stateMachineArn(machine), JSON.stringify(request));
        expect(error).toBeUndefined();
        const result = await finished(executionArn!);
        expect(result.status).toBe('FAILED');
        expect(result.error).toBe(modeOk ? 'Workflow.InvalidInput' : 'Workflow.UnknownMode');
        expect(result.cause?.length).toBeGreaterThan(10);
        const { events } = await runtime.getExecutionHistory({ executionArn: executionArn!, maxResults: 1000 });
        expect(events!.filter((e) => e.type === 'TaskScheduled')).toEqual([]);
      }),
      { numRuns: RUNS / 2 },
    );
  }, 180_000);

  it('fanout: bad counts, task lists and limits fail with the workflow error and start no task', async () => {
    const fanoutInput = fc.oneof(
      fc.record({ count: fc.oneof(fc.constantFrom(0, -1, 501, 2.5), notObject.filter((v) => typeof v !== 'number')) }),
      fc.record({ tasks: fc.oneof(notObject.filter((v) => !Array.isArray(v)), fc.constant([]), fc.array(notObject, { minLength: 1, maxLength: 3 })) }),
      fc.record({ count: fc.constant(2), tasks: fc.constant([{}]) }),
      fc.constant({}),
      fc.record({ count: fc.constant(2), maxConcurrency: fc.constantFrom(-1, 1001, 0.5, 'ten') }),
      fc.record({ count: fc.constant(2), maxAttempts: fc.constantFrom(-1, 11, 'two') }),
      fc.record({ count: fc.constant(2), tasks: fc.constant(undefined), input: notObject.filter((v) => v !== null) }),
      fc.record({ tasks: fc.array(fc.record({ mode: fc.constantFrom('echo', 'nope', 42) }), { minLength: 1, maxLength: 3 }) }).filter((r) => r.tasks.some((t) => t.mode !== 'echo')),
    );
    await fc.assert(
      fc.asyncProperty(fanoutInput, async (extra) => {
        const request = { mode: 'echo', input: { message: 'x' }, ...extra };
        const { executionArn, error } = await startOverHttp(runtime.stateMachineArn('fanout'), JSON.stringify(request));
        expect(error).toBeUndefined();
        const result = await finished(executionArn!);
        expect(result.status).toBe('FAILED');
        expect(result.error).toMatch(/^Workflow\.(InvalidInput|UnknownMode)$/);
        const { events } = await runtime.getExecutionHistory({ executionArn: executionArn!, maxResults: 1000 });
        expect(events!.filter((e) => e.type === 'TaskScheduled')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  }, 180_000);
});
