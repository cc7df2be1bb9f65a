import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { workerBundleOptions } from '../../../worker/build/worker-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The bundle the tests run: the same file the image runs. */
export const WORKER_BUNDLE = join(root, 'dist/worker.mjs');

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/worker.mjs when it is missing or older than worker/, with worker/build/worker-bundle.mjs
 * (only the worker entry, so a half-edited other bundle cannot break the worker tests). Written to a
 * temporary name then renamed, so parallel test files never run a half-written bundle.
 */
export async function ensureWorkerBundle(): Promise<string> {
  const sourceMs = newestSourceMs(join(root, 'worker'));
  let bundleMs = 0;
  try {
    bundleMs = statSync(WORKER_BUNDLE).mtimeMs;
  } catch {
    bundleMs = 0;
  }
  if (bundleMs >= sourceMs) return WORKER_BUNDLE;
  mkdirSync(dirname(WORKER_BUNDLE), { recursive: true });
  const temporary = `${WORKER_BUNDLE}.${process.pid}.tmp`;
  await build({ ...workerBundleOptions(temporary), absWorkingDir: root });
  renameSync(temporary, WORKER_BUNDLE);
  return WORKER_BUNDLE;
}
