/**
 * StartExecution latency under load: `sfn-ecs serve` runs in its own process (as a user runs it) and
 * this process calls StartExecution through the SDK, `concurrency` calls at a time, on two machines:
 * - `sync` (the sample: a JSONata Pass and Choice, then ecs:runTask.sync starting a real worker
 *   process); calls are made while the tasks of the earlier rounds run;
 * - a Pass-only machine (no task), the same calls back to back.
 * Each call is timed from send to answer; p50 and p99 per machine and concurrency. The same calls
 * against a stub in this process that answers at once (no server work) give the floor this client
 * itself adds (SDK middleware and SigV4 signing of `concurrency` requests on the same cores). The
 * same StartExecution requests sent as plain HTTP (a body and the X-Amz-Target header, which the
 * local server takes unsigned) show what the server itself takes with a client that costs ~nothing.
 * Env: BENCH_START_LEVELS (default "1,50,200"), BENCH_START_ROUNDS (rounds per level, default 3),
 * BENCH_SERVE_NODE_ARGS (node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStateMachineCommand, ListExecutionsCommand, ListStateMachinesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

const LEVELS = (process.env.BENCH_START_LEVELS ?? '1,50,200').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? 3);
/** A level of 1 makes this many sequential calls (one round of 1 says little). */
const SEQUENTIAL_CALLS = 30;
const SERVE_NODE_ARGS = (process.env.BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const SERVE_START_TIMEOUT_MS = 60_000;
const DRAIN_TIMEOUT_MS = 10 * 60_000;
const SYNC_INPUT = JSON.stringify({ mode: 'echo', input: { message: 'bench', processingSeconds: 1 } });
const PASS_DEFINITION = JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } });

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function startServe(dataDir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...SERVE_NODE_ARGS, 'bin/sfn-ecs.js', 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let seen = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sfn-ecs serve did not start within ${SERVE_START_TIMEOUT_MS} ms: ${seen}`)), SERVE_START_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`sfn-ecs serve exited (${code}): ${seen}`)));
  });
  child.stderr!.resume();
  return { endpoint, child };
}

/** Waits until no execution of the machine is RUNNING, so one level's tasks do not spill into the next. */
async function drain(client: SFNClient, stateMachineArn: string): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { executions } = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 }));
    if ((executions ?? []).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`executions of ${stateMachineArn} still running after ${DRAIN_TIMEOUT_MS} ms`);
}

/** `rounds` rounds of `concurrency` StartExecution calls at once; the ms of each call. */
async function timeStarts(client: SFNClient, stateMachineArn: string, input: string, concurrency: number, rounds: number, tag: string): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const calls = Array.from({ length: concurrency }, async (_, i) => {
      const started = performance.now();
      await client.send(new StartExecutionCommand({ stateMachineArn, name: `${tag}-r${round}-${i}`, input }));
      times.push(performance.now() - started);
    });
    await Promise.all(calls);
  }
  return times;
}

const rawAgent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One StartExecution as a plain HTTP request (no SDK, no signing); resolves once the answer is read. */
function rawStart(endpoint: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${endpoint}/`,
      {
        method: 'POST',
        agent: rawAgent,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}: ${Buffer.concat(chunks).toString()}`))));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** timeStarts with plain HTTP requests. */
async function timeRawStarts(endpoint: string, stateMachineArn: string, input: string, concurrency: number, rounds: number, tag: string): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const bodies = Array.from({ length: concurrency }, (_, i) => JSON.stringify({ stateMachineArn, name: `${tag}-r${round}-${i}`, input }));
    await Promise.all(
      bodies.map(async (body) => {
        const started = performance.now();
        await rawStart(endpoint, body);
        times.push(performance.now() - started);
      }),
    );
  }
  return times;
}

/** A StartExecution answer at once, for the client's own share of each call's time. */
async function startStub(): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:stub:x', startDate: Date.now() / 1000 });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const newClient = (endpoint: string): SFNClient =>
  new SFNClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) },
  });

const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-bench-start-'));
const { endpoint, child } = await startServe(dataDir);
const client = newClient(endpoint);
const stub = await startStub();
const stubClient = newClient(stub.endpoint);
try {
  const machines = (await client.send(new ListStateMachinesCommand({}))).stateMachines ?? [];
  const sync = machines.find((m) => m.name === 'sync')?.stateMachineArn;
  if (!sync) throw new Error('the project has no sync state machine');
  const { stateMachineArn: pass } = await client.send(new CreateStateMachineCommand({ name: 'pass-only', definition: PASS_DEFINITION, roleArn: 'arn:aws:iam::123456789012:role/bench' }));
  // Warm-up: the first call on each machine loads and compiles what later calls reuse.
  await timeStarts(client, sync, SYNC_INPUT, 1, 1, 'warm-sync');
  await timeStarts(client, pass!, '{}', 1, 1, 'warm-pass');
  await timeStarts(stubClient, 'arn:aws:states:us-east-1:123456789012:stateMachine:stub', '{}', 1, 1, 'warm-stub');
  await drain(client, sync);
  const results = [];
  for (const concurrency of LEVELS) {
    const rounds = concurrency === 1 ? SEQUENTIAL_CALLS : ROUNDS;
    const syncTimes = await timeStarts(client, sync, SYNC_INPUT, concurrency, rounds, `sync-c${concurrency}`);
    const passTimes = await timeStarts(client, pass!, '{}', concurrency, rounds, `pass-c${concurrency}`);
    const rawSyncTimes = await timeRawStarts(endpoint, sync, SYNC_INPUT, concurrency, rounds, `raw-sync-c${concurrency}`);
    const rawPassTimes = await timeRawStarts(endpoint, pass!, '{}', concurrency, rounds, `raw-pass-c${concurrency}`);
    await drain(client, sync);
    const stubTimes = await timeStarts(stubClient, 'arn:aws:states:us-east-1:123456789012:stateMachine:stub', '{}', concurrency, rounds, `stub-c${concurrency}`);
    const row = {
      concurrency,
      calls: syncTimes.length,
      syncP50Ms: percentile(syncTimes, 50),
      syncP99Ms: percentile(syncTimes, 99),
      passP50Ms: percentile(passTimes, 50),
      passP99Ms: percentile(passTimes, 99),
      clientFloorP50Ms: percentile(stubTimes, 50),
      clientFloorP99Ms: percentile(stubTimes, 99),
      rawSyncP50Ms: percentile(rawSyncTimes, 50),
      rawSyncP99Ms: percentile(rawSyncTimes, 99),
      rawPassP50Ms: percentile(rawPassTimes, 50),
      rawPassP99Ms: percentile(rawPassTimes, 99),
    };
    results.push(row);
    console.log(
      `concurrency ${concurrency} (${row.calls} calls): sync p50 ${row.syncP50Ms.toFixed(1)} ms p99 ${row.syncP99Ms.toFixed(1)} ms; ` +
        `pass-only p50 ${row.passP50Ms.toFixed(1)} ms p99 ${row.passP99Ms.toFixed(1)} ms; ` +
        `client floor (stub answering at once) p50 ${row.clientFloorP50Ms.toFixed(1)} ms p99 ${row.clientFloorP99Ms.toFixed(1)} ms; ` +
        `plain HTTP: sync p50 ${row.rawSyncP50Ms.toFixed(1)} ms p99 ${row.rawSyncP99Ms.toFixed(1)} ms, pass-only p50 ${row.rawPassP50Ms.toFixed(1)} ms p99 ${row.rawPassP99Ms.toFixed(1)} ms`,
    );
  }
  console.log(JSON.stringify({ levels: results }));
} finally {
  client.destroy();
  stubClient.destroy();
  rawAgent.destroy();
  await stub.close();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
}
