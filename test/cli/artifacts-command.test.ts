/**
 * `npx sfn-ecs artifacts <execution>` as typed after `run` printed its hint (issue 16, point 8): the
 * listing with sizes and local files, `--out DIR` copying the same bytes below the run's folder, `--json`,
 * and a clear exit 1 for a run that wrote nothing (a mocked task). Real processes, the embedded S3's folder.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorkerBundle } from '../e2e/helpers.js';

let dataDir: string;
beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-artifacts-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Runs a shell command line in the project folder with a newcomer's environment (no AWS settings). */
function sh(command: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_') && !name.startsWith('SFN_')) env[name] = value;
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: process.cwd(), env: { ...env, HOME: dataDir, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('sfn-ecs artifacts after a run', () => {
  it('lists what the run wrote, copies the same bytes with --out, answers --json', async () => {
    const run = await sh(`npx sfn-ecs run sync --input @events/sync-analytics.json --data-dir ${dataDir}`);
    expect(run.status).toBe(0);
    const hint = /artifacts \(each with its file; (npx sfn-ecs artifacts \S+ --local --data-dir \S+) lists them later\):/.exec(run.stderr);
    expect(hint, run.stderr).not.toBeNull();
    const name = /artifacts (\S+) --local/.exec(hint![1]!)![1]!;
    const prefix = `s3://sfn-ecs-artifacts/runs/${name}/`;

    const listed = await sh(hint![1]!);
    expect(listed.status, listed.stderr).toBe(0);
    const rows = listed.stdout.trim().split('\n').map((line) => line.split('  '));
    expect(rows.map((r) => r[0])).toEqual(['daily-revenue.svg', 'daily.csv', 'manifest.json', 'summary.json'].map((f) => `${prefix}${f}`));
    for (const [uri, size, file] of rows) {
      expect(file).toBe(join(dataDir, 's3', 'sfn-ecs-artifacts', uri!.slice('s3://sfn-ecs-artifacts/'.length)));
      expect((await stat(file!)).size).toBe(Number(size));
    }

    const out = join(dataDir, 'copied');
    const copied = await sh(`${hint![1]!} --out ${out}`);
    expect(copied.status, copied.stderr).toBe(0);
    expect(copied.stderr).toContain(`copied 4 objects into ${out}`);
    expect((await readdir(out)).sort()).toEqual(['daily-revenue.svg', 'daily.csv', 'manifest.json', 'summary.json']);
    for (const [uri, , file] of rows) {
      expect(await readFile(join(out, uri!.slice(prefix.length)))).toEqual(await readFile(file!));
    }

    const json = await sh(`${hint![1]!} --json`);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(rows.map(([uri, size, file]) => ({ uri, size: Number(size), file })));
  }, 240_000);

  it('a mocked run wrote nothing: exit 1 saying so', async () => {
    const run = await sh(
      `npx sfn-ecs run sync --input @events/sync-echo.json --mock-config test/fixtures/mocks/MockConfigFile.json --test-case HappyPath --data-dir ${dataDir}`,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('artifacts (');
    const name = /^history: npx sfn-ecs history (\S+) /m.exec(run.stderr)![1]!;
    const listed = await sh(`npx sfn-ecs artifacts ${name} --local --data-dir ${dataDir}`);
    expect(listed.status).toBe(1);
    expect(listed.stdout).toBe('');
    expect(listed.stderr).toMatch(new RegExp(`sfn-ecs: No artifacts for arn:aws:states:[^:]+:\\d+:execution:sync:${name}\\.`));
  }, 240_000);
});
