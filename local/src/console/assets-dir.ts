/** Where the built console (dist/console: script, style, icon) is, from the CLI bundle, the source or any bundle in the project. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders above this module searched for dist/console (dist/cli.mjs is 1 up, local/src/console/ 3). */
const MAX_LEVELS = 6;

/** The folder holding console.js; undefined when the console has not been built (`npm run build`). */
export function consoleAssetsDir(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = dirname(from);
  for (let level = 0; level < MAX_LEVELS; level += 1) {
    for (const candidate of [join(dir, 'console'), join(dir, 'dist', 'console')]) {
      if (existsSync(join(candidate, 'console.js'))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
