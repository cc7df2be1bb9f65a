/**
 * A task's CloudWatch log streams, found as the awslogs driver names them: the task definition's
 * `awslogs-group` and `awslogs-stream-prefix` (DescribeTaskDefinition), stream
 * `<prefix>/<container>/<task-id>`. Reading goes through GetLogEvents with its forward tokens, which
 * also serve `--follow`: the same token back means nothing new yet.
 */
import { GetLogEventsCommand, type CloudWatchLogsClient, type OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';

import { logStreamsOf, type LogStreamRef } from './log-stream-names.js';

export { logStreamsOf, type LogStreamRef } from './log-stream-names.js';

/** Pages read per stream at most in one call (10,000 events each): a bound, not a limit users meet. */
const MAX_PAGES = 1_000;

/** The streams of a task's containers that log with awslogs (empty when none does). */
export async function taskLogStreams(
  ecs: ECSClient,
  task: { readonly taskArn: string; readonly taskDefinitionArn?: string | undefined; readonly containerNames?: readonly string[] },
): Promise<LogStreamRef[]> {
  if (!task.taskDefinitionArn) return [];
  const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: task.taskDefinitionArn }));
  return logStreamsOf(taskDefinition, task);
}

/** Reads a stream forward from a token (or its start); `nextToken` is where to continue later. */
export async function readLogStream(
  logs: CloudWatchLogsClient,
  stream: LogStreamRef,
  options: { readonly fromToken?: string; readonly pageSize?: number } = {},
): Promise<{ events: OutputLogEvent[]; nextToken: string | undefined }> {
  const events: OutputLogEvent[] = [];
  let token = options.fromToken;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    let result;
    try {
      result = await logs.send(
        new GetLogEventsCommand({
          logGroupName: stream.logGroupName,
          logStreamName: stream.logStreamName,
          startFromHead: true,
          ...(options.pageSize ? { limit: options.pageSize } : {}),
          ...(token ? { nextToken: token } : {}),
        }),
      );
    } catch (error) {
      // A task that has not written yet has no stream on AWS: nothing to show, not a failure.
      if ((error as Error).name === 'ResourceNotFoundException') return { events, nextToken: token };
      throw error;
    }
    // The token handed back unchanged means the end of the stream: nothing new was read.
    if (result.nextForwardToken === token) break;
    events.push(...(result.events ?? []));
    token = result.nextForwardToken;
    if ((result.events ?? []).length === 0) break;
  }
  return { events, nextToken: token };
}

/**
 * Reads the newest log line of running tasks (their first awslogs stream), for the live view's
 * status line: one GetLogEvents from the tail per call, the task's streams looked up once.
 */
export function lastLogLineReader(
  ecs: ECSClient,
  logs: CloudWatchLogsClient,
): (task: { readonly taskArn: string; readonly taskDefinitionArn?: string; readonly containerNames?: readonly string[] }) => Promise<string | undefined> {
  const streams = new Map<string, Promise<LogStreamRef[]>>();
  return async (task) => {
    let found = streams.get(task.taskArn);
    if (!found) {
      found = taskLogStreams(ecs, task);
      streams.set(task.taskArn, found);
      found.catch(() => streams.delete(task.taskArn));
    }
    const [stream] = await found;
    if (!stream) return undefined;
    try {
      const result = await logs.send(new GetLogEventsCommand({ logGroupName: stream.logGroupName, logStreamName: stream.logStreamName, startFromHead: false, limit: 1 }));
      return result.events?.at(-1)?.message;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  };
}
