// Runtime benchmark: `node bench/runtime/run.mjs`. Prints a Markdown table and, as the last line, one
// JSON object for bench/run.mjs.
import { runTypeScript } from '../lib/run-typescript.mjs';

await runTypeScript(new URL('./runtime-bench.ts', import.meta.url));
