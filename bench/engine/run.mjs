// Engine benchmark: `node bench/engine/run.mjs [executions]` (see RESULTS.md beside this file).
import { runTypeScript } from '../lib/run-typescript.mjs';

await runTypeScript(new URL('./engine-bench.ts', import.meta.url));
