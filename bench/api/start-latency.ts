/**
 * StartExecution latency under load: `sfn-ecs serve` runs in its own process (as a user runs it) and
 * this process calls StartExecution through the SDK in bursts of `concurrency` calls at once, on two machines:
 * - `sync` (the sample: a JSONata Pass and Choice, then ecs:runTask.sync starting a real worker
 *   process); every burst is made while 8 tasks started before the level run (or `concurrency`, if fewer),
 *   and the next burst waits until the executions this one started have ended (latency of bursts,
 *   not throughput);
 * - a Pass-only machine (no task), the same bursts.
 * Each client's connections are opened before the first timed burst, as a long-lived client's are.
 * Each call is timed from send to answer; p50 and p99 per machine and concurrency. The same calls
 * against a stub in this process that answers at once (no server work) give the floor this client
 * itself adds (SDK middleware and SigV4 signing of `concurrency` requests on the same cores). The
 * same StartExecution requests sent as plain HTTP (a body and the X-Amz-Target header, which the
 * local server takes unsigned) show what the server itself takes with a client that costs ~nothing.
 * Env: BENCH_START_LEVELS (default "1,50,200"), BENCH_START_ROUNDS (bursts per level, default 3),
 * BENCH_SERVE_NODE_ARGS (node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { CreateStateMachineCommand, DescribeStateMachineCommand, ListExecutionsCommand, ListStateMachinesCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';

const LEVELS = (process.env.BENCH_START_LEVELS ?? '1,50,200').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? 3);
/** A level of 1 makes this many sequential calls (one burst of 1 says little). */
const SEQUENTIAL_CALLS = 30;
const SERVE_NODE_ARGS = (process.env.BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const SERVE_START_TIMEOUT_MS = 60_000;
const DRAIN_TIMEOUT_MS = 10 * 60_000;
const SETTLE_TIMEOUT_MS = 10 * 60_000;
const CLUSTER = 'sfn-ecs-local';
const SYNC_INPUT = JSON.stringify({ mode: 'echo', input: { message: 'bench', processingSeconds: 1 } });
/** Tasks running beside every burst (the runtime runs 8 per core at once, the rest wait); stopped when the level ends. */
const BACKGROUND_TASKS = 8;
const BACKGROUND_INPUT = JSON.stringify({ mode: 'echo', input: { message: 'background', processingSeconds: 3600 } });
const STUB_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:stub';
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

let callNumber = 0;

/** `concurrency` calls at once; the ms of each, from send to answer. */
function burst(concurrency: number, call: (name: string) => Promise<unknown>, tag: string): Promise<number[]> {
  return Promise.all(
    Array.from({ length: concurrency }, async () => {
      const name = `${tag}-${callNumber++}`;
      const started = performance.now();
      await call(name);
      return performance.now() - started;
    }),
  );
}

const rawAgent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One Step Functions call as a plain HTTP request (no SDK, no signing); resolves once the answer is read. */
function rawCall(endpoint: string, operation: string, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${endpoint}/`,
      {
        method: 'POST',
        agent: rawAgent,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}`, 'content-length': Buffer.byteLength(text) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}: ${Buffer.concat(chunks).toString()}`))));
      },
    );
    request.on('error', reject);
    request.end(text);
  });
}

/** The ECS tasks that should run, and how many of them are not RUNNING yet (placed or starting). */
async function taskCounts(ecs: ECSClient): Promise<{ wanted: number; starting: number }> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING', ...(nextToken ? { nextToken } : {}) }));
    arns.push(...(page.taskArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  let starting = 0;
  for (let at = 0; at < arns.length; at += 100) {
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns.slice(at, at + 100) }));
    starting += (tasks ?? []).filter((task) => task.lastStatus !== 'RUNNING').length;
  }
  return { wanted: arns.length, starting };
}

/** Waits until the machine runs no more executions than `left` (the background's) and no task is starting. */
async function settle(client: SFNClient, ecs: ECSClient, stateMachineArn: string, left: number): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { executions } = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000 }));
    if ((executions ?? []).length <= left && (await taskCounts(ecs)).starting === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`executions of ${stateMachineArn} still running after ${SETTLE_TIMEOUT_MS} ms`);
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

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const requestHandler = { httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) };
const newClient = (endpoint: string): SFNClient => new SFNClient({ endpoint, region: 'us-east-1', credentials, requestHandler });

const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-bench-start-'));
const { endpoint, child } = await startServe(dataDir);
const client = newClient(endpoint);
const ecs = new ECSClient({ endpoint, region: 'us-east-1', credentials });
const stub = await startStub();
const stubClient = newClient(stub.endpoint);
try {
  const machines = (await client.send(new ListStateMachinesCommand({}))).stateMachines ?? [];
  const sync = machines.find((m) => m.name === 'sync')?.stateMachineArn;
  if (!sync) throw new Error('the project has no sync state machine');
  const { stateMachineArn: pass } = await client.send(new CreateStateMachineCommand({ name: 'pass-only', definition: PASS_DEFINITION, roleArn: 'arn:aws:iam::123456789012:role/bench' }));
  const sdkStart = (stateMachineArn: string, input: string) => (name: string) => client.send(new StartExecutionCommand({ stateMachineArn, name, input }));
  const rawStart = (stateMachineArn: string, input: string) => (name: string) => rawCall(endpoint, 'StartExecution', { stateMachineArn, name, input });
  const stubStart = (name: string) => stubClient.send(new StartExecutionCommand({ stateMachineArn: STUB_MACHINE, name, input: '{}' }));
  // Warm-up: the first call on each machine loads and compiles what later calls reuse.
  await burst(1, sdkStart(sync, SYNC_INPUT), 'warm-sync');
  await burst(1, sdkStart(pass!, '{}'), 'warm-pass');
  await burst(1, stubStart, 'warm-stub');
  await drain(client, sync);
  const results = [];
  for (const concurrency of LEVELS) {
    const bursts = concurrency === 1 ? SEQUENTIAL_CALLS : ROUNDS;
    // Open each client's connections for this level's bursts.
    await burst(concurrency, () => client.send(new DescribeStateMachineCommand({ stateMachineArn: sync })), 'connect');
    await burst(concurrency, () => rawCall(endpoint, 'DescribeStateMachine', { stateMachineArn: sync }), 'connect');
    await burst(concurrency, stubStart, 'connect');
    const background = await Promise.all(Array.from({ length: Math.min(concurrency, BACKGROUND_TASKS) }, (_, i) => client.send(new StartExecutionCommand({ stateMachineArn: sync, name: `background-c${concurrency}-${i}`, input: BACKGROUND_INPUT }))));
    const settled = async () => {
      await settle(client, ecs, sync, background.length);
      await settle(client, ecs, pass!, 0);
    };
    await settled();
    const times = { sync: [] as number[], pass: [] as number[], rawSync: [] as number[], rawPass: [] as number[], stub: [] as number[] };
    for (let round = 0; round < bursts; round++) {
      times.sync.push(...(await burst(concurrency, sdkStart(sync, SYNC_INPUT), 'sync')));
      await settled();
      times.rawSync.push(...(await burst(concurrency, rawStart(sync, SYNC_INPUT), 'raw-sync')));
      await settled();
      times.pass.push(...(await burst(concurrency, sdkStart(pass!, '{}'), 'pass')));
      await settled();
      times.rawPass.push(...(await burst(concurrency, rawStart(pass!, '{}'), 'raw-pass')));
      await settled();
    }
    await Promise.all(background.map(({ executionArn }) => client.send(new StopExecutionCommand({ executionArn }))));
    await drain(client, sync);
    for (let round = 0; round < bursts; round++) times.stub.push(...(await burst(concurrency, stubStart, 'stub')));
    const row = {
      concurrency,
      calls: times.sync.length,
      syncP50Ms: percentile(times.sync, 50),
      syncP99Ms: percentile(times.sync, 99),
      passP50Ms: percentile(times.pass, 50),
      passP99Ms: percentile(times.pass, 99),
      clientFloorP50Ms: percentile(times.stub, 50),
      clientFloorP99Ms: percentile(times.stub, 99),
      rawSyncP50Ms: percentile(times.rawSync, 50),
      rawSyncP99Ms: percentile(times.rawSync, 99),
      rawPassP50Ms: percentile(times.rawPass, 50),
      rawPassP99Ms: percentile(times.rawPass, 99),
    };
    results.push(row);
    const pair = (p50: number, p99: number) => `p50 ${p50.toFixed(1)} ms p99 ${p99.toFixed(1)} ms`;
    console.log(
      `concurrency ${concurrency} (${row.calls} calls beside ${background.length} running tasks): SDK: sync ${pair(row.syncP50Ms, row.syncP99Ms)}, pass-only ${pair(row.passP50Ms, row.passP99Ms)}, ` +
        `its floor (a stub answering at once) ${pair(row.clientFloorP50Ms, row.clientFloorP99Ms)}; ` +
        `plain HTTP: sync ${pair(row.rawSyncP50Ms, row.rawSyncP99Ms)}, pass-only ${pair(row.rawPassP50Ms, row.rawPassP99Ms)}`,
    );
  }
  console.log(JSON.stringify({ levels: results }));
} finally {
  client.destroy();
  ecs.destroy();
  stubClient.destroy();
  rawAgent.destroy();
  await stub.close();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
}
