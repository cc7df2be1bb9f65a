// StartExecution latency benchmark: `node bench/api/start-latency.mjs`. Prints one line per concurrency
// level and, as the last line, one JSON object for bench/run.mjs.
import { runTypeScript } from '../lib/run-typescript.mjs';

await runTypeScript(new URL('./start-latency.ts', import.meta.url));
