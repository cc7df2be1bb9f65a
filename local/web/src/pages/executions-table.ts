/** A table of executions: name (linked), machine, status, start, duration, estimated cost (filled in after the rows show). */
import type { ExecutionItem } from '../api.js';
import { h } from '../dom.js';
import { costOfExecution, costText, describeCost } from '../cost.js';
import { dateTime, duration, executionPath, machineNameOf, statusBadge } from '../format.js';

const COST_CONCURRENCY = 4;
const COST_KEY = 'sfn-ecs-cost:';

/**
 * An execution's cost as the table shows it. Reading a history per row is the table's one costly part,
 * so an ended execution's (which changes only when redriven: a new stop date and count) is kept for the
 * tab's life: a reload or a page back reads no history for it.
 */
async function costCell(e: ExecutionItem): Promise<{ text: string; title: string }> {
  const key = e.stopDate !== undefined ? `${COST_KEY}${e.executionArn}|${e.stopDate}|${e.redriveCount ?? 0}` : undefined;
  const kept = key ? sessionStorage.getItem(key) : null;
  if (kept) return JSON.parse(kept) as { text: string; title: string };
  const estimate = await costOfExecution(e.executionArn);
  const shown = { text: costText(estimate), title: describeCost(estimate) };
  if (key && !estimate.partial) {
    try {
      sessionStorage.setItem(key, JSON.stringify(shown));
    } catch {
      // Storage full or off: the next load reads the history again.
    }
  }
  return shown;
}

export function executionsTable(executions: readonly ExecutionItem[], caption: string, withMachine: boolean): HTMLElement {
  const body = h('tbody');
  const costCells: [ExecutionItem, HTMLElement][] = [];
  for (const e of executions) {
    const cost = h('td', { class: 'num cost' }, '…');
    costCells.push([e, cost]);
    body.append(
      h('tr', { 'data-execution-arn': e.executionArn },
        h('td', {}, h('a', { href: executionPath(e.executionArn) }, e.name)),
        withMachine ? h('td', {}, h('a', { href: `/state-machines/${encodeURIComponent(machineNameOf(e.stateMachineArn))}` }, machineNameOf(e.stateMachineArn))) : null,
        h('td', {}, statusBadge(e.status)),
        h('td', {}, dateTime(e.startDate * 1000)),
        h('td', { class: 'num' }, duration(((e.stopDate ?? Date.now() / 1000) - e.startDate) * 1000)),
        cost,
      ),
    );
  }
  const table = h('table', { class: 'executions' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), withMachine ? h('th', { scope: 'col' }, 'State machine') : null, h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Started'), h('th', { scope: 'col' }, 'Duration'), h('th', { scope: 'col' }, 'Cost (estimate)'))),
    body,
  );
  if (executions.length === 0) body.append(h('tr', {}, h('td', { colspan: withMachine ? 6 : 5, class: 'muted' }, 'No executions.')));
  // Costs come from each execution's history (or the tab's keep): a few at a time, after the table is on screen.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < costCells.length) {
      const [execution, cell] = costCells[next++]!;
      if (!cell.isConnected && next > 1) await new Promise((r) => setTimeout(r, 0));
      try {
        const shown = await costCell(execution);
        cell.textContent = shown.text;
        cell.title = shown.title;
      } catch {
        cell.textContent = '–';
      }
    }
  };
  setTimeout(() => {
    for (let i = 0; i < COST_CONCURRENCY; i += 1) void worker();
  }, 0);
  return h('div', { class: 'table-scroll' }, table);
}
