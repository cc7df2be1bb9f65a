/**
 * Why an execution or a task failed, in one place: the failing state, the error, the cause decoded
 * (exit code, stop code and stopped reason from the task JSON) and the last lines of the failed task's
 * log, so nobody has to open the Step Functions, ECS and CloudWatch consoles to learn it. The words
 * come from clients/failure-cause.ts, which the web console shares.
 */
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import type { HistoryTask } from '../clients/history-facts.js';
import { explainFailure, workerReportedFailure } from '../clients/failure-cause.js';
import type { ServiceClients } from '../clients/service-clients.js';
import { readLogStream, taskLogStreams } from '../clients/task-log-streams.js';
import { logLine, streamHeader } from './log-lines.js';
import type { Output } from './output.js';

/** Log lines shown under a failure. */
export const FAILURE_LOG_LINES = 20;

/**
 * The last `count` lines of each of the task's log streams, after the failure the worker reported in
 * its result line (its own words, e.g. "could not connect to …"), when it did.
 */
export async function printLogTail(clients: ServiceClients, task: HistoryTask | { taskArn: string; taskDefinitionArn?: string }, out: Output, count = FAILURE_LOG_LINES): Promise<void> {
  const streams = await taskLogStreams(clients.ecs, task);
  if (streams.length === 0) {
    out.err(`  (task ${task.taskArn} has no awslogs log stream)`);
    return;
  }
  const read = await Promise.all(streams.map(async (stream) => ({ stream, events: (await readLogStream(clients.logs, stream)).events })));
  const reported = read.flatMap(({ events }) => events.map((event) => workerReportedFailure(event.message ?? ''))).filter((reason) => reason !== undefined);
  if (reported.length > 0) out.err(`  worker: ${reported.at(-1)}`);
  for (const { stream, events } of read) {
    out.err(`last ${Math.min(count, events.length)} log lines: ${streamHeader(stream)}`);
    for (const event of events.slice(-count)) out.err(`  ${logLine(event)}`);
  }
}

/** Prints the failure report of an ended execution on stderr. */
export async function reportExecutionFailure(
  clients: ServiceClients,
  events: readonly HistoryEvent[],
  result: DescribeExecutionOutput,
  out: Output,
): Promise<void> {
  const explained = explainFailure(events, result);
  out.err(explained.headline);
  for (const line of explained.details) out.err(`  ${line}`);
  if (explained.task) await printLogTail(clients, explained.task, out);
}
