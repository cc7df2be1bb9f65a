/**
 * Why an execution or a task failed, in one place: the failing state, the error, the cause decoded
 * (exit code, stop code and stopped reason from the task JSON) and the last lines of the failed task's
 * log, so nobody has to open the Step Functions, ECS and CloudWatch consoles to learn it.
 */
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { detailsOf, parseJson, tasksInHistory, type EcsTaskJson, type HistoryTask } from '../clients/execution-history.js';
import type { ServiceClients } from '../clients/service-clients.js';
import { readLogStream, taskLogStreams } from '../clients/task-log-streams.js';
import { logLine, streamHeader } from './log-lines.js';
import type { Output } from './output.js';

/** Log lines shown under a failure. */
export const FAILURE_LOG_LINES = 20;

export interface DecodedCause {
  readonly taskArn?: string;
  readonly exitCode?: number;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
}

/** The task facts in a cause: the PascalCase task JSON of States.TaskFailed, or a workflow's own summary. */
export function decodeCause(cause: string | undefined): DecodedCause | undefined {
  const json = parseJson(cause) as (EcsTaskJson & { taskArn?: string; exitCode?: number; stopCode?: string; stoppedReason?: string }) | undefined;
  if (!json || typeof json !== 'object') return undefined;
  if (json.TaskArn || json.Containers) {
    const exitCode = json.Containers?.[0]?.ExitCode;
    return {
      ...(json.TaskArn ? { taskArn: json.TaskArn } : {}),
      ...(exitCode !== undefined ? { exitCode } : {}),
      ...(json.StopCode ? { stopCode: json.StopCode } : {}),
      ...(json.StoppedReason ? { stoppedReason: json.StoppedReason } : {}),
    };
  }
  if (json.taskArn || json.exitCode !== undefined || json.stopCode) {
    return {
      ...(json.taskArn ? { taskArn: json.taskArn } : {}),
      ...(typeof json.exitCode === 'number' ? { exitCode: json.exitCode } : {}),
      ...(json.stopCode ? { stopCode: json.stopCode } : {}),
      ...(json.stoppedReason ? { stoppedReason: json.stoppedReason } : {}),
    };
  }
  return undefined;
}

export function describeStop(d: DecodedCause): string {
  const parts = [d.exitCode !== undefined ? `exit code ${d.exitCode}` : 'no exit code'];
  if (d.stopCode) parts.push(`stop code ${d.stopCode}`);
  if (d.stoppedReason) parts.push(`stopped reason: ${d.stoppedReason}`);
  return parts.join(', ');
}

/** The last `count` lines of each of the task's log streams. */
export async function printLogTail(clients: ServiceClients, task: HistoryTask | { taskArn: string; taskDefinitionArn?: string }, out: Output, count = FAILURE_LOG_LINES): Promise<void> {
  const streams = await taskLogStreams(clients.ecs, task);
  if (streams.length === 0) {
    out.err(`  (task ${task.taskArn} has no awslogs log stream)`);
    return;
  }
  for (const stream of streams) {
    const { events } = await readLogStream(clients.logs, stream);
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
  let state: string | undefined;
  let failedTaskState: { state: string | undefined; error?: string; cause?: string } | undefined;
  for (const event of events) {
    const d = detailsOf(event);
    if (event.type?.endsWith('StateEntered')) state = String(d.name);
    if (event.type === 'TaskFailed' || event.type === 'TaskTimedOut' || event.type === 'TaskStartFailed' || event.type === 'TaskSubmitFailed') {
      failedTaskState = { state, ...(typeof d.error === 'string' ? { error: d.error } : {}), ...(typeof d.cause === 'string' ? { cause: d.cause } : {}) };
    }
  }
  out.err(`✖ ${result.status}${state ? ` in state '${state}'` : ''}`);
  if (failedTaskState && failedTaskState.state !== state) out.err(`  after task state '${failedTaskState.state}' failed with ${failedTaskState.error ?? 'no error name'}`);
  if (result.error) out.err(`  error: ${result.error}`);
  const decoded = decodeCause(result.cause) ?? decodeCause(failedTaskState?.cause);
  if (decoded) out.err(`  cause: ${decoded.taskArn ? `task ${decoded.taskArn}: ` : ''}${describeStop(decoded)}`);
  else if (result.cause) out.err(`  cause: ${result.cause}`);
  const tasks = tasksInHistory(events);
  const failed = (decoded?.taskArn ? tasks.find((t) => t.taskArn === decoded.taskArn) : undefined) ?? tasks.at(-1);
  if (failed) await printLogTail(clients, failed, out);
}
