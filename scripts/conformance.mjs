#!/usr/bin/env node
/**
 * npm run conformance [-- --write]
 *
 * Starts the local runtime (`sfn-ecs serve` on a free port, a throwaway data folder, delays 1000 times
 * shorter), runs the conformance corpus (executions recorded on AWS, test/fixtures/conformance) with
 * its own runner, runs the same definitions on aws-local-stepfunctions, and prints N/M by feature for
 * both. Exit status 0 only when sfn-ecs matches every case.
 *
 * --write also rewrites README.md's score table (between the conformance markers) and
 * test/conformance/aws-local-stepfunctions-misses.json from this run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOnAwsLocalStepFunctions } from './conformance/aws-local-stepfunctions.mjs';
import { loadCorpus, runCorpus, scoreByFeature } from './conformance/corpus.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = join(ROOT, 'README.md');
const MISSES_FILE = join(ROOT, 'test', 'conformance', 'aws-local-stepfunctions-misses.json');
const START = '<!-- conformance:start (written by `npm run conformance -- --write`) -->';
const END = '<!-- conformance:end -->';
const write = process.argv.includes('--write');

/** `sfn-ecs serve` on port 0; resolves with its endpoint once it prints it, and a stop function. */
async function startServer(dataDir) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'sfn-ecs.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--time-scale', '0.001'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  let output = '';
  const endpoint = await new Promise((resolve, reject) => {
    // serve prints its banner on stderr (stdout stays for data).
    const read = (chunk) => {
      output += chunk;
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    child.once('exit', (code) => reject(new Error(`sfn-ecs serve exited with ${code} before serving:\n${output}`)));
  });
  return { endpoint, stop };
}

function table(rows, names) {
  const header = `| feature | cases | ${names.join(' | ')} |`;
  const rule = `|---|---:|${names.map(() => '---:').join('|')}|`;
  const lines = rows.map((r) => `| ${r.feature === 'all' ? '**all**' : r.feature} | ${r.total} | ${names.map((n) => `${r.counts[n]}/${r.total}`).join(' | ')} |`);
  return [header, rule, ...lines].join('\n');
}

const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-conformance-data-'));
let server;
let ours;
try {
  server = await startServer(dataDir);
  console.log(`sfn-ecs: running the corpus on ${server.endpoint}`);
  ours = await runCorpus(server.endpoint, { onLine: (line) => line.startsWith('MISMATCH') && console.log(line) });
} finally {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

console.log('aws-local-stepfunctions: running the same definitions');
const { cases, histories } = await loadCorpus();
const theirs = await runOnAwsLocalStepFunctions(cases);
for (const history of histories) {
  theirs[`history:${history.id}`] = { match: false, features: ['history', ...history.features.filter((f) => f !== 'history')], problem: 'no event history in AWS\'s shape' };
}

const names = ['sfn-ecs', 'aws-local-stepfunctions'];
const rows = scoreByFeature({ 'sfn-ecs': ours, 'aws-local-stepfunctions': theirs });
const rendered = table(rows, names);
console.log(`\n${rendered}\n`);
const [all] = rows;
console.log(`sfn-ecs ${all.counts['sfn-ecs']}/${all.total} match; aws-local-stepfunctions ${all.counts['aws-local-stepfunctions']}/${all.total}`);

if (write) {
  const readme = await readFile(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} section`);
  await writeFile(README, `${readme.slice(0, start + START.length)}\n${rendered}\n${readme.slice(end)}`);
  const misses = Object.fromEntries(Object.entries(theirs).filter(([, r]) => !r.match).map(([id, r]) => [id, r.problem]));
  await writeFile(MISSES_FILE, `${JSON.stringify(misses, null, 2)}\n`);
  console.log('wrote README.md and test/conformance/aws-local-stepfunctions-misses.json');
}
process.exitCode = all.counts['sfn-ecs'] === all.total ? 0 : 1;
