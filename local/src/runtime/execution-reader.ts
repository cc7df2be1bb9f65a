/**
 * Read-only access to the executions kept in a data folder, for `sfn-ecs history` and `logs`: it
 * starts no server and changes nothing, so it is safe while `sfn-ecs serve` runs on the same folder.
 */
import { join } from 'node:path';
import type { HistoryEvent } from '../engine/types.js';
import type { ExecutionRecord } from './execution-record.js';
import { ExecutionStore } from './execution-store.js';
import { readTaskLog, type TaskLogEntry } from '../integrations/ecs/task-logs.js';
import { taskArnsInHistory } from './execution-tasks.js';

export interface ExecutionReader {
  /** The newest execution whose name or ARN is given; undefined when none. */
  find(nameOrArn: string): ExecutionRecord | undefined;
  history(record: ExecutionRecord): Promise<readonly HistoryEvent[]>;
  logs(record: ExecutionRecord): Promise<TaskLogEntry[]>;
}

/** Where the runtime keeps executions and task logs under its data folder. */
export const DATA_LAYOUT = { executions: 'executions', taskLogs: 'task-logs', stateMachines: 'state-machines', s3: 's3', logs: 'logs', containers: 'containers' } as const;

/** The task logs of these history events' ECS tasks, in time order. */
export async function logsOfHistory(logDir: string, events: readonly HistoryEvent[]): Promise<TaskLogEntry[]> {
  const logs = await Promise.all(taskArnsInHistory(events).map((arn) => readTaskLog(logDir, arn)));
  return logs.flat().sort((a, b) => a.timestamp - b.timestamp);
}

export async function openExecutionReader(dataDir: string): Promise<ExecutionReader> {
  const store = await ExecutionStore.open(join(dataDir, DATA_LAYOUT.executions));
  return {
    find: (nameOrArn) => store.list().find((r) => r.executionArn === nameOrArn || r.name === nameOrArn),
    history: (record) => store.readHistory(record),
    logs: async (record) => logsOfHistory(join(dataDir, DATA_LAYOUT.taskLogs), await store.readHistory(record)),
  };
}
