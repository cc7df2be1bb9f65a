/**
 * The same Pass/Map machine (test/fixtures/faults/pass-map.asl.json) on our HTTP API and on moto's
 * server (`python3 -m moto.server`, execute_state_machine enabled through /moto-api/config), both
 * driven by the same SDK client code: time from StartExecution to DescribeExecution reporting
 * SUCCEEDED, polling every 5 ms. moto answers a second StartExecution on one server with HTTP 500, so
 * it gets a fresh server per execution (its start-up is not timed). Skips moto when it is missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createRuntime } from '../../local/src/app/create-runtime.js';

const RUNS = Number(process.argv[2] ?? process.env.BENCH_API_RUNS ?? 10);
const POLL_MS = 5;
const MOTO_START_TIMEOUT_MS = 30_000;
const INPUT = JSON.stringify({ order: 42, items: ['a', 'b'] });
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** StartExecution, then DescribeExecution until it leaves RUNNING; returns ms and the final description. */
async function timeExecution(client: SFNClient, stateMachineArn: string, name: string): Promise<{ ms: number; status: string; output?: string }> {
  const started = performance.now();
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name, input: INPUT }));
  for (let polls = 0; polls < 20_000; polls++) {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return { ms: performance.now() - started, status: described.status!, ...(described.output ? { output: described.output } : {}) };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${name} still RUNNING after 20 000 polls`);
}

async function benchOurs(definition: string): Promise<number[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-bench-api-'));
  const runtime = await createRuntime({ rootDir: process.cwd(), dataDir });
  const client = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials });
  try {
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: 'pass-map', definition, roleArn: 'arn:aws:iam::123456789012:role/bench' }));
    const times: number[] = [];
    // One warm-up, as moto's first request on each fresh server is not timed either.
    await timeExecution(client, stateMachineArn!, 'warm-up');
    for (let i = 0; i < RUNS; i++) {
      const run = await timeExecution(client, stateMachineArn!, `run-${i}`);
      if (run.status !== 'SUCCEEDED' || JSON.parse(run.output!).order !== 42) throw new Error(`ours: ${run.status} ${run.output}`);
      times.push(run.ms);
    }
    return times;
  } finally {
    client.destroy();
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function startMoto(): Promise<{ endpoint: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + MOTO_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${endpoint}/moto-api/config`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ stepfunctions: { execute_state_machine: true } }),
        signal: AbortSignal.timeout(2_000),
      });
      if (response.ok) return { endpoint, child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`moto did not start within ${MOTO_START_TIMEOUT_MS} ms`);
}

async function benchMoto(definition: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const { endpoint, child } = await startMoto();
    const client = new SFNClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: 'pass-map', definition, roleArn: 'arn:aws:iam::123456789012:role/bench' }));
      const run = await timeExecution(client, stateMachineArn!, `run-${i}`);
      if (run.status !== 'SUCCEEDED' || JSON.parse(run.output!).order !== 42) throw new Error(`moto: ${run.status} ${run.output}`);
      // The first run pays Python's first-use costs in this machine's file cache; the rest are comparable.
      if (i > 0) times.push(run.ms);
    } finally {
      client.destroy();
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(undefined);
        }, 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
  }
  return times;
}

const definition = await readFile(join(process.cwd(), 'test', 'fixtures', 'faults', 'pass-map.asl.json'), 'utf8');
const ours = await benchOurs(definition);
const hasMoto = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
let moto: number[] | string;
try {
  moto = hasMoto ? await benchMoto(definition) : 'skipped: python3 -m moto.server is not installed (pip install "moto[server]")';
} catch (error) {
  moto = `skipped: ${(error as Error).message.split('\n')[0]}`;
}

const oursMs = median(ours);
const motoMs = Array.isArray(moto) ? median(moto) : undefined;
console.log(`\nHTTP API: the Pass/Map machine, StartExecution -> SUCCEEDED (DescribeExecution every ${POLL_MS} ms), median of ${RUNS}\n`);
console.log('| server | median ms | min ms | max ms |\n| --- | --- | --- | --- |');
console.log(`| sfn-ecs local API | ${oursMs.toFixed(1)} | ${Math.min(...ours).toFixed(1)} | ${Math.max(...ours).toFixed(1)} |`);
if (Array.isArray(moto)) console.log(`| moto server (fresh per execution) | ${motoMs!.toFixed(1)} | ${Math.min(...moto).toFixed(1)} | ${Math.max(...moto).toFixed(1)} |`);
else console.log(`| moto server | - | - | ${moto} |`);
if (motoMs !== undefined) console.log(`\nratio ours / moto: ${(oursMs / motoMs).toFixed(2)}`);
console.log(JSON.stringify({ bench: 'api', runs: RUNS, oursMs, motoMs: motoMs ?? null, ratio: motoMs ? oursMs / motoMs : null, note: typeof moto === 'string' ? moto : null }));
