import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { aslGraph } from '../../local/web/src/graph/asl-graph.js';
import { layout, type PlacedNode, type Point } from '../../local/web/src/graph/layout.js';

async function laidOut(path: string) {
  const graph = aslGraph(JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>);
  return { graph, root: layout(graph.root) };
}

function find(node: PlacedNode, id: string): PlacedNode | undefined {
  if (node.id === id) return node;
  for (const child of node.children ?? []) {
    const found = find(child, id);
    if (found) return found;
  }
  return undefined;
}

const overlaps = (a: PlacedNode, b: PlacedNode): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every group holds its children inside its box, and no two siblings overlap. */
function expectNested(node: PlacedNode): void {
  const children = node.children ?? [];
  for (const child of children) {
    expect(child.x, `${child.id} inside ${node.id}`).toBeGreaterThanOrEqual(0);
    expect(child.y, `${child.id} inside ${node.id}`).toBeGreaterThanOrEqual(0);
    expect(child.x + child.width, `${child.id} inside ${node.id}`).toBeLessThanOrEqual(node.width + 0.5);
    expect(child.y + child.height, `${child.id} inside ${node.id}`).toBeLessThanOrEqual(node.height + 0.5);
    expectNested(child);
  }
  for (const [i, a] of children.entries()) for (const b of children.slice(i + 1)) expect(overlaps(a, b), `${a.id} and ${b.id} overlap`).toBe(false);
}

/** How far a point lies from a node's border (0 when on it). */
function distanceToBorder(p: Point, n: PlacedNode): number {
  const dx = Math.max(n.x - p.x, 0, p.x - (n.x + n.width));
  const dy = Math.max(n.y - p.y, 0, p.y - (n.y + n.height));
  const outside = Math.hypot(dx, dy);
  if (outside > 0) return outside;
  return Math.min(p.x - n.x, n.x + n.width - p.x, p.y - n.y, n.y + n.height - p.y);
}

describe('the graph laid out by dagre', () => {
  it('nests the fan-out Map around its inner states, with no state on top of another', async () => {
    const { root } = await laidOut('statemachines/fanout.asl.json');
    expectNested(root);
    const map = find(root, 'Run tasks')!;
    expect(map.children!.map((c) => c.id)).toEqual(expect.arrayContaining(['Start item', 'Run item', 'Back off']));
    // Room above the inner states for the group's name and kind.
    expect(Math.min(...map.children!.map((c) => c.y))).toBeGreaterThanOrEqual(52);
  });

  it('draws every edge from its source to its target, in and out of groups', async () => {
    const { root } = await laidOut('statemachines/fanout.asl.json');
    const map = find(root, 'Run tasks')!;
    const edges = [root, map].flatMap((scope) => (scope.edges ?? []).map((edge) => ({ scope, edge })));
    expect(edges.length).toBeGreaterThan(15);
    for (const { scope, edge } of edges) {
      const source = scope.children!.find((c) => c.id === edge.from)!;
      const target = scope.children!.find((c) => c.id === edge.to)!;
      expect(distanceToBorder(edge.points[0]!, source), `${edge.from} → ${edge.to} starts on ${edge.from}`).toBeLessThan(2);
      expect(distanceToBorder(edge.points.at(-1)!, target), `${edge.from} → ${edge.to} ends on ${edge.to}`).toBeLessThan(2);
    }
    // The Default edge into the Map ends on the Map's border; the Map's edge to End leaves from it.
    expect(edges.some(({ edge }) => edge.from === 'Known modes and valid input?' && edge.to === 'Run tasks')).toBe(true);
    expect(edges.some(({ edge }) => edge.from === 'Run tasks' && edge.to === '__end')).toBe(true);
  });

  it("stands a Choice's labelled edges left to right in the order of its rules, Default last, right below it", async () => {
    const { graph, root } = await laidOut('statemachines/callback.asl.json');
    const choice = find(root, 'Known mode and valid input?')!;
    const fromChoice = (root.edges ?? []).filter((e) => e.from === choice.id);
    const kinds = fromChoice.map((e) => graph.edgeKinds.get(e.id));
    expect(kinds).toEqual(['choice', 'choice', 'choice', 'default']);
    const labels = fromChoice.map((e) => e.label!);
    const xs = labels.map((l) => l.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(labels.at(-1)!.text).toBe('Default');
    for (const label of labels) expect(label.y).toBeGreaterThan(choice.y + choice.height);
    for (const label of labels) expect(label.y).toBeLessThan(choice.y + choice.height + 80);
  });

  it('places the branches of a Parallel side by side inside it', async () => {
    const { root } = await laidOut('test/fixtures/asl/order-pipeline.asl.json');
    expectNested(root);
    const parallel = find(root, 'Summarise')!;
    const [first, second] = parallel.children!;
    expect(first!.id).toBe('Summarise#branch1');
    expect(second!.id).toBe('Summarise#branch2');
    expect(first!.y).toBe(second!.y);
    expect(first!.x + first!.width).toBeLessThanOrEqual(second!.x);
    expect(find(first!, 'Count')).toBeDefined();
  });
});
