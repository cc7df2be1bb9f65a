/** Where the built console (dist/console: script, style, layout worker) is, from the CLI bundle or the source. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = [
  // dist/cli.mjs → dist/console
  new URL('./console/', import.meta.url),
  // local/src/console/assets-dir.ts → dist/console
  new URL('../../../dist/console/', import.meta.url),
];

/** The folder holding console.js; undefined when the console has not been built (`npm run build`). */
export function consoleAssetsDir(): string | undefined {
  for (const candidate of CANDIDATES) {
    const dir = fileURLToPath(candidate);
    if (existsSync(`${dir}console.js`)) return dir;
  }
  return undefined;
}
