/**
 * Every sample in events/ (events/catalog.json) run on the local runtime with the real worker: each
 * ends with the status and error the catalog promises. Samples that need the internet are left out
 * (the test suite runs offline).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTasksCommand, ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEventCatalog, loadProject } from '../../local/src/project/index.js';
import type { SampleEvent } from '../../local/src/project/index.js';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { REPO_ROOT } from './package-template.js';

/** Backoff waits 100 times faster; the tasks themselves run in real time. */
const TIME_SCALE = 0.01;
const EXECUTION_TIMEOUT_MS = 90_000;

const offline = (await loadEventCatalog(await loadProject(REPO_ROOT))).filter((s) => !s.internet);
let runtime: Runtime;
let dataDir: string;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-samples-'));
  runtime = await createRuntime({ rootDir: REPO_ROOT, dataDir, timeScale: TIME_SCALE });
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The local ECS runs the real worker bundle; build it once if `npm test` has not. */
function ensureWorkerBundle(): void {
  if (!existsSync(join(REPO_ROOT, 'dist', 'worker.mjs'))) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit', timeout: 120_000 });
  }
}

/** Polls every 50 ms until check returns a value; fails after timeoutMs. */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function sampleNamed(name: string): SampleEvent {
  const found = offline.find((s) => s.name === name);
  if (!found) throw new Error(`no offline sample ${name}`);
  return found;
}

async function replay(sample: SampleEvent, name = `sample-${sample.name}`) {
  const { executionArn } = await runtime.startExecution({
    stateMachineArn: runtime.stateMachineArn(sample.machine),
    name,
    input: JSON.stringify(sample.input),
  });
  const signal = AbortSignal.timeout(EXECUTION_TIMEOUT_MS);
  const result = await runtime.waitForExecution(executionArn!, signal);
  return { ...result, executionArn: executionArn! };
}

describe('sample events on the local runtime', () => {
  it.each(offline.map((s) => [s.name, s] as const))('%s ends as the catalog says', async (_name, sample) => {
    const result = await replay(sample);
    expect({ status: result.status, error: result.error }, result.cause ?? result.output).toEqual({ status: sample.expect, error: sample.error });
  }, EXECUTION_TIMEOUT_MS + 10_000);
});

describe('what the failure samples show', () => {
  it.each([
    ['sync-worker-rejects-input', 'Worker.InvalidInput', 2, 1],
    ['sync-task-fails', 'Worker.Failed', 1, 2],
  ])('%s: %s after exit code %i and %i attempt(s)', async (name, error, exitCode, attempts) => {
    const result = await replay(sampleNamed(name), `detail-${name}`);
    expect(result.error).toBe(error);
    expect(JSON.parse(result.cause ?? '{}')).toMatchObject({ exitCode, attempts, stopCode: 'EssentialContainerExited' });
  }, EXECUTION_TIMEOUT_MS);

  it('fanout-one-fails: the Map fails and the running sibling task is stopped', async () => {
    const result = await replay(sampleNamed('fanout-one-fails'), 'detail-fanout-one-fails');
    expect(result).toMatchObject({ status: 'FAILED', error: 'Worker.InvalidInput' });
    const { events = [] } = await runtime.getExecutionHistory({ executionArn: result.executionArn, maxResults: 1000 });
    expect(events.filter((e) => e.type === 'MapIterationAborted').map((e) => e.mapIterationAbortedEventDetails?.index)).toEqual([0]);
    const siblingArn = events
      .filter((e) => e.type === 'TaskSubmitted')
      .map((e) => JSON.parse(e.taskSubmittedEventDetails?.output ?? '{}').Tasks?.[0])
      .find((task) => task?.Overrides?.ContainerOverrides?.[0]?.Environment?.some((v: { Name: string; Value: string }) => v.Name === 'TASK_NAME' && v.Value.endsWith('-0')))?.TaskArn;
    expect(siblingArn).toBeDefined();
    const ecs = new ECSClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    try {
      const stopped = await eventually(async () => {
        const { tasks = [] } = await ecs.send(new DescribeTasksCommand({ cluster: 'sfn-ecs-local', tasks: [siblingArn] }));
        return tasks[0]?.lastStatus === 'STOPPED' ? tasks[0] : undefined;
      }, 30_000, 'the sibling task to stop');
      expect(stopped.stopCode).toBe('UserInitiated');
    } finally {
      ecs.destroy();
    }
  }, EXECUTION_TIMEOUT_MS);
});
