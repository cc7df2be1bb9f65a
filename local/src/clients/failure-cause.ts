/**
 * Why an execution failed, read from its history and DescribeExecution with no I/O: the failing
 * state, the task state that failed before it, the error and the cause decoded (exit code, stop code
 * and stopped reason from the task JSON). The CLI's failure report and the web console both say it
 * with these words.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { detailsOf, parseJson, tasksInHistory, type EcsTaskJson, type HistoryTask } from './history-facts.js';

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

/**
 * The failure a worker reported in its result line, its last log line
 * (`{"status":"failed","error":{"name","cause"}}`), as "Worker.Failed: could not connect to …".
 */
export function workerReportedFailure(line: string): string | undefined {
  const json = parseJson(line.trim()) as { status?: unknown; error?: { name?: unknown; cause?: unknown } } | undefined;
  const error = json && typeof json === 'object' && json.status === 'failed' ? json.error : undefined;
  if (!error || typeof error !== 'object') return undefined;
  return [error.name, error.cause].filter((part) => typeof part === 'string' && part !== '').join(': ') || undefined;
}

export function describeStop(d: DecodedCause): string {
  const parts = [d.exitCode !== undefined ? `exit code ${d.exitCode}` : 'no exit code'];
  if (d.stopCode) parts.push(`stop code ${d.stopCode}`);
  if (d.stoppedReason) parts.push(`stopped reason: ${d.stoppedReason}`);
  return parts.join(', ');
}

/** An ended execution's failure, explained. */
export interface FailureExplanation {
  /** First line, e.g. "✖ FAILED in state 'Worker rejected input'". */
  readonly headline: string;
  /** Further lines: the failed task state, the error, the decoded cause. */
  readonly details: readonly string[];
  /** The task whose log tail explains the failure, when a task ran. */
  readonly task?: HistoryTask;
}

/** The words of a failure report, from the execution's status, error and cause and its history. */
export function explainFailure(events: readonly HistoryEvent[], result: { status?: string; error?: string; cause?: string }): FailureExplanation {
  let state: string | undefined;
  let failedTaskState: { state: string | undefined; error?: string; cause?: string } | undefined;
  for (const event of events) {
    const d = detailsOf(event);
    if (event.type?.endsWith('StateEntered')) state = String(d.name);
    if (event.type === 'TaskFailed' || event.type === 'TaskTimedOut' || event.type === 'TaskStartFailed' || event.type === 'TaskSubmitFailed') {
      failedTaskState = { state, ...(typeof d.error === 'string' ? { error: d.error } : {}), ...(typeof d.cause === 'string' ? { cause: d.cause } : {}) };
    }
  }
  const details: string[] = [];
  if (failedTaskState && failedTaskState.state !== state) details.push(`after task state '${failedTaskState.state}' failed with ${failedTaskState.error ?? 'no error name'}`);
  if (result.error) details.push(`error: ${result.error}`);
  const decoded = decodeCause(result.cause) ?? decodeCause(failedTaskState?.cause);
  if (decoded) details.push(`cause: ${decoded.taskArn ? `task ${decoded.taskArn}: ` : ''}${describeStop(decoded)}`);
  else if (result.cause) details.push(`cause: ${result.cause}`);
  const tasks = tasksInHistory(events);
  const task = (decoded?.taskArn ? tasks.find((t) => t.taskArn === decoded.taskArn) : undefined) ?? tasks.at(-1);
  return { headline: `✖ ${result.status}${state ? ` in state '${state}'` : ''}`, details, ...(task ? { task } : {}) };
}
