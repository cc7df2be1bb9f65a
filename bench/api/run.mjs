// HTTP API benchmark: `node bench/api/run.mjs [runs]`. Bundles api-bench.ts next to this file (its npm
// imports resolve from node_modules), runs it, removes the bundle. Prints a Markdown table and, as the
// last line, one JSON object for bench/run.mjs.
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const outfile = fileURLToPath(new URL(`./.api-bench-${process.pid}.mjs`, import.meta.url));
try {
  await build({
    entryPoints: [fileURLToPath(new URL('./api-bench.ts', import.meta.url))],
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
