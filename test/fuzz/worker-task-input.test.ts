/**
 * Generated invalid TASK_INPUT for every mode, given to the real worker bundle: each run ends with
 * exit 2, a `Worker.InvalidInput` result line naming TASK_INPUT, and an error log line; none crashes,
 * hangs or touches S3 (which is unreachable here, so input that slipped through would exit 1 instead).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWorkerBundle } from '../e2e/helpers.js';
import { RUNS, memberValues } from './fuzz-helpers.js';

/** Workers run this many at a time, so 200 cases stay quick on two cores. */
const PARALLEL = 4;
const WORKER_TIMEOUT_MS = 15_000;
/** ECS allows 8 KiB of container overrides, and Linux refuses one environment string over 128 KiB. */
const anyMemberValue = memberValues(8_000);

beforeAll(() => ensureWorkerBundle());

type FieldKind = 'string' | 'number' | 'int' | 'strings' | 'object';
interface ModeSpec {
  /** MODE, when the spec's key names a variant of a mode's input rather than the mode. */
  readonly mode?: string;
  readonly base: Record<string, unknown>;
  readonly fields: Record<string, FieldKind>;
  readonly required: readonly string[];
  /** Numbers outside each numeric field's range. */
  readonly outOfRange: Record<string, readonly unknown[]>;
}

const MODES: Record<string, ModeSpec> = {
  echo: { base: { message: 'hi', processingSeconds: 0 }, fields: { message: 'string', processingSeconds: 'number' }, required: ['message'], outOfRange: { processingSeconds: [-1, 86_401, 1e12] } },
  compute: {
    base: { size: 8, steps: 1, seed: 1 },
    fields: { size: 'int', steps: 'int', seed: 'int' },
    required: ['size', 'steps'],
    outOfRange: { size: [3, 2049, 4.5, -8], steps: [0, 1_000_001, 1.5], seed: [0.5] },
  },
  stream: {
    base: { url: 'ws://127.0.0.1:9/feed', symbols: ['ABC'], durationSeconds: 1 },
    fields: { url: 'string', symbols: 'strings', durationSeconds: 'number', checkpointSeconds: 'number', latenessSeconds: 'number' },
    required: ['url', 'symbols', 'durationSeconds'],
    outOfRange: { durationSeconds: [0, -1, 86_401], checkpointSeconds: [0, -5, 86_401], latenessSeconds: [-1, 3601], symbols: [[], Array(501).fill('S'), [''], ['x'.repeat(65)]], url: ['http://x', 'ws://', 'ws://a b', ''] },
  },
  analytics: {
    base: { synthetic: { rows: 10, seed: 1, days: 3 } },
    fields: { synthetic: 'object', currency: 'string' },
    required: ['synthetic'],
    outOfRange: {
      synthetic: [{ rows: 0 }, { rows: 100_000_001 }, { rows: 1.5 }, { rows: 10, days: 0 }, { rows: 10, days: 3661 }, { rows: 10, extra: 1 }, {}],
      currency: ['eur', 'EURO', '', '€'],
    },
  },
  'analytics from S3': {
    mode: 'analytics',
    base: { source: 's3://fuzz-bucket/orders.csv', maxRejectedFraction: 0.1, plausibleRange: { from: '2020-01-01', until: '2030-01-01' }, currency: 'EUR' },
    fields: { source: 'string', maxRejectedFraction: 'number', plausibleRange: 'object', currency: 'string' },
    required: ['source'],
    outOfRange: {
      source: ['orders.csv', 's3://', 's3://bucket', 'https://bucket.s3.amazonaws.com/orders.csv'],
      maxRejectedFraction: [-0.1, 1.5],
      plausibleRange: [{ from: '2020-1-1', until: '2030-01-01' }, { from: '2020-01-01' }, { from: '2020-01-01', until: '2030-01-01', tz: 'UTC' }],
      currency: ['usd', 'US'],
    },
  },
};

function wrongTypeFor(kind: FieldKind): fc.Arbitrary<unknown> {
  return anyMemberValue.filter((value) => {
    if (kind === 'string') return typeof value !== 'string';
    if (kind === 'number' || kind === 'int') return typeof value !== 'number';
    if (kind === 'strings') return !Array.isArray(value) || value.some((v) => typeof v !== 'string');
    return value === null || typeof value !== 'object' || Array.isArray(value);
  });
}

interface Case {
  /** The key of the spec in MODES. */
  readonly mode: string;
  readonly taskInput: string;
  readonly violation: string;
}

/** A valid input with exactly one thing wrong, or text that is not a JSON object at all. */
const invalidCase: fc.Arbitrary<Case> = fc.constantFrom(...Object.keys(MODES)).chain((mode) => {
  const spec = MODES[mode]!;
  const fieldNames = Object.keys(spec.fields);
  const withField = (name: string, value: unknown): string => JSON.stringify({ ...spec.base, [name]: value });
  const violations: fc.Arbitrary<Case>[] = [
    fc.jsonValue({ maxDepth: 2 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => ({ mode, taskInput: JSON.stringify(v), violation: 'not an object' })),
    fc.oneof(fc.constantFrom('{', '{"a":', "{'message':'x'}", 'undefined', '{"message":"x",}'), fc.string({ minLength: 1, maxLength: 30 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } })).map((t) => ({ mode, taskInput: t, violation: 'malformed JSON' })),
    fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in spec.fields) && k !== '__proto__').chain((key) => anyMemberValue.map((value) => ({ mode, taskInput: withField(key, value), violation: `unknown member ${key}` }))),
    fc.constantFrom(...fieldNames).chain((name) => wrongTypeFor(spec.fields[name]!).map((value) => ({ mode, taskInput: withField(name, value), violation: `${name} of the wrong type` }))),
    fc.constantFrom(...Object.keys(spec.outOfRange)).chain((name) => fc.constantFrom(...spec.outOfRange[name]!).map((value) => ({ mode, taskInput: withField(name, value), violation: `${name} out of range` }))),
    fc.constantFrom(...spec.required).map((name) => {
      const { [name]: _dropped, ...rest } = spec.base;
      return { mode, taskInput: JSON.stringify(rest), violation: `${name} missing` };
    }),
  ];
  // An environment variable cannot hold a NUL byte (neither can an ECS override).
  return fc.oneof(...violations).filter((c) => !c.taskInput.includes('\u0000'));
});

interface WorkerRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runWorker(c: Case): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'worker.mjs')], {
      env: {
        PATH: process.env.PATH ?? '',
        MODE: MODES[c.mode]!.mode ?? c.mode,
        TASK_INPUT: c.taskInput,
        TASK_NAME: 'fuzz-task',
        ARTIFACT_BUCKET: 'fuzz-bucket',
        // Nothing listens here: valid input would fail with exit 1 on its first write, not exit 2.
        AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
        AWS_S3_FORCE_PATH_STYLE: 'true',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'fuzz',
        AWS_SECRET_ACCESS_KEY: 'fuzz',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: WORKER_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

function checkRejected(c: Case, run: WorkerRun): void {
  const where = `MODE=${c.mode} (${c.violation}) TASK_INPUT=${c.taskInput.slice(0, 200)}`;
  if (run.exitCode !== 2) throw new Error(`${where}: exit ${run.exitCode}, stderr ${run.stderr.slice(-400)}`);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  const line = JSON.parse(last) as { status: string; error: { name: string; cause: string }; manifest: unknown };
  expect(line, where).toMatchObject({ status: 'failed', error: { name: 'Worker.InvalidInput' }, manifest: null });
  expect(line.error.cause, where).toContain('TASK_INPUT');
  // Logs are JSON lines, the last an error; never a stack trace.
  const logs = run.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: string; message: string });
  expect(logs.at(-1)?.level, where).toBe('error');
  expect(run.stderr, where).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('generated invalid TASK_INPUT for every mode', () => {
  it(`${RUNS} cases: each exits 2 with Worker.InvalidInput and a message naming TASK_INPUT`, async () => {
    const seenModes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(invalidCase, { minLength: PARALLEL, maxLength: PARALLEL }), async (cases) => {
        const runs = await Promise.all(cases.map((c) => runWorker(c)));
        cases.forEach((c, i) => {
          seenModes.add(c.mode);
          checkRejected(c, runs[i]!);
        });
      }),
      { numRuns: RUNS / PARALLEL },
    );
    expect([...seenModes].sort()).toEqual(Object.keys(MODES).sort());
  }, 240_000);
});
