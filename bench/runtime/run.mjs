// Runtime benchmark: `node bench/runtime/run.mjs`. Bundles runtime-bench.ts next to this file (its npm
// imports resolve from node_modules), runs it, removes the bundle. Prints a Markdown table and, as the
// last line, one JSON object for bench/run.mjs.
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const outfile = fileURLToPath(new URL(`./.runtime-bench-${process.pid}.mjs`, import.meta.url));
try {
  await build({
    entryPoints: [fileURLToPath(new URL('./runtime-bench.ts', import.meta.url))],
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
