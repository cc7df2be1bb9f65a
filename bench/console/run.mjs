// Console benchmark: `node bench/console/run.mjs [executions]`. Loads `/` in headless Chromium with that
// many executions in the runtime (default 1000) and prints the time until the first page of the
// executions table is on screen, plus the console's asset sizes; the last line is one JSON object.
import { runTypeScript } from '../lib/run-typescript.mjs';

await runTypeScript(new URL('./console-bench.ts', import.meta.url));
