/**
 * `run` while `sfn-ecs serve` owns the data folder (issue 16.3): the run goes through that serve's API,
 * so its execution is the serve's and the `history` hint it prints finds it; Ctrl-C stops it there; a
 * serve that dies mid-run is a clear error; a serve's stale lock leaves `run` standalone as before.
 * Real processes: `node bin/sfn-ecs.js serve --port 0` and `run` on the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorkerBundle } from '../e2e/helpers.js';

const LONG_INPUT = `{"mode":"echo","input":{"message":"long","processingSeconds":120}}`;

/** A newcomer's environment: no AWS or SFN settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_') && !name.startsWith('SFN_')) env[name] = value;
  return { ...env, NO_COLOR: '1' };
}

interface Running {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
  /** Resolves when stderr matches (rejects if the process ends first). */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
}

function start(args: readonly string[]): Running {
  const child = spawn('node', ['bin/sfn-ecs.js', ...args], { cwd: process.cwd(), env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('close', (status) => resolve(status))),
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const match = pattern.exec(running.stderr);
          if (match) resolve(match);
          return match !== null;
        };
        if (check()) return;
        const onData = (): void => {
          if (check()) child.stderr!.off('data', onData);
        };
        child.stderr!.on('data', onData);
        void running.exited.then(() => check() || reject(new Error(`exited before ${pattern}:\n${running.stderr}`)));
      }),
  };
  child.stdout!.on('data', (chunk: Buffer) => (running.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (running.stderr += chunk.toString()));
  return running;
}

async function finish(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const running = start(args);
  const status = await running.exited;
  return { status, stdout: running.stdout, stderr: running.stderr };
}

async function startServe(dataDir: string): Promise<{ serve: Running; endpoint: string }> {
  const serve = start(['serve', '--port', '0', '--data-dir', dataDir]);
  const [, endpoint] = await serve.waitFor(/serving on (http:\/\/127\.0\.0\.1:\d+)/);
  return { serve, endpoint: endpoint! };
}

let dataDir: string;
beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-run-on-serve-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('run while serve owns the data folder', () => {
  it('runs on the serve: same output as standalone, the serve sees it, the history hint finds it; Ctrl-C stops it there; shutdown lists only what it stopped', async () => {
    const { serve, endpoint } = await startServe(dataDir);
    try {
      const run = await finish(['run', 'sync', '--input', '@events/sync-echo.json', '--data-dir', dataDir]);
      expect(run.stderr).toContain(`sfn-ecs: using the sfn-ecs serve running on ${endpoint} (pid ${serve.child.pid})`);
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/▷ task \w+ started \(ecs:runTask\.sync\)/);
      expect(run.stderr).toMatch(/✔ SUCCEEDED in/);
      expect(run.stderr).toMatch(/^artifacts \(each with its file/m);
      expect(run.stderr).toMatch(/^cost: {4}≈ \$/m);
      expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'echo', exitCode: 0 });
      const name = /· execution (\S+)/.exec(run.stderr)![1]!;
      expect(serve.stderr).toMatch(new RegExp(`succeeded +arn:aws:states:[^ ]+:execution:sync:${name}`));

      const hint = /^history: npx sfn-ecs (history \S+ --local --data-dir \S+)/m.exec(run.stderr)![1]!;
      const history = await finish(hint.split(' '));
      expect(history.stderr).toContain(`using the sfn-ecs serve running on ${endpoint}`);
      expect(history.status).toBe(0);
      expect(history.stdout).toContain('ExecutionSucceeded');

      // A test case needs the serve to have that mock config: refused with what to do.
      const mocked = await finish(['run', 'sync', '--mock-config', 'no-such-mocks.json', '--test-case', 'HappyPath', '--data-dir', dataDir]);
      expect(mocked.status).toBe(1);
      expect(mocked.stderr).toContain(`The sfn-ecs serve running on ${endpoint} (pid ${serve.child.pid}) owns the data folder and has no mock config: restart it with --mock-config`);

      // replay needs the folder to itself: refused, naming the serve.
      const replay = await finish(['replay', 'events/sync-echo.json', '--data-dir', dataDir]);
      expect(replay.status).toBe(1);
      expect(replay.stderr).toContain(`is in use by another sfn-ecs runtime (pid ${serve.child.pid}`);
      expect(replay.stderr).toContain(`It is the sfn-ecs serve running on ${endpoint}`);

      // stop on an execution that has ended stops nothing, says so, and exits 1.
      const stop = await finish(['stop', name, '--local', '--data-dir', dataDir]);
      expect(stop.status).toBe(1);
      expect(stop.stderr).toMatch(new RegExp(`sfn-ecs: nothing stopped: \\S+:${name} had already ended \\(SUCCEEDED at \\d{4}-`));

      // Ctrl-C of a run on the serve stops its execution there, as a standalone run stops its own.
      const long = start(['run', 'sync', '--input', LONG_INPUT, '--data-dir', dataDir]);
      await long.waitFor(/▷ task \w+ started/);
      const longName = /· execution (\S+)/.exec(long.stderr)![1]!;
      long.child.kill('SIGINT');
      expect(await long.exited).toBe(1);
      expect(long.stderr).toContain('stopping the execution');
      expect(long.stderr).toMatch(/ABORTED/);
      await serve.waitFor(new RegExp(`aborted +\\S+:${longName}`));

      // Shutdown lists the executions it stopped itself, not the ones that ended before.
      const left = start(['run', 'sync', '--input', LONG_INPUT, '--data-dir', dataDir]);
      await left.waitFor(/▷ task \w+ started/);
      const leftName = /· execution (\S+)/.exec(left.stderr)![1]!;
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
      const atShutdown = serve.stderr.slice(serve.stderr.indexOf('shutting down'));
      expect(atShutdown).toMatch(new RegExp(`aborted +\\S+:${leftName}`));
      expect(atShutdown).not.toContain(longName);
      await left.exited;
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  }, 300_000);

  it('a serve that dies mid-run is a clear error; its stale lock then leaves run standalone as before', async () => {
    const { serve, endpoint } = await startServe(dataDir);
    const run = start(['run', 'sync', '--input', LONG_INPUT, '--data-dir', dataDir]);
    await run.waitFor(/▷ task \w+ started/);
    serve.child.kill('SIGKILL');
    await serve.exited;
    expect(await run.exited).toBe(1);
    expect(run.stderr).toContain(`sfn-ecs: the sfn-ecs serve on ${endpoint} (pid ${serve.child.pid}) stopped answering while execution`);
    expect(run.stderr).toMatch(/Cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);

    const standalone = await finish(['run', 'sync', '--input', '@events/sync-echo.json', '--data-dir', dataDir]);
    expect(standalone.stderr).not.toContain('using the sfn-ecs serve');
    expect(standalone.stderr).toContain(`the runtime that held ${dataDir} (pid ${serve.child.pid}`);
    expect(standalone.status).toBe(0);
  }, 300_000);
});
