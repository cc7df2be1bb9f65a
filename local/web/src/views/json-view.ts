/** JSON as a collapsible tree (details/summary, so it opens with the keyboard too); text that is not JSON as is. */
import { h } from '../dom.js';

const OPEN_DEPTH = 2;

function node(key: string | undefined, value: unknown, depth: number): HTMLElement {
  const label = key !== undefined ? h('span', { class: 'json-key' }, `${key}: `) : null;
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    const details = h('details', { class: 'json-node', open: depth < OPEN_DEPTH }, h('summary', {}, label, h('span', { class: 'json-summary' }, summary)));
    const list = h('div', { class: 'json-children' });
    for (const [k, v] of entries) list.append(node(k, v, depth + 1));
    details.append(list);
    return details;
  }
  return h('div', { class: 'json-leaf' }, label, h('span', { class: `json-${value === null ? 'null' : typeof value}` }, JSON.stringify(value)));
}

export function jsonView(text: string | undefined, title: string): HTMLElement {
  const section = h('section', { class: 'json-view', 'aria-label': title }, h('h3', {}, title));
  if (text === undefined) {
    section.append(h('p', { class: 'muted' }, 'none'));
    return section;
  }
  try {
    section.append(node(undefined, JSON.parse(text), 0));
  } catch {
    section.append(h('pre', {}, text));
  }
  return section;
}

export function jsonValueView(value: unknown): HTMLElement {
  return node(undefined, value, 0);
}
