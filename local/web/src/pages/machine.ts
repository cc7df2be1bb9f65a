/** `/state-machines/<name>`: the machine's graph and its executions, filtered by status, a page at a time. */
import { sfn, type StateMachineItem } from '../api.js';
import { clear, h } from '../dom.js';
import { openStartDialog } from '../views/dialogs.js';
import { executionsTable } from './executions-table.js';
import { graphView } from './graph-view.js';
import { PAGE_SIZE } from './home.js';
import type { PageContext } from './page.js';

const STATUSES = ['ALL', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

export async function machinePage(main: HTMLElement, name: string, context: PageContext): Promise<() => void> {
  document.title = `${name} · sfn-ecs console`;
  const { stateMachines } = await sfn.listStateMachines();
  const machine: StateMachineItem | undefined = stateMachines.find((m) => m.name === name);
  if (!machine) {
    clear(main, h('h1', {}, 'No such state machine'), h('p', {}, `There is no state machine named ${name}.`), h('p', {}, h('a', { href: '/' }, 'All state machines')));
    return () => undefined;
  }
  const described = await sfn.describeStateMachine(machine.stateMachineArn);
  const graphHolder = h('div', { class: 'graph-holder' }, h('p', { class: 'muted' }, 'Laying out the graph…'));
  const filter = h('select', { id: 'status-filter' }, ...STATUSES.map((s) => h('option', { value: s }, s === 'ALL' ? 'All statuses' : s.replace(/_/g, ' '))));
  const list = h('div');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Executions pages' });
  clear(main,
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, h('a', { href: '/' }, 'State machines'), ' / ', name),
    h('div', { class: 'page-head' }, h('h1', {}, name), h('button', { type: 'button', class: 'primary', onclick: () => void openStartDialog(stateMachines, { machine: name }, context.navigate) }, 'Start an execution')),
    h('p', { class: 'muted' }, h('code', {}, machine.stateMachineArn)),
    h('section', { 'aria-labelledby': 'graph-title' }, h('h2', { id: 'graph-title' }, 'Graph'), graphHolder),
    h('section', { 'aria-labelledby': 'executions-title' }, h('h2', { id: 'executions-title' }, 'Executions'), h('div', { class: 'field inline' }, h('label', { for: 'status-filter' }, 'Status'), filter), list, pager),
  );
  void graphView(described.definition, graphHolder, () => undefined).then((g) => g?.paint(undefined));

  const tokens: (string | undefined)[] = [undefined];
  const show = async (index: number): Promise<void> => {
    const status = filter.value;
    const page = await sfn.listExecutions({ stateMachineArn: machine.stateMachineArn, maxResults: PAGE_SIZE, ...(status !== 'ALL' ? { statusFilter: status } : {}), ...(tokens[index] ? { nextToken: tokens[index] } : {}) });
    tokens[index + 1] = page.nextToken;
    clear(list, executionsTable(page.executions, `${status === 'ALL' ? 'All' : status.replace(/_/g, ' ')} executions, newest first`, false));
    clear(pager,
      h('button', { type: 'button', disabled: index === 0, onclick: () => void show(index - 1) }, 'Previous page'),
      h('span', { class: 'muted' }, ` Page ${index + 1} `),
      h('button', { type: 'button', disabled: !page.nextToken, onclick: () => void show(index + 1) }, 'Next page'),
    );
  };
  filter.addEventListener('change', () => {
    tokens.length = 1;
    void show(0);
  });
  await show(0);
  return () => undefined;
}
