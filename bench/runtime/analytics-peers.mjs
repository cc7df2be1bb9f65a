// The analytics aggregation three ways on the same 1M-row CSV, interleaved run by run so machine load
// hits all alike: the worker's streaming core (bench/worker/analytics-file.ts), DuckDB
// (bench/worker/duckdb-orders.mjs, @duckdb/node-api) and pandas (pandas-orders.py, Debian's
// python3-pandas). Time after module loading and peak RSS, each in its own process.
// `node bench/runtime/analytics-peers.mjs` from the repository root. BENCH_RUNS (default 3).
// A peer that cannot be found or installed is skipped and the reason printed; this never fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const DATA = 'bench/.data';
const CSV = join(DATA, 'orders-1m.csv');
const ROWS = 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// Shared with bench/worker/run.mjs, so one install serves both.
const DUCKDB_DIR = join(tmpdir(), 'sfn-ecs-bench-duckdb');

mkdirSync(DATA, { recursive: true });
for (const entry of ['generate-orders', 'analytics-file']) {
  await build({ entryPoints: [`bench/worker/${entry}.ts`], outfile: join(DATA, `${entry}.mjs`), bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
}
if (!existsSync(CSV)) execFileSync(process.execPath, [join(DATA, 'generate-orders.mjs'), CSV, String(ROWS), '1', '365'], { stdio: 'inherit' });

/** The first Python that imports pandas, installing Debian's python3-pandas once if none does. */
function findPandas() {
  const candidates = ['/usr/bin/python3', 'python3'];
  const works = (python) => spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
  for (const python of candidates) if (works(python)) return { python };
  if (process.env.BENCH_NO_INSTALL) return { skipped: 'skipped: pandas not found (BENCH_NO_INSTALL set)' };
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'python3-pandas'], { stdio: 'ignore', timeout: 600_000 });
  if (install.status === 0 && works('/usr/bin/python3')) return { python: '/usr/bin/python3' };
  return { skipped: `skipped: pandas not found and apt-get install python3-pandas failed (${install.error?.code ?? `exit ${install.status}`})` };
}

function findDuckDb() {
  if (existsSync(join(DUCKDB_DIR, 'node_modules/@duckdb/node-api'))) return { dir: DUCKDB_DIR };
  if (process.env.BENCH_NO_INSTALL) return { skipped: 'skipped: @duckdb/node-api not installed (BENCH_NO_INSTALL set)' };
  try {
    mkdirSync(DUCKDB_DIR, { recursive: true });
    writeFileSync(join(DUCKDB_DIR, 'package.json'), '{"name":"bench-duckdb","private":true}');
    execFileSync('npm', ['i', '@duckdb/node-api', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: DUCKDB_DIR, stdio: 'ignore', timeout: 300_000 });
    return { dir: DUCKDB_DIR };
  } catch (error) {
    return { skipped: `skipped: could not install @duckdb/node-api (${error.message.split('\n')[0]})` };
  }
}

/** Runs a program that prints one JSON line last; returns it parsed, or an error message. */
function runJson(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 300_000 });
  if (result.status !== 0) return { error: `${command} exited ${result.status ?? result.error?.code}: ${(result.stderr ?? '').trim().split('\n').at(-1)}` };
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const pandas = findPandas();
const duckdb = findDuckDb();
const sides = [
  { name: 'sfn-ecs worker core (Node, streaming)', run: () => runJson(process.execPath, [join(DATA, 'analytics-file.mjs'), CSV]), results: [] },
  duckdb.dir ? { name: 'DuckDB (@duckdb/node-api, all threads)', run: () => runJson(process.execPath, ['bench/worker/duckdb-orders.mjs', duckdb.dir, CSV]), results: [] } : { name: 'DuckDB', skipped: duckdb.skipped },
  pandas.python ? { name: 'pandas (python3-pandas)', run: () => runJson(pandas.python, ['bench/runtime/pandas-orders.py', CSV]), results: [] } : { name: 'pandas', skipped: pandas.skipped },
];
for (let run = 0; run < RUNS; run++) {
  for (const side of sides) {
    if (side.skipped) continue;
    const result = side.run();
    if (result.error) {
      side.skipped = `skipped: ${result.error}`;
      continue;
    }
    side.results.push(result);
  }
}

const ours = sides[0];
const oursMs = ours.results.length ? median(ours.results.map((r) => r.ms)) : undefined;
const summary = sides.map((side) => {
  if (side.skipped || !side.results.length) return { name: side.name, note: side.skipped ?? 'no result' };
  const ms = median(side.results.map((r) => r.ms));
  return {
    name: side.name,
    ms,
    cpuMs: median(side.results.map((r) => r.cpuMs)),
    peakRssMiB: Math.max(...side.results.map((r) => r.maxRssMiB)),
    orders: side.results[0].orders,
    revenue: side.results[0].revenue,
    oursOverThis: oursMs !== undefined && side !== ours ? oursMs / ms : undefined,
  };
});
// Same answer on every side, or the comparison means nothing.
const answers = new Set(summary.filter((s) => s.revenue !== undefined).map((s) => `${s.orders}/${s.revenue}`));
console.log(`\nAnalytics on ${CSV} (1M rows), median of ${RUNS} interleaved runs, timed after module loading\n`);
console.log('| implementation | time | CPU | peak RSS | ours / this | notes |\n| --- | --- | --- | --- | --- | --- |');
for (const s of summary) {
  if (s.ms === undefined) console.log(`| ${s.name} | - | - | - | - | ${s.note} |`);
  else console.log(`| ${s.name} | ${s.ms} ms | ${s.cpuMs} ms | ${s.peakRssMiB} MiB | ${s.oursOverThis === undefined ? '' : s.oursOverThis.toFixed(2)} | orders ${s.orders}, revenue ${s.revenue} |`);
}
if (answers.size > 1) console.log(`\nWARNING: the sides disagree: ${[...answers].join(' vs ')}`);
console.log(JSON.stringify({ bench: 'analytics', runs: RUNS, sameAnswer: answers.size === 1, sides: summary }));
