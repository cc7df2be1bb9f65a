// Bundles the worker into one self-contained file (the container image runs only this file)
// and the local runtime's CLI into one file that loads its npm dependencies from node_modules.
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning' };
// ESM bundles that contain CommonJS dependencies need a real `require`.
const requireShim = {
  js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};

const bundles = [
  { ...common, entryPoints: ['worker/src/main.ts'], outfile: 'dist/worker.mjs', minify: true, banner: requireShim, legalComments: 'none' },
  { ...common, entryPoints: ['local/src/cli/main.ts'], outfile: 'dist/cli.mjs', packages: 'external' },
];

await Promise.all(bundles.filter((b) => existsSync(b.entryPoints[0])).map((b) => build(b)));
