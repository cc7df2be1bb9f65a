/** Runtimes and data folders a test opens, closed and removed after each test whatever it asserted. */
import { rm } from 'node:fs/promises';
import { afterEach } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';

export function testRuntimes(): {
  /** A runtime on `dataDir` in this project, its warnings pushed to `warnings`. */
  open(dataDir: string, warnings?: string[]): Promise<Runtime>;
  /** Closes a runtime before the test ends (e.g. to restart on the same folder). */
  close(runtime: Runtime): Promise<void>;
  /** Removes `dir` after the test. */
  removeLater(dir: string): void;
} {
  const opened: Runtime[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((r) => r.close()));
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return {
    async open(dataDir, warnings = []) {
      const runtime = await createRuntime({ rootDir: process.cwd(), dataDir, onWarning: (m) => warnings.push(m) });
      opened.push(runtime);
      return runtime;
    },
    async close(runtime) {
      opened.splice(opened.indexOf(runtime), 1);
      await runtime.close();
    },
    removeLater(dir) {
      dirs.push(dir);
    },
  };
}
