/**
 * The corpus (test/fixtures/conformance: executions recorded on AWS) and its own runner, run.py,
 * against any Step Functions endpoint; results as run.py's --json-results writes them.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'conformance');

export async function loadCorpus() {
  const read = async (file) => JSON.parse(await readFile(join(CORPUS_DIR, file), 'utf8'));
  return { cases: await read('cases.json'), histories: await read('cases-history.json') };
}

/**
 * Runs run.py (python3 with boto3) against `endpoint`; resolves with {id: {match, features, got, problem}}
 * for every case, history cases included. `onLine` gets run.py's output lines (MISMATCH ..., totals).
 */
export async function runCorpus(endpoint, { onLine = () => {}, signal } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-conformance-'));
  const resultsFile = join(dir, 'results.json');
  try {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' };
    const child = spawn('python3', [join(CORPUS_DIR, 'run.py'), '--endpoint', endpoint, '--json-results', resultsFile], { env, stdio: ['ignore', 'pipe', 'pipe'], signal });
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (buffered) onLine(buffered);
    // run.py exits 1 when a case differs; anything else is the runner failing to run.
    if (code !== 0 && code !== 1) throw new Error(`run.py exited with ${code}: ${stderr.slice(-2000)}`);
    return JSON.parse(await readFile(resultsFile, 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Score per feature: [{feature, total, counts: {name: matched}}], plus an `all` row, from named result sets. */
export function scoreByFeature(resultSets) {
  const rows = new Map();
  const row = (feature) => {
    if (!rows.has(feature)) rows.set(feature, { feature, total: 0, counts: Object.fromEntries(Object.keys(resultSets).map((name) => [name, 0])) });
    return rows.get(feature);
  };
  const [first] = Object.values(resultSets);
  for (const [id, result] of Object.entries(first)) {
    for (const feature of ['all', ...result.features]) {
      const r = row(feature);
      r.total++;
      for (const [name, results] of Object.entries(resultSets)) if (results[id]?.match) r.counts[name]++;
    }
  }
  const all = rows.get('all');
  rows.delete('all');
  return [all, ...[...rows.values()].sort((a, b) => b.total - a.total || a.feature.localeCompare(b.feature))];
}
