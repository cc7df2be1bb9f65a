/**
 * A fan-out at its limits stays far below the 262,144-byte payload limit (States.DataLimitExceeded,
 * which no Catch can handle): 500 items, an 80-character execution name, run on the local runtime
 * (which enforces the limit on every state input and output as AWS does). The tasks are mocked (Step
 * Functions Local mock config) so 500 of them fit a shared test machine; their results are the task
 * AWS returns.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../local/src/index.js';
import { evaluate, executionContext, loadDefinition } from './asl-fields.js';

const MAX_PAYLOAD_BYTES = 262_144;
/** The margin asked for: the largest payload stays under a quarter of the limit. */
const MARGIN_BYTES = MAX_PAYLOAD_BYTES / 4;
const ITEMS = 500;
const NAME = `fanout-at-the-limits-${'x'.repeat(80)}`.slice(0, 80);

const STOPPED_TASK = {
  TaskArn: 'arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/0123456789abcdef0123456789abcdef',
  TaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/sfn-ecs-local-worker:1',
  LastStatus: 'STOPPED',
  DesiredStatus: 'STOPPED',
  StopCode: 'EssentialContainerExited',
  StoppedReason: 'Essential container in task exited',
  CreatedAt: 1_700_000_000_000,
  StartedAt: 1_700_000_001_000,
  StoppedAt: 1_700_000_004_000,
  Containers: [{ Name: 'worker', ExitCode: 0, LastStatus: 'STOPPED' }],
};

let dir: string;
let sfn: TestRuntime;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-fanout-size-'));
  const mockConfig = join(dir, 'mocks.json');
  await writeFile(
    mockConfig,
    JSON.stringify({
      StateMachines: { fanout: { TestCases: { AllSucceed: { 'Run item': 'TaskSucceeded' } } } },
      MockedResponses: { TaskSucceeded: { '0': { Return: STOPPED_TASK } } },
    }),
  );
  sfn = await startTestRuntime({ mockConfig });
}, 60_000);

afterAll(async () => {
  await sfn?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

describe('fanout at 500 items with an 80-character execution name', () => {
  it('succeeds, and no state input or output comes near 256 KiB', async () => {
    expect(NAME).toHaveLength(80);
    const input = { mode: 'compute', input: { size: 64, steps: 10 }, count: ITEMS, maxConcurrency: 40 };
    const run = await sfn.run('fanout', input, { testCase: 'AllSucceed', name: NAME });
    expect({ status: run.status, error: run.error, cause: run.cause?.slice(0, 300) }).toEqual({ status: 'SUCCEEDED' });
    expect(run.output).toEqual({
      count: ITEMS,
      attempts: ITEMS,
      retried: [],
      totalRunSeconds: 3 * ITEMS,
      manifests: `s3://sfn-ecs-artifacts/runs/${NAME}/<index>/manifest.json`,
    });
    const payloads = run.history.flatMap((event) =>
      Object.values(event as unknown as Record<string, unknown>)
        .filter((details): details is { input?: string; output?: string } => details !== null && typeof details === 'object')
        .flatMap((details) => [bytes(details.input), bytes(details.output)]),
    );
    const largest = Math.max(...payloads);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(MARGIN_BYTES);
  }, 600_000);

  it('stays small in the worst case too: every item retried up to its budget', async () => {
    const fanout = await loadDefinition('fanout');
    const results = Array.from({ length: ITEMS }, (_, index) => ({ index, exitCode: 0, attempts: 11, runSeconds: 12345.678 }));
    const output = await evaluate(fanout.States['Run tasks'].Output, { result: results, context: executionContext(NAME) });
    expect(output.retried).toHaveLength(ITEMS);
    // The Map's result (all item outputs) and its output are both payloads.
    expect(Buffer.byteLength(JSON.stringify(results))).toBeLessThan(MARGIN_BYTES);
    expect(Buffer.byteLength(JSON.stringify(output))).toBeLessThan(MARGIN_BYTES);
  });
});
