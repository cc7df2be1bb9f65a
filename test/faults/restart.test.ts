import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { EMBEDDED_S3_CREDENTIALS } from '../../local/src/s3/embedded-s3.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';
import { checkNothingLost, objectsUnder } from './fault-helpers.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let dataDir: string;
const open: Runtime[] = [];

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-restart-'));
});

afterAll(async () => {
  for (const runtime of open) await runtime.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function startRuntime(): Promise<Runtime> {
  const runtime = await createRuntime({ rootDir: process.cwd(), dataDir, timeScale: 0.01 });
  open.push(runtime);
  return runtime;
}

/** What a client sees of an execution over the API: its description and its whole history. */
async function seenOverApi(runtime: Runtime, executionArn: string): Promise<unknown> {
  const sfn = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials });
  try {
    const { $metadata: _d, ...description } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    return { description, events };
  } finally {
    sfn.destroy();
  }
}

describe('the runtime restarted between runs (same data folder)', () => {
  it('keeps finished executions, their histories, task logs and artifacts', async () => {
    const first = await startRuntime();
    const runs = [
      { machine: 'sync', name: 'before-restart-ok', input: { mode: 'echo', input: { message: 'kept' } } },
      { machine: 'sync', name: 'before-restart-bad', input: { mode: 'echo', input: { message: 'kept', unexpected: 1 } } },
      { machine: 'callback', name: 'before-restart-cb', input: { mode: 'echo', input: { message: 'kept' } } },
    ];
    const arns: string[] = [];
    for (const run of runs) {
      const { executionArn } = await first.startExecution({ stateMachineArn: first.stateMachineArn(run.machine), name: run.name, input: JSON.stringify(run.input) });
      arns.push(executionArn!);
    }
    const statuses = await Promise.all(arns.map((arn) => first.waitForExecution(arn)));
    expect(statuses.map((s) => [s.status, s.error])).toEqual([
      ['SUCCEEDED', undefined],
      ['FAILED', 'Worker.InvalidInput'],
      ['SUCCEEDED', undefined],
    ]);
    const before = await Promise.all(arns.map((arn) => seenOverApi(first, arn)));
    const logsBefore = await first.executionLogs(arns[0]!);
    await first.close();

    const second = await startRuntime();
    expect(await Promise.all(arns.map((arn) => seenOverApi(second, arn)))).toEqual(before);
    expect(await second.executionLogs(arns[0]!)).toEqual(logsBefore);
    const sfn = new SFNClient({ endpoint: second.endpoint, region: second.region, credentials });
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: second.stateMachineArn('sync') }));
    sfn.destroy();
    expect(executions!.map((e) => e.name).sort()).toEqual(['before-restart-bad', 'before-restart-ok']);

    const s3 = new S3Client({ endpoint: second.s3Endpoint, region: second.region, forcePathStyle: true, credentials: EMBEDDED_S3_CREDENTIALS });
    const prefix = 'runs/before-restart-ok/';
    const manifest = checkNothingLost(await objectsUnder(s3, second.artifactBucket, prefix), prefix, () => false);
    s3.destroy();
    expect(manifest?.artifacts.map((a) => a.key)).toEqual([`${prefix}echo.json`]);

    // And the restarted runtime runs new work.
    const { executionArn } = await second.startExecution({ stateMachineArn: second.stateMachineArn('sync'), name: 'after-restart', input: JSON.stringify({ mode: 'echo', input: { message: 'new' } }) });
    expect((await second.waitForExecution(executionArn!)).status).toBe('SUCCEEDED');
  }, 120_000);
});
