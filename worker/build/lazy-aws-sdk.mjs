// esbuild plugin for the worker bundle: the AWS SDK packages the worker imports are bundled once as
// CommonJS, brotli-compressed into a base64 string inside the bundle, and decompressed and compiled
// only on first use. Start-up no longer parses ~700 kB of SDK code (V8 only scans a ~150 kB string),
// so modes that need no SDK (echo) start faster, and the bundle is smaller.
// Without this plugin the worker builds and runs the same, just with a slower start.
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';

/** The SDK entry points the worker loads with dynamic import(). */
export const LAZY_AWS_PACKAGES = ['@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@aws-sdk/client-sfn'];
const FILTER = /^@aws-sdk\/(client-s3|lib-storage|client-sfn)$/;
const RUNTIME = 'lazy-aws-sdk:runtime';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** @returns {import('esbuild').Plugin} */
export function lazyAwsSdk({ minify = true } = {}) {
  return {
    name: 'lazy-aws-sdk',
    setup(b) {
      b.onResolve({ filter: FILTER }, (args) => ({ path: args.path, namespace: 'lazy-aws-sdk' }));
      b.onResolve({ filter: /^lazy-aws-sdk:runtime$/ }, () => ({ path: RUNTIME, namespace: 'lazy-aws-sdk-runtime' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-aws-sdk-runtime' }, async () => {
        const inner = await build({
          stdin: {
            contents: `module.exports = {${LAZY_AWS_PACKAGES.map((p) => `${JSON.stringify(p)}: require(${JSON.stringify(p)})`).join(',')}};`,
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
        return {
          loader: 'js',
          contents: [
            "import { createRequire } from 'node:module';",
            "import { brotliDecompressSync } from 'node:zlib';",
            `const packed = ${JSON.stringify(compressed.toString('base64'))};`,
            'let loaded;',
            'export function load() {',
            '  if (!loaded) {',
            '    const module = { exports: {} };',
            "    const source = brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');",
            "    new Function('require', 'module', 'exports', source)(createRequire(import.meta.url), module, module.exports);",
            '    loaded = module.exports;',
            '  }',
            '  return loaded;',
            '}',
          ].join('\n'),
        };
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-aws-sdk' }, async (args) => {
        const names = Object.keys(await import(args.path)).filter((n) => n !== 'default' && n !== '__esModule' && IDENTIFIER.test(n));
        return {
          loader: 'js',
          resolveDir: process.cwd(),
          contents: `import { load } from '${RUNTIME}';\nexport const { ${names.join(', ')} } = load()[${JSON.stringify(args.path)}];\n`,
        };
      });
    },
  };
}
