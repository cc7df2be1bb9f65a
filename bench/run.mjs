// `npm run bench`: every benchmark in turn, each in its own process, then one Markdown table on stdout
// and in bench/RESULTS.md. A bench that fails or a peer that is missing becomes a row saying so; this
// script always exits 0 (it must never fail CI). Set BENCH_QUICK=1 for a short smoke run.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';

const QUICK = Boolean(process.env.BENCH_QUICK);
/** bench/engine/machine.ts enters 8 top-level states and 2 in each of 4 Map items per execution. */
const ENGINE_STATES_PER_EXECUTION = 16;
const BENCH_TIMEOUT_MS = 20 * 60 * 1000;

const rows = [];
const logs = [];
const row = (bench, measurement, ours, peer, ratio, notes) => rows.push([bench, measurement, ours, peer, ratio, notes]);
const fixed = (value, digits = 2) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '-');

/** Runs one bench; its stdout, or undefined after recording why it failed. */
function runBench(name, args, env = {}) {
  const started = Date.now();
  process.stderr.write(`bench: ${name} (${args.join(' ')})...\n`);
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env }, timeout: BENCH_TIMEOUT_MS, maxBuffer: 16 << 20 });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  logs.push(`### ${name} (${seconds} s, exit ${result.status ?? result.signal ?? result.error?.code})\n\n${(result.stdout ?? '').trim()}\n`);
  if (result.status !== 0) {
    const why = (result.stderr ?? '').trim().split('\n').filter(Boolean).at(-1) ?? result.error?.message ?? `signal ${result.signal}`;
    row(name, 'failed', '-', '-', '-', why.replaceAll('|', '\\|').slice(0, 200));
    return undefined;
  }
  return result.stdout;
}

/** The last stdout line as JSON (the benches in bench/runtime and bench/api end with one). */
const lastJson = (stdout) => JSON.parse(stdout.trim().split('\n').at(-1));

// 1. Engine: ours vs aws-local-stepfunctions on the same JSONPath machine, in one process.
const engineOut = runBench('engine', ['bench/engine/run.mjs', QUICK ? '200' : '2000']);
if (engineOut) {
  const perExecution = Object.fromEntries([...engineOut.matchAll(/^(.+?)\s+\d+ executions in \d+ ms = ([\d.]+) ms\/execution$/gm)].map((m) => [m[1].trim(), Number(m[2])]));
  const ours = perExecution['sfn-ecs engine'];
  const theirs = perExecution['aws-local-stepfunctions'];
  row('engine', 'JSONPath Pass/Choice/Map machine, per execution', `${fixed(ours, 3)} ms`, `aws-local-stepfunctions ${fixed(theirs, 3)} ms`, fixed(ours / theirs), 'same output checked first; ours also builds the history');
  row('engine', `per state transition (${ENGINE_STATES_PER_EXECUTION} per execution)`, `${fixed((ours / ENGINE_STATES_PER_EXECUTION) * 1000, 1)} µs`, `${fixed((theirs / ENGINE_STATES_PER_EXECUTION) * 1000, 1)} µs`, fixed(ours / theirs), '');
}

// 2. HTTP API: ours vs moto's server on the same Pass/Map machine.
const apiOut = runBench('api', ['bench/api/run.mjs', QUICK ? '3' : '10']);
if (apiOut) {
  const api = lastJson(apiOut);
  row('api', 'Pass/Map machine, StartExecution -> SUCCEEDED (median)', `${fixed(api.oursMs, 1)} ms`, api.motoMs === null ? '-' : `moto server ${fixed(api.motoMs, 1)} ms`, api.ratio === null ? '-' : fixed(api.ratio), api.note ?? 'same SDK code on both; moto gets a fresh server per execution');
}

// 2b. StartExecution latency under load: bursts on the sync machine beside running tasks, beside a Pass-only machine.
const startOut = runBench('start-latency', ['bench/api/start-latency.mjs'], QUICK ? { BENCH_START_LEVELS: '1,50', BENCH_START_ROUNDS: '1' } : {});
if (startOut) {
  for (const level of lastJson(startOut).levels) {
    row('api', `StartExecution latency, ${level.concurrency} concurrent (${level.calls} calls), p50 / p99`, `sync ${fixed(level.syncP50Ms, 1)} / ${fixed(level.syncP99Ms, 1)} ms`, `Pass-only machine ${fixed(level.passP50Ms, 1)} / ${fixed(level.passP99Ms, 1)} ms`, fixed(level.syncP50Ms / level.passP50Ms), `bursts of sync calls beside running tasks, each burst after the previous one's executions ended; the client's own share (a stub answering at once) ${fixed(level.clientFloorP50Ms, 1)} / ${fixed(level.clientFloorP99Ms, 1)} ms; as plain HTTP requests (no SDK): sync ${fixed(level.rawSyncP50Ms, 1)} / ${fixed(level.rawSyncP99Ms, 1)} ms, Pass-only ${fixed(level.rawPassP50Ms, 1)} / ${fixed(level.rawPassP99Ms, 1)} ms; target at 50: p50 <= 20 ms, p99 <= 100 ms`);
  }
}

// 3. Local end to end: sync echo vs a bare worker spawn; load.
const runtimeOut = runBench('runtime', ['bench/runtime/run.mjs'], QUICK ? { BENCH_LATENCY_RUNS: '3', BENCH_LOAD: '20', BENCH_FANOUTS: '2' } : {});
if (runtimeOut) {
  const r = lastJson(runtimeOut);
  row('runtime', 'sync echo, start -> SUCCEEDED through the API (median)', `${fixed(r.syncEchoMs, 0)} ms`, `bare worker spawn -> exit ${fixed(r.bareSpawnMs, 0)} ms`, fixed(r.latencyRatio), `runtime start ${fixed(r.runtimeStartMs, 0)} ms`);
  row('runtime', `${r.load} concurrent sync echo executions`, `${fixed(r.syncPerSecond)} /s`, `bare spawns (${r.limit} at a time) ${fixed(r.barePerSecond)} /s`, fixed(r.throughputRatio), `peak RSS ${r.syncPeakRssMiB} MiB (idle ${r.baselineRssMiB} MiB); none lost`);
  row('runtime', `${r.fanouts} concurrent fan-outs of 10`, `${fixed(r.fanoutTasksPerSecond)} tasks/s`, '-', '-', `peak RSS ${r.fanoutPeakRssMiB} MiB`);
}

// 4. Analytics: the worker core vs DuckDB and pandas on the same 1M-row CSV.
const analyticsOut = runBench('analytics', ['bench/runtime/analytics-peers.mjs'], QUICK ? { BENCH_RUNS: '1' } : {});
if (analyticsOut) {
  const a = lastJson(analyticsOut);
  const [ours, ...peers] = a.sides;
  for (const peer of peers) {
    if (peer.ms === undefined) row('analytics', `1M-row CSV vs ${peer.name}`, ours.ms === undefined ? '-' : `${ours.ms} ms, ${ours.peakRssMiB} MiB`, '-', '-', peer.note);
    else row('analytics', `1M-row CSV, same aggregation (median of ${a.runs})`, `${ours.ms} ms, peak ${ours.peakRssMiB} MiB`, `${peer.name} ${peer.ms} ms, peak ${peer.peakRssMiB} MiB`, fixed(peer.oursOverThis), a.sameAnswer ? `same totals (revenue ${ours.revenue})` : 'WARNING: totals differ');
  }
}

// 5. The worker alone: start time, bundle size, 10x input (bench/worker/run.mjs prints its own table).
const workerOut = runBench('worker', ['bench/worker/run.mjs'], { BENCH_SKIP_DUCKDB: '1', ...(QUICK ? { BENCH_RUNS: '1', BENCH_ECHO_RUNS: '3' } : {}) });
if (workerOut) {
  for (const line of workerOut.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 4 || cells[0] === 'measurement' || cells[0].startsWith('---') || /DuckDB/.test(cells[0])) continue;
    row('worker', cells[0], [cells[1], cells[2] && `peak ${cells[2]}`].filter(Boolean).join(', ') || cells[3], '-', '-', cells[1] || cells[2] ? cells[3] : '');
  }
}

const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const header = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${availableParallelism()} × ${cpus()[0]?.model ?? 'CPU'}, load average ${loadavg}${QUICK ? ', BENCH_QUICK (short runs)' : ''}`;
const table = ['| bench | measurement | sfn-ecs | peer | ratio ours/peer | notes |', '| --- | --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
console.log(`\n${header}\n\n${table}`);
writeFileSync(
  'bench/RESULTS.md',
  `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.mjs); see bench/README.md for what each row measures. Ratios below 1 mean sfn-ecs took less time (or, for rates, did less work per second); they come from one run, with both sides measured back to back on the same machine.\n\n${header}\n\n${table}\n\n## Output of each bench\n\n${logs.join('\n')}`,
);
process.exitCode = 0;
