// HTTP API benchmark: `node bench/api/run.mjs [runs]`. Prints a Markdown table and, as the last line,
// one JSON object for bench/run.mjs.
import { runTypeScript } from '../lib/run-typescript.mjs';

await runTypeScript(new URL('./api-bench.ts', import.meta.url));
