/**
 * The folders of local/src import one way only: cli/testing -> app (the composition root) -> api ->
 * runtime -> engine -> asl. A folder that imports a folder above it, or two folders that import each
 * other, make a change in one place ripple through the others (and load order matter).
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycle as findPathCycle, relativeImports, sourceFiles } from '../helpers/import-graph.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../local/src');

/**
 * Each folder's layer: a folder may import only folders of a lower layer. A new folder gets a line here.
 * The engine and the ASL model sit at the bottom and do no I/O.
 */
const LAYERS: Readonly<Record<string, number>> = {
  asl: 0,
  errors: 0,
  net: 0,
  storage: 0,
  s3: 1,
  engine: 1,
  integrations: 2,
  mocks: 2,
  validation: 2,
  project: 3,
  logs: 3,
  clients: 3,
  runtime: 4,
  lint: 4,
  api: 5,
  cost: 4,
  console: 5,
  app: 6,
  testing: 7,
  cli: 7,
  '(root)': 8,
};
/** Folders that do I/O or serve: the engine and asl import none of them. */
const IO_FOLDERS = ['console', 'storage', 'integrations', 'runtime', 'api', 'app', 'cli', 's3', 'logs', 'clients', 'testing', 'mocks', 'net'];

function folderOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0]! : '(root)';
}

/** folder -> folder -> the imports (file: specifier) that make the edge. */
function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    for (const { specifier, target } of relativeImports(file)) {
      if (!target.startsWith(SRC + sep)) continue;
      const to = folderOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(to, [...(edges.get(to) ?? []), `${relative(SRC, file)}: ${specifier}`]);
    }
  }
  return graph;
}

/** The first folder cycle found, as a path that returns to its start. */
function findCycle(graph: Map<string, Map<string, string[]>>): string[] | undefined {
  return findPathCycle(graph.keys(), (folder) => graph.get(folder)?.keys() ?? []);
}

describe('local/src folder layering', () => {
  const graph = folderGraph();

  it('reads the imports of every folder', () => {
    expect(graph.get('app')?.has('runtime')).toBe(true);
    expect(graph.get('engine')?.has('asl')).toBe(true);
    expect(graph.get('testing')?.has('app')).toBe(true);
    expect(findCycle(new Map([['a', new Map([['b', []]])], ['b', new Map([['a', []]])]]))).toEqual(['a', 'b', 'a']);
  });

  it('has no two folders importing each other, directly or through others', () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it('gives every folder a layer', () => {
    const folders = new Set([...graph.keys(), ...[...graph.values()].flatMap((edges) => [...edges.keys()])]);
    expect([...folders].filter((folder) => LAYERS[folder] === undefined)).toEqual([]);
  });

  it('imports only downwards', () => {
    const upward: string[] = [];
    for (const [from, edges] of graph) {
      for (const [to, imports] of edges) {
        if ((LAYERS[to] ?? Infinity) >= (LAYERS[from] ?? -Infinity)) upward.push(`${from} -> ${to} (${imports.join(', ')})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps the engine and the ASL model free of I/O folders', () => {
    const io = ['engine', 'asl'].flatMap((folder) =>
      [...(graph.get(folder) ?? new Map<string, string[]>())].filter(([to]) => IO_FOLDERS.includes(to)).map(([to, imports]) => `${folder} -> ${to} (${imports.join(', ')})`),
    );
    expect(io).toEqual([]);
  });
});
