/**
 * docs/testing.md's pattern, exactly: `npx sfn-ecs serve &` in a shell, then `kill` of that job. npm
 * does not pass SIGTERM on to its child, so the server must notice npm is gone and shut down (with
 * its workers): every process holding the output pipe ends, and the port closes.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureWorkerBundle } from '../e2e/helpers.js';

let dataDir: string;
beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-npx-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

it('npx sfn-ecs serve & … kill $!: the server and its workers exit, the port closes', async () => {
  const shell = spawn('sh', ['-c', 'npx sfn-ecs serve --port 0 --data-dir "$1" & echo "job $!"; wait', 'sh', dataDir], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const output = new Promise<void>((resolve) => shell.stderr.once('end', resolve));
  const ready = new Promise<{ job: number; port: number }>((resolve, reject) => {
    const check = (): void => {
      const job = /job (\d+)/.exec(stdout)?.[1];
      const port = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1];
      if (job && port) resolve({ job: Number(job), port: Number(port) });
    };
    shell.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), check()));
    shell.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), check()));
    shell.once('exit', () => reject(new Error(`the shell ended before serve was up:\n${stderr}`)));
  });
  const { job, port } = await ready;
  expect(await accepts(port)).toBe(true);
  process.kill(job, 'SIGTERM'); // the shell's `kill $!` (kill %1 names the same process without job control)
  await output; // every process that shares the output (npm, serve, workers) has exited
  expect(stderr).toContain('shutting down');
  expect(await accepts(port)).toBe(false);
}, 120_000);
