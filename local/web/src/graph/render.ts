/**
 * Draws a laid-out state machine graph as SVG: groups nest (an edge's coordinates are relative to the
 * group holding it, as ELK gives them), each state is a focusable button, and statuses repaint in place.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { svg } from '../dom.js';
import type { StateSummary } from '../execution-model.js';
import type { GraphModel } from './asl-graph.js';

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

function edgePath(edge: ElkExtendedEdge): string {
  return (edge.sections ?? [])
    .map((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' '))
    .join(' ');
}

export function drawGraph(laidOut: ElkNode, model: GraphModel, onSelect: (name: string) => void): DrawnGraph {
  const stateElements = new Map<string, SVGGElement>();
  const root = svg('svg', {
    class: 'graph',
    width: '100%',
    viewBox: `0 0 ${Math.ceil(laidOut.width ?? 0)} ${Math.ceil(laidOut.height ?? 0)}`,
    role: 'group',
    'aria-label': 'State machine graph',
  });
  const defs = svg('defs');
  for (const kind of ['next', 'choice', 'default', 'catch', 'start', 'end']) {
    defs.append(svg('marker', { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrowhead ${kind}` })));
  }
  root.append(defs);
  // Fits the holder's width, never drawn larger than its natural size (CSSOM: the page's CSP allows no style attribute).
  root.style.maxWidth = `${Math.ceil(laidOut.width ?? 0)}px`;
  // Shrunk at most to 70% so labels stay readable; the holder scrolls beyond that.
  root.style.minWidth = `${Math.ceil((laidOut.width ?? 0) * 0.7)}px`;

  const drawScope = (node: ElkNode, parent: SVGElement): void => {
    for (const edge of node.edges ?? []) {
      const kind = model.edgeKinds.get(edge.id) ?? 'next';
      const group = svg('g', { class: `edge ${kind}` });
      group.append(svg('path', { d: edgePath(edge), 'marker-end': `url(#arrow-${kind})` }));
      for (const label of edge.labels ?? []) {
        const title = model.edgeTitles.get(edge.id);
        const labelGroup = svg('g', { class: 'edge-label', transform: `translate(${label.x ?? 0},${label.y ?? 0})` });
        labelGroup.append(svg('rect', { width: label.width ?? 0, height: label.height ?? 0, rx: 3 }), svg('text', { x: 4, y: 13 }, label.text ?? ''));
        if (title) labelGroup.append(svg('title', {}, title));
        group.append(labelGroup);
      }
      parent.append(group);
    }
    for (const child of node.children ?? []) {
      const x = child.x ?? 0;
      const y = child.y ?? 0;
      if (child.id === '__start' || child.id === '__end') {
        parent.append(svg('g', { class: 'terminal', transform: `translate(${x},${y})` }, svg('rect', { width: child.width ?? 0, height: child.height ?? 0, rx: 14 }), svg('text', { x: (child.width ?? 0) / 2, y: 18, 'text-anchor': 'middle' }, child.id === '__start' ? 'Start' : 'End')));
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
      group.append(svg('rect', { class: 'box', width: child.width ?? 0, height: child.height ?? 0, rx: info?.group ? 8 : 6 }));
      group.append(svg('text', { class: 'name', x: 12, y: 20 }, info?.name ?? child.id));
      if (info?.subtitle) group.append(svg('text', { class: 'subtitle', x: 12, y: 37 }, info.subtitle));
      if (isState) {
        const badge = svg('text', info?.group ? { class: 'status-text', x: (child.width ?? 0) - 10, y: 20, 'text-anchor': 'end' } : { class: 'status-text', x: 12, y: 54 }, '');
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
    },
  };
}
