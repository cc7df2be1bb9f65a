// Bundles the worker into one self-contained file (the container image runs only this file)
// and the local runtime's CLI into one file that loads its npm dependencies from node_modules.
import { existsSync } from 'node:fs';
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

await Promise.all(bundles.filter((b) => existsSync(b.entryPoints[0])).map((b) => build(b)));
