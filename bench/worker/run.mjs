// Worker benchmarks: `node bench/worker/run.mjs` (from the repository root). Prints a Markdown table.
// - analytics: the streaming core on a generated 1M-row orders CSV (bench/.data/, about 64 MB), time and
//   peak RSS, beside DuckDB (@duckdb/node-api, installed on the fly into a temporary directory) on the
//   same file and the same aggregation; and peak RSS for a 10x larger input (the file read 10 times).
// - echo: time from exec to the result line, beside `node -e 0`; echo with artifacts against s3rver.
// - bundle size.
// Environment: BENCH_RUNS (default 3), BENCH_ECHO_RUNS (default 15), BENCH_SKIP_DUCKDB=1.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import S3rver from 's3rver';
import { workerBundleOptions } from '../../worker/build/worker-bundle.mjs';

const DATA = 'bench/.data';
const ROWS = 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ECHO_RUNS = Number(process.env.BENCH_ECHO_RUNS ?? 15);
const CSV = join(DATA, 'orders-1m.csv');
const DUCKDB_DIR = join(tmpdir(), 'sfn-ecs-bench-duckdb');

mkdirSync(DATA, { recursive: true });
await build(workerBundleOptions('dist/worker.mjs'));
for (const entry of ['generate-orders', 'analytics-file']) {
  await build({ entryPoints: [`bench/worker/${entry}.ts`], outfile: join(DATA, `${entry}.mjs`), bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
}
if (!existsSync(CSV)) {
  console.error(`generating ${CSV} (${ROWS} rows)...`);
  execFileSync(process.execPath, [join(DATA, 'generate-orders.mjs'), CSV, String(ROWS), '1', '365'], { stdio: 'inherit' });
}

/** Runs a node script that prints one JSON line; returns it parsed. */
function runJson(args) {
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rows = [];
const loadavg = () => (execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ')[0]);

// Analytics: the worker's core and DuckDB, interleaved so machine load hits both alike.
let duckdb = 'skipped';
if (!process.env.BENCH_SKIP_DUCKDB) {
  try {
    if (!existsSync(join(DUCKDB_DIR, 'node_modules/@duckdb/node-api'))) {
      mkdirSync(DUCKDB_DIR, { recursive: true });
      writeFileSync(join(DUCKDB_DIR, 'package.json'), '{"name":"bench-duckdb","private":true}');
      execFileSync('npm', ['i', '@duckdb/node-api', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: DUCKDB_DIR, stdio: 'ignore', timeout: 300_000 });
    }
    duckdb = [];
  } catch (error) {
    duckdb = `skipped (could not install @duckdb/node-api: ${error.message.split('\n')[0]})`;
  }
}
const ours = [];
for (let run = 0; run < RUNS; run++) {
  ours.push(runJson([join(DATA, 'analytics-file.mjs'), CSV]));
  if (Array.isArray(duckdb)) duckdb.push(runJson(['bench/worker/duckdb-orders.mjs', DUCKDB_DIR, CSV]));
}
const oursMs = median(ours.map((r) => r.ms));
const cpu = (runs) => `, CPU ${median(runs.map((r) => r.cpuMs))} ms`;
rows.push(['analytics, 1M rows (64 MB CSV): sfn-ecs worker core', `${oursMs} ms${cpu(ours)}`, `${Math.max(...ours.map((r) => r.maxRssMiB))} MiB`, `orders ${ours[0].orders}, revenue ${ours[0].revenue}`]);
if (Array.isArray(duckdb)) {
  const duckMs = median(duckdb.map((r) => r.ms));
  rows.push([`analytics, same file: DuckDB (@duckdb/node-api, all threads)`, `${duckMs} ms${cpu(duckdb)}`, `${Math.max(...duckdb.map((r) => r.maxRssMiB))} MiB`, `orders ${duckdb[0].orders}, revenue ${duckdb[0].revenue}; ratio ours/DuckDB ${(oursMs / duckMs).toFixed(2)}`]);
} else rows.push(['analytics, same file: DuckDB', '-', '-', duckdb]);
const tenfold = runJson([join(DATA, 'analytics-file.mjs'), CSV, '10']);
rows.push(['analytics, 10x input (10M rows, file read 10 times)', `${tenfold.ms} ms`, `${tenfold.maxRssMiB} MiB`, `orders ${tenfold.orders}`]);

// Echo: exec -> result line on stdout.
function timeToResultLine(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'ignore'], cwd: '/' });
    let out = '';
    let lineAt;
    child.stdout.on('data', (d) => {
      out += d;
      if (lineAt === undefined && out.includes('\n')) lineAt = process.hrtime.bigint();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`exit ${code}: ${out}`));
      resolve(Number(((lineAt ?? process.hrtime.bigint()) - started) / 1_000_000n));
    });
  });
}
async function series(args, env) {
  const times = [];
  for (let i = 0; i < ECHO_RUNS; i++) times.push(await timeToResultLine(args, env));
  return `${median(times)} ms (min ${Math.min(...times)})`;
}
rows.push(['node -e "console.log(1)" (floor)', await series(['-e', 'console.log(1)'], {}), '', '']);
rows.push(['echo, no artifacts: exec -> result line', await series(['dist/worker.mjs'].map((p) => join(process.cwd(), p)), { MODE: 'echo', TASK_INPUT: '{"message":"hi"}' }), '', 'loads no AWS SDK']);
const s3dir = mkdtempSync(join(tmpdir(), 'sfn-ecs-bench-s3-'));
const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: 'bench', configs: [] }] });
const { port } = await s3.run();
try {
  rows.push([
    'echo with artifacts (s3rver): exec -> result line',
    await series([join(process.cwd(), 'dist/worker.mjs')], {
      MODE: 'echo',
      TASK_INPUT: '{"message":"hi"}',
      ARTIFACT_BUCKET: 'bench',
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
    }),
    '',
    'loads the S3 client, writes echo.json + manifest.json',
  ]);
} finally {
  await s3.close();
  rmSync(s3dir, { recursive: true, force: true });
}

// The analytics mode end to end: the bundled worker reads the same CSV from s3rver (S3 transfer included).
if (existsSync('/usr/bin/time')) {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-ecs-bench-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'bench', configs: [] }] });
  const { port: s3port } = await server.run();
  const env = { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3port}`, AWS_S3_FORCE_PATH_STYLE: 'true', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  try {
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { Upload } = await import('@aws-sdk/lib-storage');
    const { createReadStream } = await import('node:fs');
    const client = new S3Client({ endpoint: env.AWS_ENDPOINT_URL_S3, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await new Upload({ client, params: { Bucket: 'bench', Key: 'orders-1m.csv', Body: createReadStream(CSV) } }).done();
    client.destroy();
    const e2e = [];
    for (let run = 0; run < RUNS; run++) {
      e2e.push(await timedWorker({ ...env, MODE: 'analytics', ARTIFACT_BUCKET: 'bench', ARTIFACT_PREFIX: `e2e-${run}/`, TASK_INPUT: JSON.stringify({ source: 's3://bench/orders-1m.csv' }) }));
    }
    rows.push(['analytics mode end to end: worker bundle, CSV from s3rver, 3 artifacts + manifest', `${median(e2e.map((r) => r.ms))} ms`, `${Math.max(...e2e.map((r) => r.maxRssMiB))} MiB`, 'process start to exit, S3 transfer included']);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

rows.push(['bundle size (dist/worker.mjs)', '', '', `${(statSync('dist/worker.mjs').size / 1024 / 1024).toFixed(2)} MB`]);

console.log(`\nWorker benchmarks, node ${process.version}, ${RUNS} runs (median), load average ${loadavg()} at the end\n`);
console.log('| measurement | time | peak RSS | notes |\n| --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);

/** Runs the worker bundle under /usr/bin/time (asynchronously: s3rver lives in this process); wall ms and peak RSS. */
function timedWorker(env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', process.execPath, 'dist/worker.mjs'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`analytics worker exited ${code}: ${stderr.slice(-500)}`));
      resolve({ ms: Math.round(performance.now() - started), maxRssMiB: Math.round(Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1]) / 1024) });
    });
  });
}
