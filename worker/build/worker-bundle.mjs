// esbuild options for dist/worker.mjs, shared by the worker's tests and benchmark (and proposed for
// scripts/build.mjs): one self-contained ESM file that runs with plain node; SDK and ws compiled on first use.
import { lazyPackages } from './lazy-packages.mjs';

/** @param {string} outfile @returns {import('esbuild').BuildOptions} */
export function workerBundleOptions(outfile = 'dist/worker.mjs') {
  return {
    entryPoints: ['worker/src/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    // ESM bundles that contain CommonJS dependencies need a real `require`.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [lazyPackages()],
  };
}
