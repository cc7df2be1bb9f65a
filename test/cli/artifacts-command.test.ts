/**
 * `npx sfn-ecs artifacts <execution>` as typed after `run` printed its hint (issue 16, point 8): the
 * listing with sizes and local files, `--out DIR` copying the same bytes below the run's folder, `--json`,
 * and a clear exit 1 for a run that wrote nothing (a mocked task). Real processes, the embedded S3's folder.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorkerBundle } from '../e2e/helpers.js';
import { userEnv, userShell, type ShellResult } from '../helpers/user-shell.js';

let dataDir: string;
beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-artifacts-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Runs a shell command line in the project folder with a newcomer's environment (no AWS settings). */
const sh = (command: string): Promise<ShellResult> => userShell(command, userEnv(dataDir, { NO_COLOR: '1' }));

/** The analytics run of the first test, and its listing, for the test with `serve` running. */
let analytics: { name: string; listing: string } | undefined;

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

    analytics = { name, listing: listed.stdout };
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

  it('with sfn-ecs serve running: the same listing, and a key that would leave --out DIR is refused', async () => {
    expect(analytics).toBeDefined();
    const { name, listing } = analytics!;
    const serve = spawn(process.execPath, ['bin/sfn-ecs.js', 'serve', '--port', '0', '--data-dir', dataDir], { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let banner = '';
      serve.stderr.on('data', (chunk: Buffer) => (banner += chunk.toString()));
      const deadline = Date.now() + 120_000;
      while (!/S3: +http:\/\/127\.0\.0\.1:\d+/.test(banner) && Date.now() < deadline && serve.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      const port = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(banner)![1]!;
      const s3Endpoint = /S3: +(http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]!;

      const listed = await sh(`npx sfn-ecs artifacts ${name} --local --port ${port} --data-dir ${dataDir}`);
      expect(listed.status, listed.stderr).toBe(0);
      expect(listed.stdout).toBe(listing);

      const s3 = new S3Client({ endpoint: s3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      await s3.send(new PutObjectCommand({ Bucket: 'sfn-ecs-artifacts', Key: `runs/${name}/../../escape.txt`, Body: 'outside' }));
      s3.destroy();
      const out = join(dataDir, 'refused');
      const copied = await sh(`npx sfn-ecs artifacts ${name} --local --port ${port} --data-dir ${dataDir} --out ${out}`);
      expect(copied.status).toBe(1);
      expect(copied.stderr).toContain(`Refusing to copy s3://sfn-ecs-artifacts/runs/${name}/../../escape.txt: its key would not stay inside ${out}.`);
      expect(existsSync(join(dataDir, 'escape.txt'))).toBe(false);
      expect(existsSync(out)).toBe(false);
    } finally {
      const closed = new Promise((resolve) => serve.once('close', resolve));
      if (serve.exitCode === null) serve.kill('SIGTERM');
      await closed;
    }
  }, 240_000);
});
