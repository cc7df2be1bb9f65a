/**
 * The engine's modules import each other in one direction only: an import cycle (types.ts and
 * task-tokens.ts once shared Clock both ways) makes load order matter and modules hard to read alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ENGINE = resolve(dirname(fileURLToPath(import.meta.url)), '../../local/src/engine');
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)\.js['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Relative imports (type-only ones included) that stay inside the engine folder. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(ENGINE)) {
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((match) => resolve(dirname(file), `${match[1]}.ts`))
      .filter((target) => target.startsWith(ENGINE));
    graph.set(file, targets);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('engine module graph', () => {
  it('reads every engine module and its imports', () => {
    const graph = importGraph();
    expect(graph.get(join(ENGINE, 'types.ts'))).toContain(join(ENGINE, 'clock.ts'));
    expect(graph.get(join(ENGINE, 'task-tokens.ts'))).toContain(join(ENGINE, 'clock.ts'));
  });

  it('has no import cycle', () => {
    const cycle = findCycle(importGraph());
    expect(cycle?.map((file) => relative(ENGINE, file))).toBeUndefined();
  });
});
