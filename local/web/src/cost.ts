/** An execution's cost estimate in the page: the shared estimator over its history, plus DescribeTasks for tasks the history shows unstopped. */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ecs, sfn, type WireEvent } from './api.js';
import { describeCost, estimateCost, formatMoney, tasksForCost, type CostEstimate } from '../../src/cost/estimate-cost.js';

export async function costOf(events: readonly WireEvent[], executionArn: string): Promise<CostEstimate> {
  const history = events as unknown as HistoryEvent[];
  const region = executionArn.split(':')[3] ?? 'us-east-1';
  const unstopped = [...tasksForCost(history).values()].filter((t) => t.billedSeconds === undefined).map((t) => t.taskArn);
  const described = unstopped.length ? await ecs.describeTasks(unstopped).catch(() => []) : [];
  return estimateCost(history, { region, described: described as unknown as Record<string, unknown>[] });
}

export async function costOfExecution(executionArn: string): Promise<CostEstimate> {
  return costOf(await sfn.history(executionArn), executionArn);
}

export function costText(estimate: CostEstimate): string {
  return `${formatMoney(estimate.total, estimate.currency)}${estimate.partial ? ' so far' : ''}`;
}

export { describeCost };
