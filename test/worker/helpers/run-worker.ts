import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { WORKER_BUNDLE } from './worker-bundle.js';

export interface WorkerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The last stdout line, parsed. */
  result: Record<string, any> | undefined;
  /** stderr lines parsed as JSON (non-JSON lines dropped). */
  logs: Record<string, any>[];
}

/** Hard limit on one worker run in tests, so a hung worker fails the test instead of hanging it. */
const RUN_TIMEOUT_MS = 45_000;

/**
 * Starts the bundled worker as a real child process with exactly `env` (plus PATH), and resolves when
 * it exits. `onStart` gets the child, e.g. to send it a signal.
 */
export function runWorker(
  env: Record<string, string | undefined>,
  onStart?: (child: ChildProcess) => void,
  where: { bundle: string; cwd: string } = { bundle: WORKER_BUNDLE, cwd: '/' },
): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [where.bundle], {
      cwd: where.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker did not exit within ${RUN_TIMEOUT_MS} ms\nstderr:\n${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = stdout.trim().split('\n');
      let result: Record<string, any> | undefined;
      try {
        result = JSON.parse(lines.at(-1) ?? '');
      } catch {
        result = undefined;
      }
      const logs = stderr
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, any>];
          } catch {
            return [];
          }
        });
      resolve({ code, signal, stdout, stderr, result, logs });
    });
    onStart?.(child);
  });
}

/** Resolves when a stderr log line with this message has appeared `times` times (bounded by `timeoutMs`). */
export function waitForLog(child: ChildProcess, message: string, timeoutMs = 20_000, times = 1): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "${message}" log within ${timeoutMs} ms`)), timeoutMs);
    child.stderr!.on('data', (d: Buffer | string) => {
      seen += d.toString();
      if (seen.split(`"message":"${message}`).length > times) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
