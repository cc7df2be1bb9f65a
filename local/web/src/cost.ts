/** An execution's cost estimate in the page: the shared estimator over its history, plus DescribeTasks for tasks the history shows unstopped. */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ecs, sfn, type WireEvent } from './api.js';
import { DEFAULT_PRICES, describeCost, estimateCost, formatMoney, tasksForCost, type CostEstimate, type PriceTable } from '../../src/cost/estimate-cost.js';

let prices: Promise<PriceTable> | undefined;

/** The table the server's estimates use (SFN_ECS_PRICES may override the bundled one). */
function pricesInEffect(): Promise<PriceTable> {
  prices ??= fetch('/console-api/prices').then((r) => (r.ok ? (r.json() as Promise<PriceTable>) : DEFAULT_PRICES)).catch(() => DEFAULT_PRICES);
  return prices;
}

export async function costOf(events: readonly WireEvent[], executionArn: string): Promise<CostEstimate> {
  const history = events as unknown as HistoryEvent[];
  const region = executionArn.split(':')[3] ?? 'us-east-1';
  const unstopped = [...tasksForCost(history).values()].filter((t) => t.billedSeconds === undefined).map((t) => t.taskArn);
  const described = unstopped.length ? await ecs.describeTasks(unstopped).catch(() => []) : [];
  return estimateCost(history, { region, described: described as unknown as Record<string, unknown>[], prices: await pricesInEffect() });
}

export async function costOfExecution(executionArn: string): Promise<CostEstimate> {
  return costOf(await sfn.history(executionArn), executionArn);
}

export function costText(estimate: CostEstimate): string {
  return `${formatMoney(estimate.total, estimate.currency)}${estimate.partial ? ' so far' : ''}`;
}

export { describeCost };
