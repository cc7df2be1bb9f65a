/**
 * Reads the relative imports of TypeScript sources and finds cycles in a graph of them: shared by the
 * engine's module-graph test and the folder-layering test over local/src.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Static imports and re-exports (type-only ones included) and dynamic import() of relative paths. */
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;

/** Every .ts source file under `dir` (declaration files left out). */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [join(dir, entry.name)] : [],
  );
}

function resolveImport(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  if (target.endsWith('.js')) return target.replace(/\.js$/, '.ts');
  return statSync(target, { throwIfNoEntry: false })?.isDirectory() ? join(target, 'index.ts') : `${target}.ts`;
}

/** The relative imports of `file`: each as written and as the absolute .ts file it names. */
export function relativeImports(file: string): { specifier: string; target: string }[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => {
    const specifier = (match[1] ?? match[2])!;
    return { specifier, target: resolveImport(file, specifier) };
  });
}

/** The first cycle found, as a path that returns to its start; undefined when there is none. */
export function findCycle<Node>(nodes: Iterable<Node>, next: (node: Node) => Iterable<Node>): Node[] | undefined {
  const state = new Map<Node, 'visiting' | 'done'>();
  const path: Node[] = [];
  const visit = (node: Node): Node[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const following of next(node)) {
      const cycle = visit(following);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}
