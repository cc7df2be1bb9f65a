/**
 * What happened to each state, read from the history: one visit per state entered, attributed by the
 * previousEventId chain (so parallel branches and Map items keep their own events), each with its
 * status, input, output, attempts (retries), error and ECS task.
 */
import type { WireEvent } from './api.js';

export type VisitStatus = 'running' | 'succeeded' | 'failed' | 'caught' | 'aborted';
/** What the graph shows for a state. */
export type StateStatus = VisitStatus | 'not-reached';

export interface Attempt {
  readonly scheduledAt: number;
  endedAt?: number;
  outcome: 'running' | 'succeeded' | 'failed';
  error?: string;
  cause?: string;
  taskArn?: string;
}

export interface Visit {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  /** '' at the top level; 'Map name[3]' (nested: 'Outer[0]/Inner[2]') inside a Map item. */
  readonly scope: string;
  readonly enteredAt: number;
  exitedAt?: number;
  status: VisitStatus;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  parameters?: string;
  resource?: string;
  readonly attempts: Attempt[];
  readonly events: WireEvent[];
  /** Map states: item index → its status. */
  readonly items: Map<number, VisitStatus>;
}

export interface ExecutionModel {
  readonly visits: Visit[];
  readonly startedAt: number;
  /** The state name each event belongs to (for the history table). */
  readonly stateOfEvent: Map<number, string>;
}

function details(event: WireEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') return value as Record<string, unknown>;
  }
  return {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The ECS task ARN in a task event's output or cause (RunTask response or stopped task). */
export function taskArnIn(payload: string | undefined): string | undefined {
  if (!payload) return undefined;
  try {
    const json = JSON.parse(payload) as { TaskArn?: string; Tasks?: { TaskArn?: string }[] };
    return json.TaskArn ?? json.Tasks?.[0]?.TaskArn;
  } catch {
    return undefined;
  }
}

export function buildModel(events: readonly WireEvent[]): ExecutionModel {
  const visits: Visit[] = [];
  const ownerOf = new Map<number, Visit | undefined>();
  const scopeOf = new Map<number, string>();
  const stateOfEvent = new Map<number, string>();
  const lastMapVisit = new Map<string, Visit>();
  const ms = (event: WireEvent): number => event.timestamp * 1000;
  for (const event of events) {
    const d = details(event);
    const previous = event.previousEventId ?? 0;
    let owner = ownerOf.get(previous);
    let scope = scopeOf.get(previous) ?? '';
    if (event.type.endsWith('StateEntered')) {
      const visit: Visit = {
        id: event.id,
        name: String(d.name),
        type: event.type.replace('StateEntered', ''),
        scope,
        enteredAt: ms(event),
        status: event.type === 'FailStateEntered' ? 'failed' : 'running',
        ...(text(d.input) !== undefined ? { input: text(d.input) } : {}),
        attempts: [],
        events: [],
        items: new Map(),
      };
      visits.push(visit);
      if (visit.type === 'Map') lastMapVisit.set(visit.name, visit);
      owner = visit;
    } else if (event.type === 'MapIterationStarted') {
      const map = lastMapVisit.get(String(d.name));
      scope = `${map?.scope ? `${map.scope}/` : ''}${String(d.name)}[${Number(d.index)}]`;
      owner = undefined;
      map?.items.set(Number(d.index), 'running');
    } else if (/^MapIteration(Succeeded|Failed|Aborted)$/.test(event.type)) {
      const map = lastMapVisit.get(String(d.name));
      const index = Number(d.index);
      map?.items.set(index, event.type === 'MapIterationSucceeded' ? 'succeeded' : event.type === 'MapIterationFailed' ? 'failed' : 'aborted');
      if (event.type !== 'MapIterationSucceeded') {
        const itemScope = `${map?.scope ? `${map.scope}/` : ''}${String(d.name)}[${index}]`;
        for (const v of visits) if (v.status === 'running' && (v.scope === itemScope || v.scope.startsWith(`${itemScope}/`))) v.status = 'aborted';
      }
      owner = map;
      scope = map?.scope ?? '';
    }
    if (event.type.startsWith('Execution')) owner = undefined;
    ownerOf.set(event.id, owner);
    scopeOf.set(event.id, scope);
    if (owner) {
      owner.events.push(event);
      stateOfEvent.set(event.id, owner.name);
      applyToVisit(owner, event, d, ms(event));
      if (event.type.endsWith('StateExited')) scopeOf.set(event.id, owner.scope);
    }
    if (/^Execution(Failed|Aborted|TimedOut)$/.test(event.type)) {
      for (const v of visits) if (v.status === 'running') v.status = event.type === 'ExecutionFailed' ? 'failed' : 'aborted';
      for (const v of visits) for (const [index, status] of v.items) if (status === 'running') v.items.set(index, 'aborted');
    }
  }
  return { visits, startedAt: events[0] ? ms(events[0]) : 0, stateOfEvent };
}

function applyToVisit(visit: Visit, event: WireEvent, d: Record<string, unknown>, at: number): void {
  const current = visit.attempts.at(-1);
  switch (event.type) {
    case 'TaskScheduled':
      visit.attempts.push({ scheduledAt: at, outcome: 'running' });
      visit.parameters = text(d.parameters);
      visit.resource = `${String(d.resourceType)}:${String(d.resource)}`;
      return;
    case 'TaskSubmitted': {
      const arn = taskArnIn(text(d.output));
      if (current && arn) current.taskArn = arn;
      return;
    }
    case 'TaskSucceeded':
      if (current) Object.assign(current, { outcome: 'succeeded', endedAt: at });
      return;
    case 'TaskFailed':
    case 'TaskTimedOut':
    case 'TaskStartFailed':
    case 'TaskSubmitFailed': {
      const error = text(d.error);
      const cause = text(d.cause);
      if (current) Object.assign(current, { outcome: 'failed', endedAt: at, ...(error ? { error } : {}), ...(cause ? { cause } : {}) });
      if (current && !current.taskArn) {
        const arn = taskArnIn(cause);
        if (arn) current.taskArn = arn;
      }
      visit.error = error;
      visit.cause = cause;
      return;
    }
    case 'MapStateFailed':
    case 'ParallelStateFailed':
      visit.error = text(d.error);
      visit.cause = text(d.cause);
      visit.status = 'failed';
      return;
    default:
      break;
  }
  if (event.type.endsWith('StateExited')) {
    visit.exitedAt = at;
    visit.output = text(d.output);
    const lastFailed = visit.attempts.at(-1)?.outcome === 'failed' || visit.status === 'failed';
    visit.status = lastFailed ? 'caught' : 'succeeded';
  }
}

/** Retries of a visit: attempts after the first. */
export function retries(visit: Visit): number {
  return Math.max(0, visit.attempts.length - 1);
}

/** True when a visit belongs to what the page shows: everything, or one Map item (and all outside that Map). */
function visible(visit: Visit, item: string | undefined): boolean {
  if (item === undefined || visit.scope === '') return true;
  const map = item.slice(0, item.lastIndexOf('['));
  return visit.scope === item || visit.scope.startsWith(`${item}/`) || !visit.scope.startsWith(`${map}[`);
}

const RANK: Record<StateStatus, number> = { 'not-reached': 0, succeeded: 1, caught: 2, aborted: 3, failed: 4, running: 5 };

export interface StateSummary {
  status: StateStatus;
  retries: number;
  visits: number;
}

/**
 * What the graph shows for each state: its latest visit; for states inside Map items with no item
 * chosen, the most telling status across the items (running, then failed, ...).
 */
export function stateStatuses(model: ExecutionModel, item: string | undefined): Map<string, StateSummary> {
  const result = new Map<string, StateSummary>();
  for (const visit of model.visits) {
    if (!visible(visit, item)) continue;
    const known = result.get(visit.name);
    const aggregate = item === undefined && visit.scope !== '' && known !== undefined;
    const status: StateStatus = aggregate && RANK[known.status] > RANK[visit.status] ? known.status : visit.status;
    result.set(visit.name, { status, retries: (known?.retries ?? 0) + retries(visit), visits: (known?.visits ?? 0) + 1 });
  }
  return result;
}

/** The visit the details panel shows for a state: the latest one, within the chosen Map item if any. */
export function visitFor(model: ExecutionModel, name: string, item: string | undefined): Visit | undefined {
  return model.visits.filter((v) => v.name === name && visible(v, item)).at(-1);
}
