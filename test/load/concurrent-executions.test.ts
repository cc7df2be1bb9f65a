/**
 * Load through the HTTP API with real worker processes: 200 concurrent sync echo executions, then 20
 * concurrent fan-outs of 10 tasks. All succeed, none is lost (each has its own task and its manifest
 * in S3), and the runtime's memory stays bounded. Rates and peak RSS are measured in bench/runtime/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ListExecutionsCommand, SFNClient, StartExecutionCommand, type ExecutionStatus } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { EMBEDDED_S3_CREDENTIALS } from '../../local/src/s3/embedded-s3.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';

/** Generous: the runtime, 200 executions' state and the test's SDK clients in one process. */
const RSS_BOUND_BYTES = 1.5 * 1024 ** 3;

let runtime: Runtime;
let dataDir: string;
let sfn: SFNClient;
let s3: S3Client;
let peakRss = 0;
let sampler: NodeJS.Timeout | undefined;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-load-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir });
  sfn = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  s3 = new S3Client({ endpoint: runtime.s3Endpoint, region: runtime.region, forcePathStyle: true, credentials: EMBEDDED_S3_CREDENTIALS });
  sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
}, 60_000);

afterAll(async () => {
  if (sampler) clearInterval(sampler);
  sfn?.destroy();
  s3?.destroy();
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Every execution of the machine as ListExecutions pages them over the API. */
async function listed(machine: string): Promise<{ name: string; status: ExecutionStatus }[]> {
  const found: { name: string; status: ExecutionStatus }[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await sfn.send(new ListExecutionsCommand({ stateMachineArn: runtime.stateMachineArn(machine), maxResults: 100, nextToken }));
    found.push(...result.executions!.map((e) => ({ name: e.name!, status: e.status! })));
    nextToken = result.nextToken;
    if (!nextToken) return found;
  }
  throw new Error('ListExecutions kept paging');
}

async function manifestKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await s3.send(new ListObjectsV2Command({ Bucket: runtime.artifactBucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(result.Contents ?? []).map((o) => o.Key!).filter((k) => k.endsWith('/manifest.json')));
    token = result.NextContinuationToken;
    if (!token) return keys;
  }
  throw new Error('ListObjectsV2 kept paging');
}

describe('load through the HTTP API', () => {
  it('200 concurrent sync echo executions all succeed, each with its own task and manifest', async () => {
    const input = JSON.stringify({ mode: 'echo', input: { message: 'load', processingSeconds: 0 } });
    const started = await Promise.all(
      Array.from({ length: 200 }, (_, i) => sfn.send(new StartExecutionCommand({ stateMachineArn: runtime.stateMachineArn('sync'), name: `load-sync-${i}`, input }))),
    );
    const results = await Promise.all(started.map((s) => runtime.waitForExecution(s.executionArn!, AbortSignal.timeout(240_000))));
    expect(results.filter((r) => r.status !== 'SUCCEEDED').map((r) => [r.name, r.status, r.error, r.cause?.slice(0, 200)])).toEqual([]);

    const all = await listed('sync');
    expect(all.filter((e) => e.name.startsWith('load-sync-') && e.status === 'SUCCEEDED')).toHaveLength(200);
    expect(new Set(results.map((r) => (JSON.parse(r.output!) as { taskArn: string }).taskArn)).size).toBe(200);
    expect((await manifestKeys('runs/load-sync-')).length).toBe(200);
    expect(peakRss).toBeLessThan(RSS_BOUND_BYTES);
  }, 300_000);

  it('20 concurrent fan-outs of 10 tasks all succeed with 200 distinct tasks and manifests', async () => {
    const input = JSON.stringify({ mode: 'echo', input: { message: 'fan', processingSeconds: 0 }, count: 10 });
    const started = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sfn.send(new StartExecutionCommand({ stateMachineArn: runtime.stateMachineArn('fanout'), name: `load-fan-${i}`, input }))),
    );
    const results = await Promise.all(started.map((s) => runtime.waitForExecution(s.executionArn!, AbortSignal.timeout(240_000))));
    expect(results.filter((r) => r.status !== 'SUCCEEDED').map((r) => [r.name, r.status, r.error, r.cause?.slice(0, 200)])).toEqual([]);

    expect((await listed('fanout')).filter((e) => e.name.startsWith('load-fan-') && e.status === 'SUCCEEDED')).toHaveLength(20);
    // The fan-out output counts its items (statemachines/README.md "Outputs"); each wrote its own manifest.
    const outputs = results.map((r) => JSON.parse(r.output!) as { count: number; attempts: number; retried: unknown[] });
    expect(outputs.reduce((sum, o) => sum + o.count, 0)).toBe(200);
    expect(outputs.every((o) => o.attempts === o.count && o.retried.length === 0)).toBe(true);
    expect((await manifestKeys('runs/load-fan-')).length).toBe(200);
    expect(peakRss).toBeLessThan(RSS_BOUND_BYTES);
  }, 300_000);
});
