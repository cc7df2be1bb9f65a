/** The event history as a table, like AWS's: id, type, state, elapsed since the start, and each event's details on demand. */
import type { WireEvent } from '../api.js';
import { h } from '../dom.js';
import { dateTime } from '../format.js';
import type { ExecutionModel } from '../execution-model.js';
import { jsonValueView } from './json-view.js';

function detailsOf(event: WireEvent): Record<string, unknown> | undefined {
  for (const [key, value] of Object.entries(event)) if (key.endsWith('EventDetails') && value && typeof value === 'object') return value as Record<string, unknown>;
  return undefined;
}

/** Strings holding JSON shown as JSON. */
function expand(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === 'string' && /^[[{]/.test(value.trim())) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all
      }
    }
    out[key] = value;
  }
  return out;
}

export class HistoryTable {
  readonly element: HTMLElement;
  readonly #body: HTMLTableSectionElement;
  #shown = 0;

  constructor() {
    this.#body = h('tbody');
    this.element = h(
      'section',
      { class: 'history', 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, 'Event history'),
      h('div', { class: 'table-scroll' }, h('table', { class: 'history-table' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'ID'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Step'), h('th', { scope: 'col' }, 'Elapsed (ms)'), h('th', { scope: 'col' }, 'Date and time'))), this.#body)),
    );
  }

  /** Adds the events not shown yet. */
  update(events: readonly WireEvent[], model: ExecutionModel): void {
    for (const event of events.slice(this.#shown)) {
      const details = detailsOf(event);
      const step = model.stateOfEvent.get(event.id) ?? '';
      const detailRow = h('tr', { class: 'event-details', hidden: true }, h('td', { colspan: 5 }));
      const toggle = h('button', {
        type: 'button',
        class: 'expander',
        'aria-expanded': 'false',
        'aria-label': `Details of event ${event.id}`,
        disabled: !details,
        onclick: () => {
          const open = toggle.getAttribute('aria-expanded') !== 'true';
          toggle.setAttribute('aria-expanded', String(open));
          detailRow.hidden = !open;
          const cell = detailRow.firstElementChild!;
          if (open && cell.childElementCount === 0 && details) cell.append(jsonValueView(expand(details)));
        },
      }, String(event.id));
      const row = h('tr', { class: `event type-${event.type}`, 'data-event-id': event.id }, h('td', {}, toggle), h('td', {}, event.type), h('td', {}, step), h('td', { class: 'num' }, String(Math.round(event.timestamp * 1000 - model.startedAt))), h('td', {}, dateTime(event.timestamp * 1000)));
      this.#body.append(row, detailRow);
    }
    this.#shown = events.length;
  }
}
