/** The start and stop forms, as modal dialogs with labelled fields; errors shown in the dialog with AWS's words. */
import { samples, sfn, type StateMachineItem } from '../api.js';
import { h } from '../dom.js';
import { executionPath } from '../format.js';

function modal(title: string, id: string): { dialog: HTMLDialogElement; form: HTMLFormElement; error: HTMLElement } {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { method: 'dialog' });
  const dialog = h('dialog', { 'aria-labelledby': `${id}-title`, class: 'dialog' }, h('h2', { id: `${id}-title` }, title), form, error);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  return { dialog, form, error };
}

function field(label: string, control: HTMLElement, id: string, hint?: string): HTMLElement {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint' }, hint) : null);
}

/** Start an execution: a machine, an input (typed or a sample from events/), an optional name. */
export async function openStartDialog(machines: readonly StateMachineItem[], options: { machine?: string; input?: string }, navigate: (path: string) => void): Promise<void> {
  const { dialog, form, error } = modal('Start an execution', 'start');
  const all = await samples();
  const machineSelect = h('select', { name: 'machine' }, ...machines.map((m) => h('option', { value: m.stateMachineArn, selected: m.name === options.machine }, m.name)));
  const sampleSelect = h('select', { name: 'sample' });
  const input = h('textarea', { name: 'input', rows: 10, spellcheck: 'false', class: 'code' });
  input.value = options.input ?? '{}';
  const name = h('input', { name: 'name', type: 'text', autocomplete: 'off', pattern: '[A-Za-z0-9_-]{1,80}' });
  const fillSamples = (): void => {
    const machineName = machines.find((m) => m.stateMachineArn === machineSelect.value)?.name;
    sampleSelect.replaceChildren(h('option', { value: '' }, '(type the input)'), ...all.filter((s) => s.machine === machineName).map((s) => h('option', { value: s.name }, `${s.name} — ${s.shows}`)));
  };
  fillSamples();
  machineSelect.addEventListener('change', fillSamples);
  sampleSelect.addEventListener('change', () => {
    const sample = all.find((s) => s.name === sampleSelect.value);
    if (sample) input.value = JSON.stringify(sample.input, null, 2);
  });
  const start = h('button', { type: 'submit', class: 'primary' }, 'Start execution');
  form.append(
    field('State machine', machineSelect, 'start-machine'),
    field('Sample from events/', sampleSelect, 'start-sample'),
    field('Input (JSON)', input, 'start-input'),
    field('Name (optional)', name, 'start-name', 'Letters, digits, - and _; a new UUID when empty.'),
    h('div', { class: 'actions' }, start, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      JSON.parse(input.value);
    } catch (e) {
      error.textContent = `The input is not valid JSON: ${(e as Error).message}`;
      input.focus();
      return;
    }
    start.disabled = true;
    sfn
      .startExecution({ stateMachineArn: machineSelect.value, input: input.value, ...(name.value ? { name: name.value } : {}) })
      .then((started) => {
        dialog.close();
        navigate(executionPath(started.executionArn));
      })
      .catch((e: Error) => {
        error.textContent = `${e.name}: ${e.message}`;
        start.disabled = false;
      });
  });
  dialog.showModal();
  machineSelect.focus();
}

/** Stop a running execution, with the error and cause StopExecution records. */
export function openStopDialog(executionArn: string, onStopped: () => void): void {
  const { dialog, form, error } = modal('Stop the execution', 'stop');
  const errorName = h('input', { name: 'error', type: 'text', value: 'User.Stopped' });
  const cause = h('textarea', { name: 'cause', rows: 3 });
  cause.value = 'Stopped from the sfn-ecs console';
  const stop = h('button', { type: 'submit', class: 'danger' }, 'Stop execution');
  form.append(field('Error', errorName, 'stop-error'), field('Cause', cause, 'stop-cause'), h('div', { class: 'actions' }, stop, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    stop.disabled = true;
    sfn
      .stopExecution({ executionArn, ...(errorName.value ? { error: errorName.value } : {}), ...(cause.value ? { cause: cause.value } : {}) })
      .then(() => {
        dialog.close();
        onStopped();
      })
      .catch((e: Error) => {
        error.textContent = `${e.name}: ${e.message}`;
        stop.disabled = false;
      });
  });
  dialog.showModal();
  errorName.focus();
}
