/**
 * What an execution costs on AWS, estimated from what AWS itself reports (the history and
 * DescribeTasks): Fargate vCPU-seconds and GB-seconds of each task (billed per second from the image
 * pull until it stops, one minute at least; x86 or ARM; on-demand or Spot) plus the Step Functions
 * Standard state transitions (retries included). No I/O: the CLI and the web console both use it.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { detailsOf, parseJson } from '../clients/history-facts.js';
import defaultPrices from './prices.json' with { type: 'json' };

export type PriceTable = typeof defaultPrices;
export type RegionPrices = PriceTable['regions']['us-east-1'];

/** Fargate bills at least this many seconds per task. */
export const FARGATE_MINIMUM_SECONDS = 60;
export const DEFAULT_PRICES: PriceTable = defaultPrices;

/** The facts of one task that its price depends on. */
export interface BilledTask {
  readonly taskArn: string;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly architecture: 'x86_64' | 'arm64';
  readonly spot: boolean;
  /** Undefined while the task runs (or when nobody reported its stop). */
  readonly billedSeconds?: number;
}

export interface CostEstimate {
  readonly currency: string;
  readonly region: string;
  /** Whose prices were used (the region's, or us-east-1's when the table has none for it). */
  readonly priceRegion: string;
  readonly asOf: string;
  readonly tasks: readonly (BilledTask & { readonly cost?: number })[];
  readonly vcpuSeconds: number;
  readonly gbSeconds: number;
  readonly stateTransitions: number;
  readonly fargateCost: number;
  readonly stepFunctionsCost: number;
  readonly total: number;
  /** True when some task's duration is unknown (still running, or its stop was never reported). */
  readonly partial: boolean;
}

type TaskLike = Record<string, unknown>;

/** A field of a task in either spelling: DescribeTasks' camelCase or the history's PascalCase. */
function field(task: TaskLike, name: string): unknown {
  return task[name] ?? task[name.charAt(0).toUpperCase() + name.slice(1)];
}

function epochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string' || value instanceof Date) {
    const ms = new Date(value).getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** The billing facts of a task as DescribeTasks or a history payload shows it; undefined without CPU and memory. */
export function billedTaskOf(task: TaskLike): BilledTask | undefined {
  const taskArn = field(task, 'taskArn');
  const cpu = Number(field(task, 'cpu'));
  const memory = Number(field(task, 'memory'));
  if (typeof taskArn !== 'string' || !(cpu > 0) || !(memory > 0)) return undefined;
  const attributes = (field(task, 'attributes') ?? []) as TaskLike[];
  const platform = field(task, 'runtimePlatform') as TaskLike | undefined;
  const arch = String(attributes.map((a) => (field(a, 'name') === 'ecs.cpu-architecture' ? field(a, 'value') : undefined)).find(Boolean) ?? (platform ? field(platform, 'cpuArchitecture') : '') ?? '');
  const start = epochMs(field(task, 'pullStartedAt')) ?? epochMs(field(task, 'startedAt')) ?? epochMs(field(task, 'createdAt'));
  const stop = epochMs(field(task, 'stoppedAt')) ?? epochMs(field(task, 'executionStoppedAt'));
  const seconds = start !== undefined && stop !== undefined ? Math.max(FARGATE_MINIMUM_SECONDS, Math.ceil((stop - start) / 1000)) : undefined;
  return {
    taskArn,
    vcpu: cpu / 1024,
    memoryGb: memory / 1024,
    architecture: /arm/i.test(arch) ? 'arm64' : 'x86_64',
    spot: field(task, 'capacityProviderName') === 'FARGATE_SPOT',
    ...(seconds !== undefined ? { billedSeconds: seconds } : {}),
  };
}

/** Every ECS task an execution's history shows, newest facts winning (the stopped task over the started one). */
export function tasksForCost(events: readonly HistoryEvent[]): Map<string, BilledTask> {
  const tasks = new Map<string, BilledTask>();
  for (const event of events) {
    if (!event.type?.startsWith('Task')) continue;
    const d = detailsOf(event);
    for (const member of ['output', 'cause']) {
      const json = parseJson(d[member]) as TaskLike | undefined;
      if (!json || typeof json !== 'object') continue;
      for (const task of ((field(json, 'tasks') as TaskLike[] | undefined) ?? [json])) {
        const billed = billedTaskOf(task);
        if (billed && (billed.billedSeconds !== undefined || !tasks.has(billed.taskArn))) tasks.set(billed.taskArn, billed);
      }
    }
  }
  return tasks;
}

/** State transitions Step Functions Standard bills: every state entered, and every retry of a task. */
export function stateTransitions(events: readonly HistoryEvent[]): number {
  let entered = 0;
  let taskStates = 0;
  let scheduled = 0;
  for (const event of events) {
    if (event.type?.endsWith('StateEntered')) entered += 1;
    if (event.type === 'TaskStateEntered') taskStates += 1;
    if (event.type === 'TaskScheduled') scheduled += 1;
  }
  return entered + Math.max(0, scheduled - taskStates);
}

/**
 * The estimate. `described` are DescribeTasks results (either spelling) for tasks the history shows
 * without their stop, e.g. callback tasks, whose stop Step Functions never sees.
 */
export function estimateCost(
  events: readonly HistoryEvent[],
  options: { readonly region: string; readonly described?: readonly TaskLike[]; readonly prices?: PriceTable },
): CostEstimate {
  const prices = options.prices ?? DEFAULT_PRICES;
  const regions = prices.regions as Record<string, RegionPrices | undefined>;
  const priceRegion = regions[options.region] ? options.region : 'us-east-1';
  const table = regions[priceRegion] ?? DEFAULT_PRICES.regions['us-east-1'];
  const tasks = tasksForCost(events);
  for (const task of options.described ?? []) {
    const billed = billedTaskOf(task);
    if (billed && tasks.has(billed.taskArn) && billed.billedSeconds !== undefined) tasks.set(billed.taskArn, billed);
  }
  let vcpuSeconds = 0;
  let gbSeconds = 0;
  let fargateCost = 0;
  const priced = [...tasks.values()].map((task) => {
    if (task.billedSeconds === undefined) return task;
    const rate = table.fargate[task.architecture][task.spot ? 'spot' : 'onDemand'];
    const cost = (task.vcpu * task.billedSeconds * rate.vcpuHour + task.memoryGb * task.billedSeconds * rate.gbHour) / 3600;
    vcpuSeconds += task.vcpu * task.billedSeconds;
    gbSeconds += task.memoryGb * task.billedSeconds;
    fargateCost += cost;
    return { ...task, cost };
  });
  const transitions = stateTransitions(events);
  const stepFunctionsCost = transitions * table.stepFunctionsStandardPerTransition;
  return {
    currency: prices.currency,
    region: options.region,
    priceRegion,
    asOf: prices.asOf,
    tasks: priced,
    vcpuSeconds,
    gbSeconds,
    stateTransitions: transitions,
    fargateCost,
    stepFunctionsCost,
    total: fargateCost + stepFunctionsCost,
    partial: priced.some((t) => t.billedSeconds === undefined),
  };
}

/** Money with enough digits for fractions of a cent: $0.000412. */
export function formatMoney(amount: number, currency = 'USD'): string {
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  if (amount === 0) return `${symbol}0`;
  return `${symbol}${amount < 0.01 ? amount.toPrecision(3) : amount.toFixed(4)}`;
}

/** One line: "≈ $0.000712 estimate (1 task: 60 vCPU-s, 120 GB-s; 8 state transitions; us-east-1 prices of 2026-11-30)". */
export function describeCost(estimate: CostEstimate): string {
  const taskCount = estimate.tasks.length;
  const parts = [
    `${taskCount} task${taskCount === 1 ? '' : 's'}: ${round(estimate.vcpuSeconds)} vCPU-s, ${round(estimate.gbSeconds)} GB-s`,
    `${estimate.stateTransitions} state transition${estimate.stateTransitions === 1 ? '' : 's'}`,
    `${estimate.priceRegion} prices of ${estimate.asOf}`,
  ];
  return `≈ ${formatMoney(estimate.total, estimate.currency)} estimate${estimate.partial ? ' so far' : ''} (${parts.join('; ')})`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
