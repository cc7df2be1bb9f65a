// esbuild plugin for the worker bundle: the packages the worker imports only dynamically (AWS SDK, ws)
// are bundled once as CommonJS, brotli-compressed into a base64 string inside the bundle, and
// decompressed and compiled on first use. Start-up no longer parses ~750 kB of library code (V8 only
// scans a ~200 kB string), so modes that need neither (echo) start faster, and the bundle is smaller.
// The bundle's banner must define `require` (scripts/build.mjs and worker-bundle.mjs do).
// Without this plugin the worker builds and runs the same, just with a slower start.
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';

/** The packages the worker loads with dynamic import() only: the AWS SDK clients and ws (stream mode). */
export const LAZY_PACKAGES = ['@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@aws-sdk/client-sfn', 'ws'];
const FILTER = /^(@aws-sdk\/(client-s3|lib-storage|client-sfn)|ws)$/;
const RUNTIME = 'lazy-packages:runtime';

/** @returns {import('esbuild').Plugin} */
export function lazyPackages({ minify = true } = {}) {
  return {
    name: 'lazy-packages',
    setup(b) {
      b.onResolve({ filter: FILTER }, (args) => ({ path: args.path, namespace: 'lazy-packages' }));
      b.onResolve({ filter: /^lazy-packages:runtime$/ }, () => ({ path: RUNTIME, namespace: 'lazy-packages-runtime' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-packages-runtime' }, async () => {
        const inner = await build({
          stdin: {
            contents: `module.exports = {${LAZY_PACKAGES.map((p) => `${JSON.stringify(p)}: require(${JSON.stringify(p)})`).join(',')}};`,
            resolveDir: process.cwd(),
            loader: 'js',
          },
          bundle: true,
          platform: 'node',
          target: 'node20',
          format: 'cjs',
          minify,
          legalComments: 'none',
          write: false,
          logLevel: 'error',
        });
        const compressed = brotliCompressSync(inner.outputFiles[0].contents, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
        // CommonJS shims: esbuild evaluates them only when first imported, and they carry no export lists.
        return {
          loader: 'js',
          contents: [
            `const packed = ${JSON.stringify(compressed.toString('base64'))};`,
            'let loaded;',
            'exports.load = function load() {',
            '  if (!loaded) {',
            '    const bundle = { exports: {} };',
            "    const source = require('node:zlib').brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');",
            "    new Function('require', 'module', 'exports', source)(require, bundle, bundle.exports);",
            '    loaded = bundle.exports;',
            '  }',
            '  return loaded;',
            '};',
          ].join('\n'),
        };
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-packages' }, (args) => ({
        loader: 'js',
        resolveDir: process.cwd(),
        contents: `module.exports = require('${RUNTIME}').load()[${JSON.stringify(args.path)}];\n`,
      }));
    },
  };
}
