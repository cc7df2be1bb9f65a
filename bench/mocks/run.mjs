// Mocked-executions benchmark: `node bench/mocks/run.mjs` (see RESULTS.md beside this file).
import { runTypeScript } from '../lib/run-typescript.mjs';

await runTypeScript(new URL('./mock-bench.ts', import.meta.url));
