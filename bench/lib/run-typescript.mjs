// Runs a TypeScript benchmark file: bundles it with esbuild next to itself (so its npm imports resolve
// from node_modules), imports the bundle, and removes it afterwards, whatever happens.
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** @param {URL} entry the .ts file, e.g. new URL('./engine-bench.ts', import.meta.url) */
export async function runTypeScript(entry) {
  const source = fileURLToPath(entry);
  const outfile = fileURLToPath(new URL(`./.${basename(source, '.ts')}-${process.pid}.mjs`, entry));
  try {
    await build({
      entryPoints: [source],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}
