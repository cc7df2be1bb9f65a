/**
 * Connects the local ECS cluster to the log store as the awslogs driver would: each task's container
 * with an awslogs group gets the stream `<prefix>/<container>/<task-id>` when the task is created,
 * and the task's TASK_TOKEN override is handed to the store's redaction guard.
 */
import type { Task } from '@aws-sdk/client-ecs';
import type { LocalTaskDefinition } from '../integrations/ecs/task-definition.js';
import { taskLogFile } from '../integrations/ecs/task-logs.js';
import type { LogStore } from './log-store.js';

/** The subset of the ECS emulation this needs. */
export interface TaskStateSource {
  onTaskStateChange(listener: (task: Task) => void): () => void;
}

export interface EcsLogStreamsOptions {
  readonly ecs: TaskStateSource;
  readonly store: LogStore;
  readonly taskDefinitions: readonly LocalTaskDefinition[];
  /** The ECS emulation's task log directory (integrations/ecs/task-logs.ts). */
  readonly taskLogDir: string;
}

/** The awslogs stream name: `prefix-name/container-name/ecs-task-id`. */
export function awslogsStreamName(prefix: string | undefined, containerName: string, taskId: string): string {
  return prefix ? `${prefix}/${containerName}/${taskId}` : `${containerName}/${taskId}`;
}

/** Declares the task definitions' log groups and follows new tasks; returns the unsubscribe function. */
export function connectEcsLogStreams(options: EcsLogStreamsOptions): () => void {
  const { store, taskDefinitions } = options;
  for (const definition of taskDefinitions) {
    for (const container of definition.containers) if (container.logGroup) store.ensureGroup(container.logGroup);
  }
  const seen = new Set<string>();
  return options.ecs.onTaskStateChange((task) => {
    const arn = task.taskArn ?? '';
    if (seen.has(arn)) return;
    seen.add(arn);
    for (const override of task.overrides?.containerOverrides ?? []) {
      for (const variable of override.environment ?? []) {
        if (variable.name === 'TASK_TOKEN' && variable.value) store.addSecret(variable.value);
      }
    }
    const definition = taskDefinitions.find((d) => d.taskDefinitionArn === task.taskDefinitionArn);
    // The emulation keeps one output file per task, so it is the stream of the first container that logs.
    const container = definition?.containers.find((c) => c.logGroup);
    if (!container?.logGroup) return;
    const taskId = arn.slice(arn.lastIndexOf('/') + 1);
    void store.addTaskStream({
      logGroupName: container.logGroup,
      logStreamName: awslogsStreamName(container.logStreamPrefix, container.name, taskId),
      creationTime: task.createdAt instanceof Date ? task.createdAt.getTime() : Date.now(),
      file: taskLogFile(options.taskLogDir, taskId),
    });
  });
}
