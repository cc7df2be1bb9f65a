import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The real worker bundle the local ECS runs; built once if a previous `npm test` has not. */
export function ensureWorkerBundle(): void {
  if (!existsSync(join(process.cwd(), 'dist', 'worker.mjs'))) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: process.cwd(), stdio: 'inherit', timeout: 120_000 });
  }
}

/**
 * PIDs of live processes whose environment has NAME=value (Linux /proc): the real containers' programs
 * (their `sh` shims, which lead each container's process group, are left out).
 */
export async function pidsWithEnv(name: string, value: string): Promise<number[]> {
  const needle = `${name}=${value}\0`;
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'latin1');
      if (!`${environ}\0`.includes(needle)) continue;
      if ((await readFile(`/proc/${entry}/cmdline`, 'latin1')).includes('\0sfn-ecs-shim\0')) continue;
      pids.push(Number(entry));
    } catch {
      // gone or not ours
    }
  }
  return pids;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie has exited; it only waits for its parent to read the status.
  try {
    return !/\)\s+Z\s/.test(execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

/** Polls `check` every 50 ms until it returns a value, failing after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
