/**
 * `/executions/<ARN>`: one execution. Its failure explained at the top, the graph coloured by what
 * happened to each state (repainted live from server-sent notices), the selected state's details,
 * the event history, the cost estimate, and the actions: stop, redrive, run again.
 */
import { live, sfn, type Execution, type WireEvent } from '../api.js';
import { clear, h } from '../dom.js';
import { costOf, costText, describeCost } from '../cost.js';
import { buildModel, stateStatuses, visitFor, type ExecutionModel } from '../execution-model.js';
import { dateTime, duration, executionPath, machineNameOf, statusBadge } from '../format.js';
import type { DrawnGraph } from '../graph/render.js';
import { openStartDialog, openStopDialog } from '../views/dialogs.js';
import { redriveAction } from '../views/redrive-button.js';
import { HistoryTable } from '../views/history-table.js';
import { jsonView } from '../views/json-view.js';
import { renderStatePanel } from '../views/state-panel.js';
import { logView, streamsOfTask } from '../views/task-logs.js';
import { explainFailure } from '../../../src/clients/failure-cause.js';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { graphView } from './graph-view.js';
import type { PageContext } from './page.js';

type Json = Record<string, unknown>;

/** A state's Type, searched through Map and Parallel scopes. */
function stateTypeIn(scope: Json, name: string): string | undefined {
  const states = (scope.States ?? {}) as Record<string, Json>;
  if (states[name]) return String(states[name].Type);
  for (const state of Object.values(states)) {
    const inner = [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[] | undefined) ?? [])].filter(Boolean) as Json[];
    for (const child of inner) {
      const found = stateTypeIn(child, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** Log lines shown under a failure (as many as the CLI's failure report). */
const FAILURE_LOG_LINES = 20;

export async function executionPage(main: HTMLElement, executionArn: string, context: PageContext): Promise<() => void> {
  let execution: Execution;
  try {
    execution = await sfn.describeExecution(executionArn);
  } catch (error) {
    clear(main, h('h1', {}, 'Execution not found'), h('p', {}, `${(error as Error).name}: ${(error as Error).message}`), h('p', {}, h('a', { href: '/' }, 'All executions')));
    return () => undefined;
  }
  document.title = `${execution.name} · sfn-ecs console`;
  const machineName = machineNameOf(execution.stateMachineArn);
  const machine = await sfn.describeStateMachine(execution.stateMachineArn);
  let events: WireEvent[] = await sfn.history(executionArn);
  let model: ExecutionModel = buildModel(events);
  let selected: string | undefined;
  let item: string | undefined;
  let panelCleanup = (): void => undefined;
  const cleanups: (() => void)[] = [];

  const summary = h('div', { class: 'summary' });
  const failure = h('div', { class: 'failure-holder', 'aria-live': 'polite' });
  const actions = h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Execution actions' });
  const actionError = h('p', { class: 'form-error action-error', role: 'alert', hidden: true });
  const graphHolder = h('div', { class: 'graph-holder' }, h('p', { class: 'muted' }, 'Laying out the graph…'));
  const itemBar = h('div', { class: 'item-bar', 'aria-live': 'polite' });
  const panel = h('aside', { class: 'state-panel', 'aria-labelledby': 'panel-title' }, h('h2', { id: 'panel-title' }, 'State details'), h('p', { class: 'muted' }, 'Select a state in the graph to see its input, output, task, logs and artifacts.'));
  const io = h('section', { class: 'io', 'aria-label': 'Execution input and output' });
  const history = new HistoryTable();

  clear(main,
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, h('a', { href: '/' }, 'State machines'), ' / ', h('a', { href: `/state-machines/${encodeURIComponent(machineName)}` }, machineName), ' / ', execution.name),
    h('div', { class: 'page-head' }, h('h1', {}, execution.name), actions),
    actionError,
    summary,
    failure,
    h('div', { class: 'execution-body' }, h('section', { class: 'graph-section', 'aria-labelledby': 'graph-title' }, h('h2', { id: 'graph-title' }, 'Graph'), itemBar, graphHolder), panel),
    io,
    history.element,
  );

  const renderSummary = (): void => {
    const end = execution.stopDate ? execution.stopDate * 1000 : Date.now();
    const costCell = h('dd', { class: 'cost' }, '…');
    clear(summary, h('dl', { class: 'facts wide' },
      h('dt', {}, 'Status'), h('dd', { class: 'execution-status' }, statusBadge(execution.status)),
      h('dt', {}, 'State machine'), h('dd', {}, h('a', { href: `/state-machines/${encodeURIComponent(machineName)}` }, machineName)),
      h('dt', {}, 'Started'), h('dd', {}, dateTime(execution.startDate * 1000)),
      h('dt', {}, 'Ended'), h('dd', {}, execution.stopDate ? dateTime(execution.stopDate * 1000) : '–'),
      h('dt', {}, 'Duration'), h('dd', { class: 'duration' }, duration(end - execution.startDate * 1000)),
      ...(execution.redriveCount ? [h('dt', {}, 'Redriven'), h('dd', { class: 'redrive-count' }, `${execution.redriveCount} ${execution.redriveCount === 1 ? 'time' : 'times'}${execution.redriveDate ? `, last at ${dateTime(execution.redriveDate * 1000)}` : ''}`)] : []),
      h('dt', {}, 'Cost (estimate)'), costCell,
      h('dt', {}, 'ARN'), h('dd', {}, h('code', {}, execution.executionArn)),
    ));
    void costOf(events, executionArn).then((estimate) => {
      costCell.textContent = `${costText(estimate)} — ${describeCost(estimate).replace(/^≈ \S+ estimate( so far)? /, '')}`;
    }).catch(() => (costCell.textContent = '–'));
    const running = execution.status === 'RUNNING';
    clear(actions,
      running ? h('button', { type: 'button', class: 'danger', onclick: () => openStopDialog(executionArn, () => void refreshExecution()) }, 'Stop execution') : null,
      redriveAction(execution, {
        redriven: () => {
          actionError.hidden = true;
          followLive();
          void refreshExecution();
        },
        error: (error) => {
          actionError.textContent = `${error.name}: ${error.message}`;
          actionError.hidden = false;
        },
      }),
      h('button', { type: 'button', onclick: () => void sfn.listStateMachines().then(({ stateMachines }) => openStartDialog(stateMachines, { machine: machineName, input: execution.input ?? '{}' }, context.navigate)) }, 'Edit input and start'),
      h('button', {
        type: 'button',
        class: 'primary',
        onclick: () => void sfn.startExecution({ stateMachineArn: execution.stateMachineArn, input: execution.input ?? '{}' }).then((s) => context.navigate(executionPath(s.executionArn))),
      }, 'Run again with the same input'),
    );
    clear(io, jsonView(execution.input, 'Execution input'), jsonView(execution.output, 'Execution output'));
    renderFailure();
  };

  const renderFailure = (): void => {
    if (!['FAILED', 'TIMED_OUT', 'ABORTED'].includes(execution.status)) {
      failure.replaceChildren();
      return;
    }
    const explained = explainFailure(events as unknown as HistoryEvent[], execution);
    const box = h('section', { class: 'failure', role: 'alert', 'aria-labelledby': 'failure-title' }, h('h2', { id: 'failure-title' }, explained.headline), h('ul', {}, ...explained.details.map((line) => h('li', {}, line))));
    failure.replaceChildren(box);
    if (explained.task) {
      const task = explained.task;
      void streamsOfTask(task.taskArn, task.taskDefinitionArn).then((streams) => {
        const view = logView(streams, () => false, { tail: FAILURE_LOG_LINES });
        box.append(h('h3', {}, `Last ${FAILURE_LOG_LINES} log lines`), view.element);
      }).catch(() => undefined);
    }
  };

  let graph: DrawnGraph | undefined;
  const renderItems = (): void => {
    const maps = model.visits.filter((v) => v.type === 'Map' && v.items.size > 0);
    if (maps.length === 0) return itemBar.replaceChildren();
    const select = h('select', { id: 'map-item' }, h('option', { value: '' }, 'All items'));
    for (const map of maps) for (const index of [...map.items.keys()].sort((a, b) => a - b)) {
      const value = `${map.scope ? `${map.scope}/` : ''}${map.name}[${index}]`;
      select.append(h('option', { value, selected: value === item }, `${map.name}: item ${index} (${map.items.get(index)})`));
    }
    select.addEventListener('change', () => chooseItem(select.value || undefined));
    itemBar.replaceChildren(h('div', { class: 'field inline' }, h('label', { for: 'map-item' }, 'Map item'), select));
  };
  const repaint = (): void => {
    graph?.paint(stateStatuses(model, item));
    renderItems();
  };
  const showPanel = (): void => {
    panelCleanup();
    if (!selected) return;
    graph?.select(selected);
    const type = stateTypeIn(JSON.parse(machine.definition) as Json, selected) ?? 'Unknown';
    panelCleanup = renderStatePanel(panel, selected, visitFor(model, selected, item), type, { model, item, chooseItem });
  };
  const chooseItem = (next: string | undefined): void => {
    item = next;
    repaint();
    showPanel();
  };
  const select = (name: string): void => {
    selected = name;
    showPanel();
    panel.querySelector<HTMLElement>('#panel-title')?.focus();
  };

  renderSummary();
  history.update(events, model);
  graph = await graphView(machine.definition, graphHolder, select);
  repaint();

  const refreshExecution = async (): Promise<void> => {
    execution = await sfn.describeExecution(executionArn);
    renderSummary();
  };

  // Live: each notice reads the new events through GetExecutionHistory; one read at a time.
  let reading: Promise<void> | undefined;
  let again = false;
  const readNew = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = (async () => {
      do {
        again = false;
        const lastId = events.at(-1)?.id ?? 0;
        const fresh = await sfn.history(executionArn, lastId);
        if (fresh.length === 0) continue;
        events = [...events, ...fresh];
        model = buildModel(events);
        history.update(events, model);
        repaint();
        const selectedVisit = selected ? visitFor(model, selected, item) : undefined;
        if (selected && fresh.some((e) => selectedVisit?.events.includes(e))) showPanel();
        if (fresh.some((e) => e.type.startsWith('Execution'))) await refreshExecution();
      } while (again);
    })().finally(() => (reading = undefined));
    return reading;
  };
  // While running, and again once redriven (the same execution continues its history).
  let following = false;
  let closed = false;
  function followLive(): void {
    if (following || closed) return;
    following = true;
    cleanups.push(live(executionArn, () => void readNew()));
    const ticker = setInterval(() => {
      const cell = summary.querySelector('.duration');
      if (cell && execution.status === 'RUNNING') cell.textContent = duration(Date.now() - execution.startDate * 1000);
    }, 1000);
    cleanups.push(() => clearInterval(ticker));
    // Events written between the last read and the subscription.
    void readNew();
  }
  if (execution.status === 'RUNNING') followLive();
  return () => {
    closed = true;
    panelCleanup();
    cleanups.forEach((c) => c());
  };
}
