/**
 * Draws a laid-out state machine graph as SVG: groups nest (an edge's coordinates are relative to the
 * group holding it), each state is a focusable button, and statuses repaint in place.
 */
import { svg } from '../dom.js';
import type { StateSummary } from '../execution-model.js';
import type { GraphModel } from './asl-graph.js';
import type { PlacedNode, Point } from './layout.js';

export const STATUS_WORDS: Record<string, string> = {
  'not-reached': 'not reached',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  caught: 'caught',
  aborted: 'stopped',
};

export interface DrawnGraph {
  readonly element: SVGSVGElement;
  /** Colours each state by what happened (states missing from the map were not reached). */
  paint(statuses: Map<string, StateSummary> | undefined): void;
  select(name: string | undefined): void;
}

const at = (p: Point): string => `${Math.round(p.x * 10) / 10},${Math.round(p.y * 10) / 10}`;

/**
 * A smooth path through dagre's edge points: a uniform B-spline as cubic Béziers, ending on the last
 * point (the same curve as d3-shape's curveBasis, written out rather than adding d3 for one function).
 */
export function edgePath(points: readonly Point[]): string {
  if (points.length < 3) return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${at(p)}`).join(' ');
  let [a, b] = [points[0]!, points[1]!];
  const parts = [`M${at(a)}`, `L${at({ x: (5 * a.x + b.x) / 6, y: (5 * a.y + b.y) / 6 })}`];
  const segment = (c: Point): void => {
    parts.push(`C${at({ x: (2 * a.x + b.x) / 3, y: (2 * a.y + b.y) / 3 })} ${at({ x: (a.x + 2 * b.x) / 3, y: (a.y + 2 * b.y) / 3 })} ${at({ x: (a.x + 4 * b.x + c.x) / 6, y: (a.y + 4 * b.y + c.y) / 6 })}`);
  };
  for (const c of points.slice(2)) {
    segment(c);
    [a, b] = [b, c];
  }
  segment(b);
  parts.push(`L${at(b)}`);
  return parts.join(' ');
}

export function drawGraph(laidOut: PlacedNode, model: GraphModel, onSelect: (name: string) => void): DrawnGraph {
  const stateElements = new Map<string, SVGGElement>();
  const root = svg('svg', {
    class: 'graph',
    width: '100%',
    viewBox: `0 0 ${Math.ceil(laidOut.width)} ${Math.ceil(laidOut.height)}`,
    role: 'group',
    'aria-label': 'State machine graph',
  });
  const defs = svg('defs');
  for (const kind of ['next', 'choice', 'default', 'catch', 'start', 'end']) {
    defs.append(svg('marker', { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrowhead ${kind}` })));
  }
  root.append(defs);
  // Fits the holder's width, never drawn larger than its natural size (CSSOM: the page's CSP allows no style attribute).
  root.style.maxWidth = `${Math.ceil(laidOut.width)}px`;
  // Shrunk at most to 70% so labels stay readable; the holder scrolls beyond that.
  root.style.minWidth = `${Math.ceil(laidOut.width * 0.7)}px`;

  const drawScope = (node: PlacedNode, parent: SVGElement): void => {
    for (const edge of node.edges ?? []) {
      const kind = model.edgeKinds.get(edge.id) ?? 'next';
      const group = svg('g', { class: `edge ${kind}` });
      group.append(svg('path', { d: edgePath(edge.points), 'marker-end': `url(#arrow-${kind})` }));
      const label = edge.label;
      if (label) {
        const title = model.edgeTitles.get(edge.id);
        const labelGroup = svg('g', { class: 'edge-label', transform: `translate(${label.x},${label.y})` });
        labelGroup.append(svg('rect', { width: label.width, height: label.height, rx: 3 }), svg('text', { x: 4, y: 13 }, label.text));
        if (title) labelGroup.append(svg('title', {}, title));
        group.append(labelGroup);
      }
      parent.append(group);
    }
    for (const child of node.children ?? []) {
      const { x, y } = child;
      if (child.id === '__start' || child.id === '__end') {
        parent.append(svg('g', { class: 'terminal', transform: `translate(${x},${y})` }, svg('rect', { width: child.width, height: child.height, rx: 14 }), svg('text', { x: child.width / 2, y: 18, 'text-anchor': 'middle' }, child.id === '__start' ? 'Start' : 'End')));
        continue;
      }
      const info = model.nodes.get(child.id);
      const isState = info?.type !== 'Branch';
      const group = svg('g', {
        class: `node ${info?.group ? 'group' : 'state'} type-${info?.type ?? ''} status-not-reached`,
        transform: `translate(${x},${y})`,
        'data-state': child.id,
        ...(isState ? { tabindex: 0, role: 'button', 'aria-label': `${child.id}, ${info?.type ?? ''} state, not reached` } : {}),
      });
      group.append(svg('rect', { class: 'box', width: child.width, height: child.height, rx: info?.group ? 8 : 6 }));
      group.append(svg('text', { class: 'name', x: 12, y: 20 }, info?.name ?? child.id));
      if (info?.subtitle) group.append(svg('text', { class: 'subtitle', x: 12, y: 37 }, info.subtitle));
      if (isState) {
        const badge = svg('text', info?.group ? { class: 'status-text', x: child.width - 10, y: 20, 'text-anchor': 'end' } : { class: 'status-text', x: 12, y: 54 }, '');
        group.append(badge);
        const choose = (): void => onSelect(child.id);
        group.addEventListener('click', (event) => {
          if ((event.target as Element).closest('.node') === group) choose();
        });
        group.addEventListener('keydown', (event) => {
          if ((event.key === 'Enter' || event.key === ' ') && (event.target as Element) === group) {
            event.preventDefault();
            choose();
          }
        });
        stateElements.set(child.id, group);
      }
      parent.append(group);
      if (child.children) drawScope(child, group);
    }
  };
  drawScope(laidOut, root);

  return {
    element: root,
    paint(statuses) {
      for (const [name, element] of stateElements) {
        const summary = statuses?.get(name);
        const status = summary?.status ?? 'not-reached';
        element.classList.remove(...[...element.classList].filter((c) => c.startsWith('status-')));
        element.classList.add(`status-${status}`);
        // A callback task is waiting for someone to send its token back: say so.
        const waiting = status === 'running' && model.nodes.get(name)?.subtitle.endsWith('.waitForTaskToken');
        const word = statuses ? (waiting ? 'waiting for its task token' : STATUS_WORDS[status]!) : '';
        const extra = summary && summary.retries > 0 ? ` · retried ${summary.retries}×` : '';
        const badge = element.querySelector(':scope > .status-text');
        if (badge) badge.textContent = `${word}${extra}`;
        element.setAttribute('data-status', status);
        element.setAttribute('aria-label', `${name}, ${model.nodes.get(name)?.type ?? ''} state, ${statuses ? word : 'definition'}${extra}`);
      }
    },
    select(name) {
      for (const [stateName, element] of stateElements) element.classList.toggle('selected', stateName === name);
      // In a graph wider than its holder, the chosen state is scrolled fully into view.
      if (name) stateElements.get(name)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    },
  };
}
