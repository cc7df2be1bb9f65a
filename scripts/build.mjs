// Bundles the worker into one self-contained file (the container image runs only this file),
// the local runtime's CLI into one file that loads its npm dependencies from node_modules, and the
// web console (dist/console: the script, the graph layout chunk, the style sheet, the icon).
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { workerBundleOptions } from '../worker/build/worker-bundle.mjs';

const bundles = [
  workerBundleOptions('dist/worker.mjs'),
  {
    entryPoints: ['local/src/cli/main.ts'],
    outfile: 'dist/cli.mjs',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  },
];

const consoleBundle = {
  entryPoints: ['local/web/src/main.ts', 'local/web/console.css'],
  outdir: 'dist/console',
  entryNames: 'console',
  // The graph layout (dagre) is a chunk loaded only by the pages that draw a graph.
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  platform: 'browser',
  target: 'es2022',
  format: 'esm',
  logLevel: 'warning',
};
if (existsSync(consoleBundle.entryPoints[0])) {
  // Emptied first: the console serves every file in the folder, so none may linger from an older build.
  rmSync('dist/console', { recursive: true, force: true });
  mkdirSync('dist/console', { recursive: true });
  copyFileSync('local/web/favicon.svg', 'dist/console/favicon.svg');
  bundles.push(consoleBundle);
}

await Promise.all(bundles.filter((b) => existsSync(b.entryPoints[0])).map((b) => build(b)));
