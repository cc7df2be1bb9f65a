// Graph layout benchmark: `node bench/console/layout.mjs`. Lays out every definition the project has
// with the console's dagre layout and prints the slowest; the last line is one JSON object.
import { runTypeScript } from '../lib/run-typescript.mjs';

await runTypeScript(new URL('./layout-bench.ts', import.meta.url));
