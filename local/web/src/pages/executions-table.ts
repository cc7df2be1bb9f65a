/** A table of executions: name (linked), machine, status, start, duration, estimated cost (filled in after the rows show). */
import type { ExecutionItem } from '../api.js';
import { h } from '../dom.js';
import { costOfExecution, costText, describeCost } from '../cost.js';
import { dateTime, duration, executionPath, machineNameOf, statusBadge } from '../format.js';

const COST_CONCURRENCY = 4;

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
  // Costs come from each execution's history: a few at a time, after the table is on screen.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < costCells.length) {
      const [execution, cell] = costCells[next++]!;
      if (!cell.isConnected && next > 1) await new Promise((r) => setTimeout(r, 0));
      try {
        const estimate = await costOfExecution(execution.executionArn);
        cell.textContent = costText(estimate);
        cell.title = describeCost(estimate);
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
