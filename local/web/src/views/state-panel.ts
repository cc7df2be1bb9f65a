/**
 * The selected state: status, input and output, error with its decoded cause, retries with their
 * waits, and for a task state its ECS task (ARN, exit code, stop code and reason, timings), log lines
 * (followed while it runs) and artifacts. A Map state lists its items to browse.
 */
import { ecs, type EcsTask } from '../api.js';
import { h } from '../dom.js';
import { dateTime, duration, statusBadge } from '../format.js';
import { retries, type ExecutionModel, type Visit } from '../execution-model.js';
import { STATUS_WORDS } from '../graph/render.js';
import { decodeCause, describeStop } from '../../../src/clients/failure-cause.js';
import { s3UrisIn } from '../../../src/clients/s3-uris.js';
import { artifactsView } from './artifacts.js';
import { jsonView } from './json-view.js';
import { logView, streamsOfTask } from './task-logs.js';

export interface PanelContext {
  readonly model: ExecutionModel;
  readonly item: string | undefined;
  readonly chooseItem: (item: string | undefined) => void;
}

/** Manifests a visit's task wrote: s3:// manifest URIs in its output, and the prefix the workflow gave the worker. */
function manifestsOf(visit: Visit): string[] {
  const found = new Set<string>();
  const parse = (text: string | undefined): unknown => {
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      return undefined;
    }
  };
  for (const uri of s3UrisIn(parse(visit.output))) if (uri.endsWith('manifest.json')) found.add(uri);
  const parameters = parse(visit.parameters) as { Overrides?: { ContainerOverrides?: { Environment?: { Name?: string; Value?: string }[] }[] } } | undefined;
  const env = new Map((parameters?.Overrides?.ContainerOverrides ?? []).flatMap((c) => c.Environment ?? []).map((e) => [e.Name, e.Value]));
  const bucket = env.get('ARTIFACT_BUCKET');
  if (bucket) found.add(`s3://${bucket}/${env.get('ARTIFACT_PREFIX') ?? ''}manifest.json`);
  return [...found];
}

/** The stopped task as the history shows it (the .sync result or the TaskFailed cause), PascalCase. */
function stoppedTaskInHistory(visit: Visit, taskArn: string): Record<string, unknown> | undefined {
  for (const event of [...visit.events].reverse()) {
    const d = (event.taskSucceededEventDetails ?? event.taskFailedEventDetails) as { output?: string; cause?: string } | undefined;
    const text = d?.output ?? d?.cause;
    if (!text) continue;
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      if (json.TaskArn === taskArn) return json;
    } catch {
      // not a task
    }
  }
  return undefined;
}

function pick(task: Record<string, unknown> | undefined, name: string): unknown {
  return task?.[name] ?? task?.[name.charAt(0).toUpperCase() + name.slice(1)];
}

function time(value: unknown): number | undefined {
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') return new Date(value).getTime();
  return undefined;
}

function definitionList(rows: [string, string | Node | undefined][]): HTMLElement {
  return h('dl', { class: 'facts' }, ...rows.filter(([, v]) => v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]));
}

async function taskSection(visit: Visit, taskArn: string, follow: () => boolean, cleanups: (() => void)[]): Promise<HTMLElement> {
  const section = h('section', { class: 'task', 'aria-label': 'ECS task' }, h('h3', {}, 'ECS task'));
  let task: Record<string, unknown> | undefined = stoppedTaskInHistory(visit, taskArn);
  if (!task) task = ((await ecs.describeTasks([taskArn]).catch(() => [] as EcsTask[]))[0] as Record<string, unknown> | undefined) ?? undefined;
  const containers = (pick(task, 'containers') ?? []) as Record<string, unknown>[];
  const exitCode = pick(containers[0], 'exitCode');
  const started = time(pick(task, 'startedAt'));
  const stopped = time(pick(task, 'stoppedAt'));
  section.append(
    definitionList([
      ['Task ARN', h('code', {}, taskArn)],
      ['Status', String(pick(task, 'lastStatus') ?? 'unknown')],
      ['Exit code', exitCode === undefined ? undefined : String(exitCode)],
      ['Stop code', pick(task, 'stopCode') as string | undefined],
      ['Stopped reason', pick(task, 'stoppedReason') as string | undefined],
      ['CPU / memory', pick(task, 'cpu') ? `${String(pick(task, 'cpu'))} units / ${String(pick(task, 'memory'))} MiB` : undefined],
      ['Created', dateTime(time(pick(task, 'createdAt')))],
      ['Started', started ? dateTime(started) : undefined],
      ['Stopped', stopped ? dateTime(stopped) : undefined],
      ['Ran for', started && stopped ? duration(stopped - started) : undefined],
    ]),
  );
  const logsSection = h('section', { class: 'task-logs', 'aria-label': 'Log lines' }, h('h3', {}, 'Log lines'));
  section.append(logsSection);
  const streams = await streamsOfTask(taskArn, pick(task, 'taskDefinitionArn') as string | undefined).catch(() => []);
  const view = logView(streams, follow);
  cleanups.push(() => view.stop());
  logsSection.append(view.element);
  return section;
}

/** Fills `panel` for the state `name`; returns a cleanup (stops following logs). */
export function renderStatePanel(panel: HTMLElement, name: string, visit: Visit | undefined, type: string, context: PanelContext): () => void {
  const cleanups: (() => void)[] = [];
  panel.replaceChildren();
  panel.append(h('h2', { id: 'panel-title', tabindex: -1 }, name));
  if (!visit) {
    panel.append(h('p', {}, `${type} state · `, statusBadge('not reached')));
    return () => undefined;
  }
  const status = STATUS_WORDS[visit.status] ?? visit.status;
  panel.append(
    h('p', { class: 'state-status' }, `${visit.type} state${visit.resource ? ` · ${visit.resource}` : ''}${visit.scope ? ` · ${visit.scope}` : ''} · `, statusBadge(status)),
    definitionList([
      ['Entered', dateTime(visit.enteredAt)],
      ['Exited', visit.exitedAt ? dateTime(visit.exitedAt) : undefined],
      ['Duration', duration((visit.exitedAt ?? Date.now()) - visit.enteredAt)],
      ['Retries', retries(visit) > 0 ? String(retries(visit)) : undefined],
    ]),
  );
  if (visit.type === 'Map' && visit.items.size > 0) {
    const items = h('ul', { class: 'map-items', 'aria-label': 'Map items' });
    for (const [index, itemStatus] of [...visit.items].sort((a, b) => a[0] - b[0])) {
      const item = `${visit.scope ? `${visit.scope}/` : ''}${visit.name}[${index}]`;
      items.append(h('li', {}, h('button', { type: 'button', class: 'map-item', 'aria-pressed': String(context.item === item), onclick: () => context.chooseItem(context.item === item ? undefined : item) }, `Item ${index}`), ' ', statusBadge(STATUS_WORDS[itemStatus] ?? itemStatus)));
    }
    panel.append(h('section', { 'aria-label': 'Items' }, h('h3', {}, `Items (${visit.items.size})`), h('p', { class: 'hint' }, 'Choose an item to colour the inner states by what happened to it.'), items));
  }
  if (visit.error || visit.cause) {
    const decoded = decodeCause(visit.cause);
    panel.append(
      h('section', { class: 'error-box', 'aria-label': 'Error' }, h('h3', {}, 'Error'), definitionList([
        ['Error', visit.error],
        ['Cause', decoded ? `${decoded.taskArn ? `task ${decoded.taskArn}: ` : ''}${describeStop(decoded)}` : visit.cause],
      ]), decoded && visit.cause ? h('details', {}, h('summary', {}, 'Full cause'), jsonView(visit.cause, 'Cause')) : null),
    );
  }
  if (visit.attempts.length > 1 || visit.attempts.some((a) => a.outcome === 'failed')) {
    const list = h('ol', { class: 'attempts' });
    visit.attempts.forEach((attempt, i) => {
      const next = visit.attempts[i + 1];
      const decoded = decodeCause(attempt.cause);
      list.append(
        h('li', {}, `Attempt ${i + 1} at ${dateTime(attempt.scheduledAt)}: ${attempt.outcome}`, attempt.error ? ` with ${attempt.error}` : '', decoded ? ` (${describeStop(decoded)})` : '', next && attempt.endedAt ? `; waited ${duration(next.scheduledAt - attempt.endedAt)} before the retry` : ''),
      );
    });
    panel.append(h('section', { 'aria-label': 'Retries' }, h('h3', {}, 'Attempts and retries'), list));
  }
  const taskArn = [...visit.attempts].reverse().find((a) => a.taskArn)?.taskArn;
  if (taskArn) {
    const holder = h('div');
    panel.append(holder);
    const follow = (): boolean => visit.status === 'running';
    void taskSection(visit, taskArn, follow, cleanups).then((section) => holder.append(section));
  }
  if (visit.resource?.startsWith('ecs:')) panel.append(artifactsView(manifestsOf(visit)));
  panel.append(jsonView(visit.input, 'Input'), jsonView(visit.output, 'Output'));
  return () => cleanups.forEach((c) => c());
}
