/** How `sfn-ecs logs`, `task run` and failure reports show log events: a header per stream, timestamped lines. */
import type { OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { LogStreamRef } from '../clients/task-log-streams.js';

export function streamHeader(stream: LogStreamRef): string {
  return `==> ${stream.logGroupName} ${stream.logStreamName} <==`;
}

export function logLine(event: OutputLogEvent): string {
  return `${new Date(event.timestamp ?? 0).toISOString()} ${event.message ?? ''}`;
}
