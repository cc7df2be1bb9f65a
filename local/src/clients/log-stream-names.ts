/**
 * How the awslogs driver names a task's log streams: the task definition's `awslogs-group` and
 * `awslogs-stream-prefix`, stream `<prefix>/<container>/<task-id>`. No I/O (the web console shares it).
 */

export interface LogStreamRef {
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly containerName: string;
}

/** The parts of a task definition (DescribeTaskDefinition's shape) the stream names come from. */
export interface TaskDefinitionLike {
  readonly containerDefinitions?: readonly {
    readonly name?: string;
    readonly logConfiguration?: { readonly logDriver?: string; readonly options?: Record<string, string> };
  }[];
}

/** The streams of a task's containers that log with awslogs, from its task definition (empty when none does). */
export function logStreamsOf(
  taskDefinition: TaskDefinitionLike | undefined,
  task: { readonly taskArn: string; readonly containerNames?: readonly string[] },
): LogStreamRef[] {
  const taskId = task.taskArn.slice(task.taskArn.lastIndexOf('/') + 1);
  const streams: LogStreamRef[] = [];
  for (const container of taskDefinition?.containerDefinitions ?? []) {
    const options = container.logConfiguration?.logDriver === 'awslogs' ? container.logConfiguration.options : undefined;
    const group = options?.['awslogs-group'];
    if (!group || !container.name) continue;
    if (task.containerNames && task.containerNames.length > 0 && !task.containerNames.includes(container.name)) continue;
    const prefix = options['awslogs-stream-prefix'];
    streams.push({ logGroupName: group, logStreamName: prefix ? `${prefix}/${container.name}/${taskId}` : `${container.name}/${taskId}`, containerName: container.name });
  }
  return streams;
}
