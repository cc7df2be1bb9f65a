/**
 * The runtime's data folder on a 2 MB tmpfs, filled by an execution's history: that execution fails
 * with a clear cause, the runtime keeps answering, and an execution that had finished before is intact.
 * Needs root to mount; where mounting is not permitted this fails (it must not pass without running).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unmountTmpfs } from '../helpers/tmpfs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';

const ROLE = 'arn:aws:iam::123456789012:role/test';
let parent: string;
let mountPoint: string;
let runtime: Runtime | undefined;
const warnings: string[] = [];

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'sfn-ecs-full-'));
  mountPoint = join(parent, 'disk');
  await mkdir(mountPoint);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]);
});

afterAll(async () => {
  await runtime?.close();
  try {
    unmountTmpfs(mountPoint);
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});

/** Passes a ~150 KB payload around a loop (a short Wait each round, as real steps take time): each round adds about 600 KB of history. */
const filler = JSON.stringify({
  StartAt: 'Round',
  States: {
    Round: { Type: 'Pass', Parameters: { 'blob.$': '$.blob', 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 1, Next: 'More?' },
    'More?': { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 100, Next: 'Round' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
});
const small = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { kept: true }, End: true } } });

describe('a full disk under the data folder', () => {
  it('fails the execution whose history cannot be written, keeps serving, and loses nothing complete', async () => {
    runtime = await createRuntime({ rootDir: process.cwd(), dataDir: join(mountPoint, 'data'), timeScale: 0.05, onWarning: (m) => warnings.push(m) });
    const { stateMachineArn: smallArn } = await runtime.createStateMachine({ name: 'small', definition: small, roleArn: ROLE });
    const { stateMachineArn: fillerArn } = await runtime.createStateMachine({ name: 'filler', definition: filler, roleArn: ROLE });
    const before = await runtime.waitForExecution((await runtime.startExecution({ stateMachineArn: smallArn, name: 'before' })).executionArn!);
    expect(before.status).toBe('SUCCEEDED');

    const { executionArn } = await runtime.startExecution({ stateMachineArn: fillerArn, name: 'fill', input: JSON.stringify({ blob: 'x'.repeat(150_000), n: 0 }) });
    const filled = await runtime.waitForExecution(executionArn!);
    expect(filled).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(filled.cause).toMatch(/could not write this execution's history or record to its data folder: ENOSPC: no space left on device/);
    expect(warnings.some((w) => w.includes(`could not write execution ${executionArn}: ENOSPC`))).toBe(true);

    // Still serving: the finished execution and its history are intact, and a new start is answered.
    expect(await runtime.describeExecution({ executionArn: before.executionArn })).toEqual(before);
    expect((await runtime.getExecutionHistory({ executionArn: before.executionArn })).events!.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    const during = await runtime.waitForExecution((await runtime.startExecution({ stateMachineArn: fillerArn, name: 'during', input: JSON.stringify({ blob: 'y'.repeat(150_000), n: 0 }) })).executionArn!);
    expect(during).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect((await runtime.listExecutions({ stateMachineArn: smallArn })).executions!.map((e) => e.name)).toEqual(['before']);
  }, 120_000);
});
