/**
 * Facts read from an execution's history events with no I/O: the details member of an event, the ECS
 * tasks it ran. Shared by the CLI and the web console (bundled for the browser, so no Node import here).
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** An ECS task an execution ran, as its history shows it (RunTask responses and stopped-task payloads). */
export interface HistoryTask {
  readonly taskArn: string;
  readonly taskDefinitionArn?: string;
  readonly containerNames: readonly string[];
  /** The stopped task, when the history has it (TaskSucceeded output or TaskFailed cause). */
  stopped?: EcsTaskJson;
}

/** The PascalCase task JSON Step Functions puts in history (ref. 1.2). */
export interface EcsTaskJson {
  TaskArn?: string;
  TaskDefinitionArn?: string;
  LastStatus?: string;
  StopCode?: string;
  StoppedReason?: string;
  Containers?: { Name?: string; ExitCode?: number; Reason?: string }[];
  Tasks?: EcsTaskJson[];
}

export function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `<type>EventDetails` member of an event ({} when it has none). */
export function detailsOf(event: object): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') return value as Record<string, unknown>;
  }
  return {};
}

/** The ECS tasks in these events, in order of first appearance. */
export function tasksInHistory(events: readonly HistoryEvent[]): HistoryTask[] {
  const tasks = new Map<string, HistoryTask>();
  const note = (json: EcsTaskJson, stopped: boolean): void => {
    for (const task of json.Tasks ?? [json]) {
      if (!task.TaskArn) continue;
      const known = tasks.get(task.TaskArn);
      const containerNames = (task.Containers ?? []).map((c) => c.Name).filter((n): n is string => typeof n === 'string');
      const entry: HistoryTask = known ?? { taskArn: task.TaskArn, containerNames, ...(task.TaskDefinitionArn ? { taskDefinitionArn: task.TaskDefinitionArn } : {}) };
      if (stopped && task.LastStatus === 'STOPPED') entry.stopped = task;
      tasks.set(task.TaskArn, entry);
    }
  };
  for (const event of events) {
    if (!event.type?.startsWith('Task')) continue;
    const d = detailsOf(event);
    for (const field of ['output', 'cause']) {
      const json = parseJson(d[field]);
      if (json && typeof json === 'object') note(json as EcsTaskJson, event.type !== 'TaskSubmitted');
    }
  }
  return [...tasks.values()];
}

