/** Finding an execution's ECS tasks in its history, to read their logs (integrations/ecs/task-logs.ts). */
import type { HistoryEvent } from '../engine/types.js';

const TASK_ARN = /arn:aws:ecs:[^:"\\]+:\d+:task\/[^"\\/]+\/[A-Za-z0-9-]+/g;

/** Task ARNs the execution's task events mention, in order of first appearance. */
export function taskArnsInHistory(events: readonly HistoryEvent[]): string[] {
  const found = new Set<string>();
  for (const event of events) {
    if (!event.type.startsWith('Task')) continue;
    for (const match of JSON.stringify(event).matchAll(TASK_ARN)) found.add(match[0]);
  }
  return [...found];
}
