// Bundles the worker into one self-contained file (the container image runs only this file),
// the local runtime's CLI into one file that loads its npm dependencies from node_modules, and the
// web console (dist/console: script, style, and ELK's layout worker, loaded only for graphs).
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
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
  bundle: true,
  minify: true,
  platform: 'browser',
  target: 'es2022',
  format: 'esm',
  logLevel: 'warning',
};
if (existsSync(consoleBundle.entryPoints[0])) {
  mkdirSync('dist/console', { recursive: true });
  copyFileSync('node_modules/elkjs/lib/elk-worker.min.js', 'dist/console/elk-worker.js');
  copyFileSync('local/web/favicon.svg', 'dist/console/favicon.svg');
  bundles.push(consoleBundle);
}

await Promise.all(bundles.filter((b) => existsSync(b.entryPoints[0])).map((b) => build(b)));
