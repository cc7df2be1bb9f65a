import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorker } from './helpers/run-worker.js';
import { startTestS3 } from './helpers/s3-server.js';
import type { TestS3 } from './helpers/s3-server.js';
import { ensureWorkerBundle } from './helpers/worker-bundle.js';

const root = join(import.meta.dirname, '../..');
let bundle: string;
let s3: TestS3;
beforeAll(async () => {
  bundle = await ensureWorkerBundle();
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.close();
});

/** Dockerfile instructions of one stage, continuation lines joined, comments dropped. */
function stages(dockerfile: string): { name: string; from: string; instructions: string[] }[] {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const result: { name: string; from: string; instructions: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) result.push({ from: from[1]!, name: from[2] ?? String(result.length), instructions: [] });
    else result.at(-1)?.instructions.push(line);
  }
  return result;
}

describe('worker bundle', () => {
  it('runs with plain node from an empty directory, SDK included (no node_modules anywhere on the path)', async () => {
    // Prepare: only the bundle, in a fresh directory outside the repository.
    const dir = mkdtempSync(join(tmpdir(), 'sfn-ecs-bundle-'));
    try {
      copyFileSync(bundle, join(dir, 'worker.mjs'));
      const env = { ...s3.env, MODE: 'compute', ARTIFACT_PREFIX: 'bundle/', TASK_INPUT: '{"size":8,"steps":3}' };

      // Act
      const run = await runWorker(env, undefined, { bundle: join(dir, 'worker.mjs'), cwd: dir });

      // Assess
      expect(run.code, run.stderr).toBe(0);
      expect(run.result).toMatchObject({ status: 'succeeded', manifest: `s3://${s3.bucket}/bundle/manifest.json` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const all = stages(dockerfile);
  const runtime = all.at(-1)!;

  it('is multi-stage: a build stage that runs npm ci and the bundle build', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    const build = all[0]!.instructions.join('\n');
    expect(build).toMatch(/RUN npm ci/);
    expect(build).toMatch(/RUN node scripts\/build\.mjs/);
  });

  it('runs a slim Node image as a non-root user with only the bundle copied in', () => {
    expect(runtime.from).toMatch(/^node:\d+[\w.-]*-slim$/);
    const users = runtime.instructions.filter((i) => /^USER\s/i.test(i));
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^USER\s+(root|0)(:|\s|$)/i);
    const copies = runtime.instructions.filter((i) => /^(COPY|ADD)\s/i.test(i));
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatch(new RegExp(`--from=${all[0]!.name}\\b`));
    expect(copies[0]).toMatch(/\/dist\/worker\.mjs\s+\S+$/);
    expect(runtime.instructions.some((i) => /^RUN\s/i.test(i))).toBe(false);
  });

  it('starts the bundle with node in exec form', () => {
    const entrypoint = runtime.instructions.find((i) => /^ENTRYPOINT\s/i.test(i))!;
    const args = JSON.parse(entrypoint.replace(/^ENTRYPOINT\s+/i, '')) as string[];
    expect(args[0]).toBe('node');
    expect(args[1]).toMatch(/worker\.mjs$/);
  });

  it('keeps the build context small with a .dockerignore', () => {
    const ignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignore).toContain('*');
    expect(ignore).not.toContain('!node_modules/');
    expect(ignore).toEqual(expect.arrayContaining(['!package.json', '!package-lock.json', '!worker/']));
  });
});
