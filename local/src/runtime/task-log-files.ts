/**
 * Reading the container logs the ECS emulation keeps per task (`<logDir>/<taskId>.jsonl`, one
 * `{timestamp, stream, message}` per line), and finding an execution's tasks in its history.
 */
import { readFile } from 'node:fs/promises';
import { taskLogFile } from '../integrations/ecs/task-logs.js';
import type { HistoryEvent } from '../engine/types.js';

export interface TaskLogEntry {
  readonly taskArn: string;
  readonly timestamp: number;
  readonly stream: string;
  readonly message: string;
}

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

/** One task's log lines (empty when it wrote none or the file is gone). */
export async function readTaskLog(logDir: string, taskArn: string): Promise<TaskLogEntry[]> {
  const taskId = taskArn.slice(taskArn.lastIndexOf('/') + 1);
  let text: string;
  try {
    text = await readFile(taskLogFile(logDir, taskId), 'utf8');
  } catch {
    return [];
  }
  const entries: TaskLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const raw = JSON.parse(line) as { timestamp: number; stream: string; message: string };
      entries.push({ taskArn, timestamp: raw.timestamp, stream: raw.stream, message: raw.message });
    } catch {
      // a torn last line after a crash
    }
  }
  return entries;
}
