// Worker benchmarks: `node bench/worker/run.mjs` (from the repository root). Prints a Markdown table.
// - analytics, whole process against whole process, interleaved run by run: the worker bundle in analytics
//   mode (CSV read from S3 = the embedded S3 on 127.0.0.1, summary.json + daily.csv + daily-revenue.svg + manifest
//   written to S3) vs a Node process running DuckDB (@duckdb/node-api, installed on the fly into a temporary
//   directory) on the same CSV and the same aggregation, writing summary.json + daily.csv. Wall time from
//   spawn to exit, CPU and peak RSS from /usr/bin/time. Extra lines: both programs timed after module loading
//   (the worker's streaming core reading the local file, DuckDB's query), to separate start-up from work.
// - analytics at 10x input: the worker process on 10M generated rows (10M distinct order ids), peak RSS.
// - echo: time from exec to the result line, beside `node -e 0`; echo with artifacts against the embedded S3.
// - bundle size.
// Environment: BENCH_RUNS (default 5), BENCH_ECHO_RUNS (default 15), BENCH_SKIP_DUCKDB=1,
// BENCH_SECTIONS (comma list of analytics,tenfold,echo; default all).
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { workerBundleOptions } from '../../worker/build/worker-bundle.mjs';

const DATA = 'bench/.data';
const ROWS = 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ECHO_RUNS = Number(process.env.BENCH_ECHO_RUNS ?? 15);
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'analytics,tenfold,echo').split(','));
const CSV = join(DATA, 'orders-1m.csv');
const DUCKDB_DIR = join(tmpdir(), 'sfn-ecs-bench-duckdb');
const WORKER = join(process.cwd(), 'dist/worker.mjs');
const S3_ENV = { AWS_S3_FORCE_PATH_STYLE: 'true', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' };

mkdirSync(DATA, { recursive: true });
await build(workerBundleOptions('dist/worker.mjs'));
for (const entry of ['generate-orders', 'analytics-file']) {
  await build({ entryPoints: [`bench/worker/${entry}.ts`], outfile: join(DATA, `${entry}.mjs`), bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
}
// The local runtime's embedded S3 (TypeScript, no npm dependencies), bundled to be imported here.
await build({ entryPoints: ['local/src/s3/embedded-s3.ts'], outfile: join(DATA, 'embedded-s3.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
const { startEmbeddedS3 } = await import(join(process.cwd(), DATA, 'embedded-s3.mjs'));
if (!existsSync(CSV)) {
  console.error(`generating ${CSV} (${ROWS} rows)...`);
  execFileSync(process.execPath, [join(DATA, 'generate-orders.mjs'), CSV, String(ROWS), '1', '365'], { stdio: 'inherit' });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const rows = [];
const loads = [loadavg()];

/**
 * Runs a command under /usr/bin/time: wall ms (spawn to exit, measured here), CPU ms and peak RSS (MiB) of
 * the process, and its last stdout line parsed as JSON. Asynchronous: the embedded S3 lives in this process.
 */
function timedProcess(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'TIME_RSS_KB=%M TIME_CPU_S=%U+%S', command, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Math.round(performance.now() - started);
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-800)}`));
      const rss = /TIME_RSS_KB=(\d+)/.exec(stderr);
      const cpu = /TIME_CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({ ms, maxRssMiB: Math.round(Number(rss?.[1]) / 1024), cpuMs: Math.round((Number(cpu?.[1]) + Number(cpu?.[2])) * 1000), out: JSON.parse(stdout.trim().split('\n').at(-1)) });
    });
  });
}

async function withS3(work) {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-ecs-bench-s3-'));
  const server = await startEmbeddedS3({ directory: dir, buckets: ['bench'] });
  try {
    return await work({ ...S3_ENV, AWS_ENDPOINT_URL_S3: server.endpoint });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function upload(env, key, body) {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { Upload } = await import('@aws-sdk/lib-storage');
  const client = new S3Client({ endpoint: env.AWS_ENDPOINT_URL_S3, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  try {
    await new Upload({ client, params: { Bucket: 'bench', Key: key, Body: body } }).done();
  } finally {
    client.destroy();
  }
}

const workerRun = (env, key, prefix) =>
  timedProcess(process.execPath, [WORKER], { ...env, MODE: 'analytics', ARTIFACT_BUCKET: 'bench', ARTIFACT_PREFIX: prefix, TASK_INPUT: JSON.stringify({ source: `s3://bench/${key}` }) });

function installDuckdb() {
  if (process.env.BENCH_SKIP_DUCKDB) return 'skipped (BENCH_SKIP_DUCKDB)';
  try {
    if (!existsSync(join(DUCKDB_DIR, 'node_modules/@duckdb/node-api'))) {
      mkdirSync(DUCKDB_DIR, { recursive: true });
      writeFileSync(join(DUCKDB_DIR, 'package.json'), '{"name":"bench-duckdb","private":true}');
      execFileSync('npm', ['i', '@duckdb/node-api', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: DUCKDB_DIR, stdio: 'ignore', timeout: 300_000 });
    }
    return undefined;
  } catch (error) {
    return `skipped (could not install @duckdb/node-api: ${error.message.split('\n')[0]})`;
  }
}

/** A pause before each measured run, so one run's after-effects (page reclaim, busy cores) do not land on the next. */
const SETTLE_MS = 1000;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

const stats = (runs) => ({ ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), rss: median(runs.map((r) => r.maxRssMiB)), rssMax: Math.max(...runs.map((r) => r.maxRssMiB)) });
const rssText = (s) => (s.rss === s.rssMax ? `${s.rss} MiB` : `${s.rss} MiB (max ${s.rssMax})`);

// Analytics: worker process vs DuckDB process, interleaved run by run so machine load hits both alike.
if (SECTIONS.has('analytics')) {
  const duckdbSkipped = installDuckdb();
  await withS3(async (env) => {
    await upload(env, 'orders-1m.csv', createReadStream(CSV));
    const outDir = mkdtempSync(join(tmpdir(), 'sfn-ecs-bench-duckdb-out-'));
    const worker = [];
    const duck = [];
    const core = [];
    const duckCore = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        // Alternate which side goes first, so neither always runs on a machine warmed (or loaded) by the other.
        const sides = [
          async () => worker.push(await workerRun(env, 'orders-1m.csv', `analytics-${run}/`)),
          async () => {
            if (duckdbSkipped) return;
            const r = await timedProcess(process.execPath, ['bench/worker/duckdb-orders.mjs', DUCKDB_DIR, CSV, outDir], {});
            duck.push(r);
            duckCore.push(r.out);
          },
        ];
        if (run % 2 === 1) sides.reverse();
        for (const side of sides) {
          await settle();
          await side();
        }
        core.push((await timedProcess(process.execPath, [join(DATA, 'analytics-file.mjs'), CSV], {})).out);
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
    const w = stats(worker);
    const totals = worker[0].out.result.totals;
    rows.push(['**analytics, 1M rows (64 MB CSV): worker process**, spawn to exit (CSV from S3, 3 artifacts + manifest to S3)', `${w.ms} ms (CPU ${w.cpuMs} ms)`, rssText(w), `orders ${totals.orders}, revenue ${totals.revenue}`]);
    if (duck.length > 0) {
      const d = stats(duck);
      const agree = duck[0].out.orders === totals.orders && duck[0].out.revenue === totals.revenue;
      rows.push([
        '**same CSV, same aggregation: DuckDB process**, spawn to exit (Node + @duckdb/node-api, local file, summary.json + daily.csv)',
        `${d.ms} ms (CPU ${d.cpuMs} ms)`,
        rssText(d),
        `orders ${duck[0].out.orders}, revenue ${duck[0].out.revenue}${agree ? ' (same totals)' : ' (**totals differ**)'}; **ratio worker/DuckDB ${(w.ms / d.ms).toFixed(2)}** (medians; run by run ${worker.map((r, i) => (r.ms / duck[i].ms).toFixed(2)).join(', ')}), CPU ${(w.cpuMs / d.cpuMs).toFixed(2)}, peak RSS ${(w.rssMax / d.rssMax).toFixed(2)}`,
      ]);
    } else rows.push(['same CSV, same aggregation: DuckDB process', '-', '-', duckdbSkipped]);
    const c = stats(core);
    rows.push(['extra: worker streaming core only (local file, timed after module loading)', `${c.ms} ms (CPU ${c.cpuMs} ms)`, rssText(c), 'no SDK, no S3, no artifacts']);
    if (duckCore.length > 0) {
      const dc = stats(duckCore);
      rows.push(['extra: DuckDB query only (timed after module loading)', `${dc.ms} ms (CPU ${dc.cpuMs} ms)`, rssText(dc), `ratio core/query ${(c.ms / dc.ms).toFixed(2)}`]);
    }
  });
  loads.push(loadavg());
}

// Analytics at 10x input: the same worker process on 10M generated rows (10M distinct order ids, so the
// distinct-order count works at full size), generated straight into the upload.
if (SECTIONS.has('tenfold')) {
  await withS3(async (env) => {
    const generator = spawn(process.execPath, [join(DATA, 'generate-orders.mjs'), '-', String(ROWS * 10), '2', '365'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await upload(env, 'orders-10m.csv', generator.stdout);
    const r = await workerRun(env, 'orders-10m.csv', 'tenfold/');
    rows.push(['analytics, 10x input (10M rows, 10M distinct order ids, ~650 MB object): worker process, spawn to exit', `${r.ms} ms (CPU ${r.cpuMs} ms)`, `${r.maxRssMiB} MiB`, `orders ${r.out.result.totals.orders}, order lines ${r.out.result.totals.orderLines}, rejected ${r.out.result.totals.rejectedRows}; 1 run`]);
  });
  loads.push(loadavg());
}

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
if (SECTIONS.has('echo')) {
  rows.push(['node -e "console.log(1)" (floor)', await series(['-e', 'console.log(1)'], {}), '', '']);
  rows.push(['echo, no artifacts: exec -> result line', await series([WORKER], { MODE: 'echo', TASK_INPUT: '{"message":"hi"}' }), '', 'loads no AWS SDK']);
  await withS3(async (env) => {
    rows.push([
      'echo with artifacts (embedded S3): exec -> result line',
      await series([WORKER], { ...env, MODE: 'echo', TASK_INPUT: '{"message":"hi"}', ARTIFACT_BUCKET: 'bench' }),
      '',
      'loads the S3 client, writes echo.json + manifest.json',
    ]);
  });
  loads.push(loadavg());
}

rows.push(['bundle size (dist/worker.mjs)', '', '', `${(statSync('dist/worker.mjs').size / 1024 / 1024).toFixed(2)} MB`]);

console.log(`\nWorker benchmarks, node ${process.version}, medians of ${RUNS} runs (echo: ${ECHO_RUNS}); load average (1, 5, 15 min) ${loads.join(' -> ')}\n`);
console.log('| measurement | time | peak RSS | notes |\n| --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
