// Bundles the mocked-executions benchmark (TypeScript) with esbuild next to this file, runs it, removes it.
// The bundle stays in the project so its npm imports resolve from node_modules.
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const outfile = fileURLToPath(new URL(`./.mock-bench-${process.pid}.mjs`, import.meta.url));
try {
  await build({
    entryPoints: [fileURLToPath(new URL('./mock-bench.ts', import.meta.url))],
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
