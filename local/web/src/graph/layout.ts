/**
 * Places a state machine graph with dagre (@dagrejs/dagre, a layered layout): each group is laid out
 * inside out, its inner states first, then the group as one node of that size in its parent, so edges
 * into and out of a Map or Parallel meet its border (dagre's own compound mode has no edges to groups).
 * It runs on the main thread, once per page: the project's largest machines take tens of milliseconds
 * at most, on a busy machine (bench/console/RESULTS.md).
 */
import dagre, { type EdgeLabel as DagreEdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { EdgeLabel, GraphEdge, GraphNode, Padding } from './asl-graph.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An edge in its scope's coordinates: a polyline, its label's top-left corner. */
export interface PlacedEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly points: readonly Point[];
  readonly label?: EdgeLabel & Point;
}

/** A node with its top-left corner relative to its parent group; a group's edges are in its own coordinates. */
export interface PlacedNode extends Point {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly children?: readonly PlacedNode[];
  readonly edges?: readonly PlacedEdge[];
}

const SPACING: GraphLabel = { rankdir: 'TB', nodesep: 20, ranksep: 40, edgesep: 12, marginx: 0, marginy: 0, rankalign: 'top' };
const LABEL_WEIGHT = 8;
const NO_PADDING: Padding = { top: 0, left: 0, bottom: 0, right: 0 };

/** State names are free text: a NUL keeps a label's node id apart from every state's. */
const labelNodeId = (edge: GraphEdge): string => `${edge.id}\u0000label`;

/** Places `node` at 0,0 and everything inside it. */
export function layout(node: GraphNode): PlacedNode {
  if (!node.children) return { id: node.id, x: 0, y: 0, width: node.width, height: node.height };
  const inner = node.children.map(layout);
  const graph = new dagre.graphlib.Graph<GraphLabel, NodeLabel, DagreEdgeLabel>({ multigraph: true });
  graph.setGraph({ ...SPACING });
  for (const child of inner) graph.setNode(child.id, { width: child.width, height: child.height });
  const edges = (node.edges ?? []).filter((e) => graph.hasNode(e.from) && graph.hasNode(e.to));
  // A label is a node of its own on the way, held right below its state by a heavy edge (dagre's own
  // edge labels float halfway along long edges).
  for (const edge of edges) {
    if (!edge.label) {
      graph.setEdge(edge.from, edge.to, {}, edge.id);
      continue;
    }
    const labelNode = labelNodeId(edge);
    graph.setNode(labelNode, { width: edge.label.width, height: edge.label.height });
    graph.setEdge(edge.from, labelNode, { weight: LABEL_WEIGHT }, `${edge.id}:to-label`);
    graph.setEdge(labelNode, edge.to, {}, `${edge.id}:from-label`);
  }
  // Nodes keep the order of a depth-first walk in definition order: a Choice's rules left to right,
  // Default last, as the ASL reads (dagre's crossing reduction reshuffles them for ties).
  if (inner.length > 0) dagre.layout(graph, { disableOptimalOrderHeuristic: true });
  const padding = node.padding ?? NO_PADDING;
  const contentWidth = inner.length > 0 ? (graph.graph().width ?? 0) : 0;
  const contentHeight = inner.length > 0 ? (graph.graph().height ?? 0) : 0;
  const width = Math.max(node.width, contentWidth + padding.left + padding.right);
  // Content narrower than the group's title is centred under it.
  const dx = padding.left + (width - padding.left - padding.right - contentWidth) / 2;
  const dy = padding.top;
  return {
    id: node.id,
    x: 0,
    y: 0,
    width,
    height: Math.max(node.height, contentHeight + padding.top + padding.bottom),
    children: inner.map((child) => {
      const placed = graph.node(child.id);
      return { ...child, x: (placed.x ?? 0) - child.width / 2 + dx, y: (placed.y ?? 0) - child.height / 2 + dy };
    }),
    edges: edges.map((edge) => {
      const shift = (points: readonly Point[] | undefined): Point[] => (points ?? []).map((p) => ({ x: p.x + dx, y: p.y + dy }));
      const { id, from, to } = edge;
      if (!edge.label) return { id, from, to, points: shift(graph.edge(from, to, id).points) };
      const labelNode = labelNodeId(edge);
      const box = graph.node(labelNode);
      return {
        id,
        from,
        to,
        points: [...shift(graph.edge(edge.from, labelNode, `${edge.id}:to-label`).points), ...shift(graph.edge(labelNode, edge.to, `${edge.id}:from-label`).points)],
        label: { ...edge.label, x: (box.x ?? 0) - edge.label.width / 2 + dx, y: (box.y ?? 0) - edge.label.height / 2 + dy },
      };
    }),
  };
}
