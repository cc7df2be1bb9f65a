/**
 * An execution's cost estimate for `run` and `describe`: the shared estimator (cost/estimate-cost.ts,
 * which the web console uses too) over the history, plus DescribeTasks for the tasks the history shows
 * without their stop (callback tasks).
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describeCost, estimateCost, tasksForCost } from '../cost/estimate-cost.js';
import { pricesInEffect } from '../cost/load-prices.js';

export interface CostSource {
  history(executionArn: string): Promise<readonly HistoryEvent[]>;
  describeTasks(taskArns: readonly string[]): Promise<readonly object[]>;
}

/** "≈ $0.000998 estimate (1 task: 60 vCPU-s, 120 GB-s; 7 state transitions; us-east-1 prices of 2026-11-30)". */
export async function costLine(source: CostSource, executionArn: string): Promise<string> {
  const events = await source.history(executionArn);
  const unstopped = [...tasksForCost(events).values()].filter((t) => t.billedSeconds === undefined).map((t) => t.taskArn);
  const described = unstopped.length > 0 ? await source.describeTasks(unstopped).catch(() => []) : [];
  const region = executionArn.split(':')[3] ?? 'us-east-1';
  return describeCost(estimateCost(events, { region, described: described as Record<string, unknown>[], prices: pricesInEffect() }));
}

/** DescribeTasks per cluster (taken from each task ARN), 100 tasks a call as the API allows. */
export async function describeTasksByCluster(describe: (cluster: string, tasks: string[]) => Promise<readonly object[]>, taskArns: readonly string[]): Promise<object[]> {
  const byCluster = new Map<string, string[]>();
  for (const arn of taskArns) {
    const cluster = /:task\/([^/]+)\//.exec(arn)?.[1] ?? 'default';
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), arn]);
  }
  const found: object[] = [];
  for (const [cluster, arns] of byCluster) for (let i = 0; i < arns.length; i += 100) found.push(...(await describe(cluster, arns.slice(i, i + 100))));
  return found;
}
