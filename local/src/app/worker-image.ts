/**
 * The image every container runs by default: this package's bundled worker (`npm run build` writes
 * dist/worker.mjs), run by the current Node. Only the wiring knows where this package lives; the ECS
 * emulation takes whichever resolver it is given.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageCommand } from '../integrations/ecs/ecs-service.js';

/** Every image runs the worker bundle; undefined (CannotPullContainerError) when it is not built. */
export function resolveWorkerImage(): ImageCommand | undefined {
  const bundle = join(projectRoot(), 'dist', 'worker.mjs');
  return existsSync(bundle) ? { executable: process.execPath, args: [bundle] } : undefined;
}

let cachedRoot: string | undefined;
/** The sfn-ecs package root, found from this file (src or bundled dist) upwards. */
function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth += 1) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'sfn-ecs') return (cachedRoot = dir);
      } catch {
        // not ours; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (cachedRoot = process.cwd());
}
