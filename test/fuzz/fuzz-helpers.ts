import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';

/** Generated cases per surface (the issue asks for at least 200). */
export const RUNS = 200;
/** No single request may take longer: a hang fails the case. */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface AwsJsonResponse {
  readonly status: number;
  readonly errorTypeHeader: string | null;
  readonly contentType: string | null;
  readonly body: Record<string, unknown>;
}

/** One raw awsJson request (no SDK: the body may be anything), bounded in time. */
export async function postAwsJson(endpoint: string, target: string, body: string, contentType: string): Promise<AwsJsonResponse> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-amz-target': target },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${target}: HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, errorTypeHeader: response.headers.get('x-amzn-errortype'), contentType: response.headers.get('content-type'), body: parsed as Record<string, unknown> };
}

/**
 * What every answer to a bad request must look like: HTTP 200, or 400 with an AWS error name in
 * `__type` and in x-amzn-ErrorType and a non-empty message. A 500 (our bug) or anything else fails.
 */
export function checkAwsShaped(target: string, response: AwsJsonResponse): string | undefined {
  if (response.status === 200) return undefined;
  const name = response.body['__type'];
  const message = response.body['message'];
  if (response.status !== 400) throw new Error(`${target}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  if (typeof name !== 'string' || !/^[A-Z][A-Za-z]+$/.test(name)) throw new Error(`${target}: __type is not an AWS error name: ${JSON.stringify(name)}`);
  if (response.errorTypeHeader?.split(':')[0] !== name) throw new Error(`${target}: x-amzn-ErrorType ${response.errorTypeHeader} differs from __type ${name}`);
  if (typeof message !== 'string' || message.trim() === '') throw new Error(`${target}: ${name} without a message`);
  return name;
}

/** Values of every JSON type and deep nesting; strings up to maxLongString characters. */
export function memberValues(maxLongString: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: maxLongString }).map((n) => 'x'.repeat(n)) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '💥', '../../etc/passwd', '${ClusterArn}', '{"a":', '[]', '{}') },
  );
}

/** Request members: huge strings too (past Step Functions' 256 KiB payload limit). */
export const anyMemberValue: fc.Arbitrary<unknown> = memberValues(300_000);

/** Malformed or non-object request bodies. */
export const malformedBody: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }).filter((s) => {
    try {
      const value: unknown = JSON.parse(s);
      return value === null || typeof value !== 'object' || Array.isArray(value);
    } catch {
      return true;
    }
  }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v).slice(0, -1)),
  fc.constantFrom('[1,2]', 'null', '"text"', '42', '{"a":1,}', '{\'a\':1}', '\uFEFF{}x'),
);

/** A runtime on a fresh data folder with the task-free Pass/Map fixture machine registered. */
export async function startFuzzRuntime(name: string): Promise<{ runtime: Runtime; passMapArn: string; close(): Promise<void> }> {
  ensureWorkerBundle();
  const dataDir = await mkdtemp(join(tmpdir(), `sfn-ecs-fuzz-${name}-`));
  const runtime = await createRuntime({ rootDir: process.cwd(), dataDir });
  const definition = await readFile(join(process.cwd(), 'test', 'fixtures', 'faults', 'pass-map.asl.json'), 'utf8');
  const created = await runtime.createStateMachine({ name: 'pass-map', definition, roleArn: 'arn:aws:iam::123456789012:role/fuzz' });
  return {
    runtime,
    passMapArn: created.stateMachineArn!,
    close: async () => {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
