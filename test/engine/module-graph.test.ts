/**
 * The engine's modules import each other in one direction only: an import cycle (types.ts and
 * task-tokens.ts once shared Clock both ways) makes load order matter and modules hard to read alone.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycle, relativeImports, sourceFiles } from '../helpers/import-graph.js';

const ENGINE = resolve(dirname(fileURLToPath(import.meta.url)), '../../local/src/engine');

/** Relative imports (type-only ones included) that stay inside the engine folder. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(ENGINE)) {
    graph.set(file, relativeImports(file).map(({ target }) => target).filter((target) => target.startsWith(ENGINE)));
  }
  return graph;
}

describe('engine module graph', () => {
  it('reads every engine module and its imports', () => {
    const graph = importGraph();
    expect(graph.get(join(ENGINE, 'types.ts'))).toContain(join(ENGINE, 'clock.ts'));
    expect(graph.get(join(ENGINE, 'task-tokens.ts'))).toContain(join(ENGINE, 'clock.ts'));
  });

  it('has no import cycle', () => {
    const graph = importGraph();
    const cycle = findCycle(graph.keys(), (file) => graph.get(file) ?? []);
    expect(cycle?.map((file) => relative(ENGINE, file))).toBeUndefined();
  });
});
