/**
 * The local runtime end to end, in this process, driven through its HTTP API by the SDK:
 * - latency: the sync echo sample (start -> SUCCEEDED), sequentially, beside spawning the worker bundle
 *   bare with the same environment (spawn -> exit), interleaved run by run so load hits both alike;
 * - throughput: 200 concurrent sync echo executions, beside 200 bare spawns at the runtime's
 *   container limit; then 20 concurrent fan-outs of 10 tasks. Completions per second and the peak RSS
 *   of this process (the runtime, its API and S3, and the client).
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DEFAULT_TASKS_PER_CORE } from '../../local/src/integrations/ecs/ecs-service.js';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { EMBEDDED_S3_CREDENTIALS } from '../../local/src/s3/embedded-s3.js';

const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 10);
const LOAD = Number(process.env.BENCH_LOAD ?? 200);
const FANOUTS = Number(process.env.BENCH_FANOUTS ?? 20);
const FANOUT_SIZE = 10;
const ECHO_INPUT = { message: 'bench', processingSeconds: 0 };

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mib = (bytes: number): number => Math.round(bytes / 1024 / 1024);

/** Peak RSS of this process while `work` runs (sampled every 50 ms). */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRssBytes: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const value = await work();
    return { value, peakRssBytes: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

/** The worker bundle spawned bare with the environment the runtime gives an echo task; ms to exit. */
function bareEcho(runtime: Runtime, name: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'worker.mjs')], {
      env: {
        PATH: process.env.PATH ?? '',
        MODE: 'echo',
        TASK_INPUT: JSON.stringify(ECHO_INPUT),
        TASK_NAME: name,
        ARTIFACT_BUCKET: runtime.artifactBucket,
        ARTIFACT_PREFIX: `bare/${name}/`,
        AWS_ENDPOINT_URL_S3: runtime.s3Endpoint,
        AWS_S3_FORCE_PATH_STYLE: 'true',
        AWS_REGION: runtime.region,
        AWS_ACCESS_KEY_ID: EMBEDDED_S3_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMBEDDED_S3_CREDENTIALS.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: 'ignore',
      timeout: 60_000,
    });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`bare worker exited ${code}`))));
  });
}

async function throughApi(runtime: Runtime, client: SFNClient, machine: string, name: string, input: unknown): Promise<number> {
  const started = performance.now();
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: runtime.stateMachineArn(machine), name, input: JSON.stringify(input) }));
  const result = await runtime.waitForExecution(executionArn!, AbortSignal.timeout(300_000));
  if (result.status !== 'SUCCEEDED') throw new Error(`${name}: ${result.status} ${result.error ?? ''} ${result.cause ?? ''}`);
  return performance.now() - started;
}

/** Runs jobs with at most `limit` at once. */
async function pool(count: number, limit: number, job: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-bench-runtime-'));
const startedAt = performance.now();
const runtime = await createRuntime({ rootDir: process.cwd(), dataDir });
const runtimeStartMs = performance.now() - startedAt;
const client = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
const limit = availableParallelism() * DEFAULT_TASKS_PER_CORE;
try {
  // Warm both paths once (file cache, first SDK load in the runtime).
  await throughApi(runtime, client, 'sync', 'warm-up', { mode: 'echo', input: ECHO_INPUT });
  await bareEcho(runtime, 'warm-up');

  const api: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < LATENCY_RUNS; i++) {
    api.push(await throughApi(runtime, client, 'sync', `latency-${i}`, { mode: 'echo', input: ECHO_INPUT }));
    bare.push(await bareEcho(runtime, `latency-${i}`));
  }

  const baselineRss = process.memoryUsage().rss;
  const bareLoad = performance.now();
  await pool(LOAD, limit, (i) => bareEcho(runtime, `bare-load-${i}`));
  const bareRate = LOAD / ((performance.now() - bareLoad) / 1000);

  const syncLoad = await withPeakRss(async () => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: LOAD }, (_, i) => throughApi(runtime, client, 'sync', `load-${i}`, { mode: 'echo', input: ECHO_INPUT })));
    return LOAD / ((performance.now() - t0) / 1000);
  });
  const fanLoad = await withPeakRss(async () => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: FANOUTS }, (_, i) => throughApi(runtime, client, 'fanout', `fan-${i}`, { mode: 'echo', input: ECHO_INPUT, count: FANOUT_SIZE })));
    return (FANOUTS * FANOUT_SIZE) / ((performance.now() - t0) / 1000);
  });

  const apiMs = median(api);
  const bareMs = median(bare);
  const rows = [
    ['runtime start (project, S3, API, 3 machines)', `${runtimeStartMs.toFixed(0)} ms`, '', ''],
    [`sync echo start -> SUCCEEDED through the API (median of ${LATENCY_RUNS})`, `${apiMs.toFixed(0)} ms`, `bare worker spawn -> exit: ${bareMs.toFixed(0)} ms`, `ratio ${(apiMs / bareMs).toFixed(2)}`],
    [`${LOAD} concurrent sync echo executions`, `${syncLoad.value.toFixed(2)} /s`, `bare spawns, ${limit} at a time: ${bareRate.toFixed(2)} /s`, `ratio ${(syncLoad.value / bareRate).toFixed(2)}; peak RSS ${mib(syncLoad.peakRssBytes)} MiB (before load ${mib(baselineRss)} MiB)`],
    [`${FANOUTS} concurrent fan-outs of ${FANOUT_SIZE}`, `${fanLoad.value.toFixed(2)} tasks/s`, '', `peak RSS ${mib(fanLoad.peakRssBytes)} MiB`],
  ];
  console.log(`\nLocal runtime end to end (real worker processes, container limit ${limit})\n`);
  console.log('| measurement | sfn-ecs | peer | notes |\n| --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(
    JSON.stringify({
      bench: 'runtime',
      runtimeStartMs,
      syncEchoMs: apiMs,
      bareSpawnMs: bareMs,
      latencyRatio: apiMs / bareMs,
      syncPerSecond: syncLoad.value,
      barePerSecond: bareRate,
      throughputRatio: syncLoad.value / bareRate,
      syncPeakRssMiB: mib(syncLoad.peakRssBytes),
      fanoutTasksPerSecond: fanLoad.value,
      fanoutPeakRssMiB: mib(fanLoad.peakRssBytes),
      baselineRssMiB: mib(baselineRss),
      load: LOAD,
      fanouts: FANOUTS,
      limit,
    }),
  );
} finally {
  client.destroy();
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
}
