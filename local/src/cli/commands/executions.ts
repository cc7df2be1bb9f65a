/**
 * The Step Functions commands, through the SDK against AWS or the local runtime alike:
 * `start`, `watch`, `redrive`, `describe`, `history`, `stop`, `executions`. Exit status 0 only on SUCCEEDED for
 * the commands that wait for an end.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionStatus,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { HistoryEvent as EngineHistoryEvent } from '../../engine/types.js';
import { readHistory, watchExecution } from '../../clients/execution-history.js';
import { findExecutionArn, findStateMachineArn } from '../../clients/find-state-machine.js';
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { costLine, describeTasksByCluster } from '../execution-cost.js';
import { reportExecutionFailure } from '../failure-report.js';
import { LiveView } from '../live-view.js';
import { LiveStatus } from '../live-status.js';
import { lastLogLineReader } from '../../clients/task-log-streams.js';
import type { Command } from '../parse-command.js';
import { describeAsJson, type Output } from '../output.js';
import { readInput } from '../read-input.js';
import { withSession, type ServiceSession } from '../service-session.js';

type Of<N extends Command['name']> = Extract<Command, { name: N }>;

/** Follows an execution to its end with the live view; prints the output or the failure report. */
async function follow(session: ServiceSession, executionArn: string, json: boolean, out: Output, afterEventId = 0): Promise<number> {
  const view = new LiveView({ failureReportFollows: true });
  const live = json ? undefined : new LiveStatus(view, out, { lastLog: lastLogLineReader(session.clients.ecs, session.clients.logs) });
  const events: HistoryEvent[] = [];
  let result;
  try {
    result = await watchExecution(
      session.clients.sfn,
      executionArn,
      (event) => {
        events.push(event);
        live?.event(event as unknown as EngineHistoryEvent);
      },
      { afterEventId },
    );
  } finally {
    await live?.finish();
  }
  if (json) out.out(JSON.stringify(describeAsJson(result), null, 2));
  else if (result.output !== undefined) out.out(JSON.stringify(JSON.parse(result.output), null, 2));
  if (result.status !== 'SUCCEEDED') await reportExecutionFailure(session.clients, events, result, out);
  return result.status === 'SUCCEEDED' ? 0 : 1;
}

export async function startCommand(command: Of<'start'>, out: Output): Promise<number> {
  const input = await readInput(command.input, process.cwd());
  return withSession({ ...command, inProcess: command.wait }, out, async (session) => {
    const stateMachineArn = await findStateMachineArn(session.clients.sfn, command.machine, command.connection.stage);
    const started = await session.clients.sfn.send(
      new StartExecutionCommand({ stateMachineArn, input, ...(command.executionName ? { name: command.executionName } : {}) }),
    );
    if (!command.wait) {
      out.out(command.json ? JSON.stringify(describeAsJson(started), null, 2) : started.executionArn!);
      return 0;
    }
    if (!command.json) out.err(`sfn-ecs: started ${started.executionArn} on ${session.where}`);
    return follow(session, started.executionArn!, command.json, out);
  });
}

export async function watchCommand(command: Of<'watch'>, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: true }, out, async (session) => {
    const executionArn = await findExecutionArn(session.clients.sfn, command.execution);
    return follow(session, executionArn, command.json, out);
  });
}

/**
 * RedriveExecution, then the live view of the redriven attempt (its events after the previous
 * attempts' last one). Works against AWS and the local runtime alike.
 */
export async function redriveCommand(command: Of<'redrive'>, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: true }, out, async (session) => {
    const executionArn = await findExecutionArn(session.clients.sfn, command.execution);
    const newest = await session.clients.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1, includeExecutionData: false }));
    const lastEventId = newest.events?.[0]?.id ?? 0;
    const { redriveDate } = await session.clients.sfn.send(new RedriveExecutionCommand({ executionArn }));
    if (!command.json) out.err(`sfn-ecs: redrove ${executionArn} at ${redriveDate?.toISOString()} on ${session.where}`);
    return follow(session, executionArn, command.json, out, lastEventId);
  });
}

/** JSON text on one line (inputs are often pretty-printed files). */
function compact(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

function describeText(d: DescribeExecutionCommandOutput): string[] {
  const lines = [`${d.executionArn}`, `  status:  ${d.status}`, `  machine: ${d.stateMachineArn}`, `  started: ${d.startDate?.toISOString()}`];
  if (d.stopDate) lines.push(`  stopped: ${d.stopDate.toISOString()}`);
  if (d.redriveCount) lines.push(`  redriven: ${d.redriveCount} time(s), last at ${d.redriveDate?.toISOString()}`);
  if (d.redriveStatus === 'REDRIVABLE') lines.push('  redrive: possible (sfn-ecs redrive)');
  if (d.error) lines.push(`  error:   ${d.error}`);
  if (d.cause) lines.push(`  cause:   ${d.cause}`);
  if (d.input !== undefined) lines.push(`  input:   ${compact(d.input)}`);
  if (d.output !== undefined) lines.push(`  output:  ${d.output}`);
  return lines;
}

export async function describeCommand(command: Of<'describe'>, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: true }, out, async (session) => {
    const executionArn = await findExecutionArn(session.clients.sfn, command.execution);
    const result = await session.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (command.json) out.out(JSON.stringify(describeAsJson(result), null, 2));
    else {
      for (const line of describeText(result)) out.out(line);
      const { sfn, ecs } = session.clients;
      const cost = await costLine(
        {
          history: (arn) => readHistory(sfn, arn),
          describeTasks: (arns) => describeTasksByCluster(async (cluster, tasks) => (await ecs.send(new DescribeTasksCommand({ cluster, tasks }))).tasks ?? [], arns),
        },
        executionArn,
      ).catch((error: Error) => `unknown (${error.message})`);
      out.out(`  cost:    ${cost}`);
    }
    return 0;
  });
}

function summary(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['name', 'resource', 'error', 'cause', 'output', 'input'] as const) {
    const value = details[key];
    if (value === undefined) continue;
    const text = String(value);
    parts.push(`${key}=${text.length > 120 ? `${text.slice(0, 120)}…` : text}`);
  }
  return parts.join(' ');
}

export async function historyCommand(command: Of<'history'>, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: true }, out, async (session) => {
    const executionArn = await findExecutionArn(session.clients.sfn, command.execution);
    const events = await readHistory(session.clients.sfn, executionArn);
    if (command.json) {
      out.out(JSON.stringify({ events: events.map((e) => describeAsJson(e)) }, null, 2));
      return 0;
    }
    const { status } = await session.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    out.out(`${executionArn}  ${status}`);
    for (const event of events) {
      const details = Object.entries(event).find(([k]) => k.endsWith('EventDetails'))?.[1] as Record<string, unknown> | undefined;
      out.out(`${String(event.id).padStart(4)} ${event.timestamp?.toISOString()}  ${String(event.type).padEnd(28)} ${details ? summary(details) : ''}`.trimEnd());
    }
    return 0;
  });
}

export async function stopCommand(command: Of<'stop'>, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: false }, out, async (session) => {
    const executionArn = await findExecutionArn(session.clients.sfn, command.execution);
    // StopExecution answers a stopDate even for an execution that has already ended (AWS returns the
    // end date and changes nothing), so ask first and say truthfully that nothing was stopped.
    const before = await session.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (before.status !== 'RUNNING' && before.status !== 'PENDING_REDRIVE') {
      out.err(`sfn-ecs: nothing stopped: ${executionArn} had already ended (${before.status} at ${before.stopDate?.toISOString()}).`);
      return 1;
    }
    const { stopDate } = await session.clients.sfn.send(
      new StopExecutionCommand({ executionArn, ...(command.error !== undefined ? { error: command.error } : {}), ...(command.cause !== undefined ? { cause: command.cause } : {}) }),
    );
    out.out(command.json ? JSON.stringify({ executionArn, stopDate }, null, 2) : `stopped ${executionArn} at ${stopDate?.toISOString()}`);
    return 0;
  });
}

/** Pages read at most for `executions` (1000 each). */
const MAX_EXECUTION_PAGES = 10;

export async function executionsCommand(command: Of<'executions'>, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: true }, out, async (session) => {
    const stateMachineArn = await findStateMachineArn(session.clients.sfn, command.machine, command.connection.stage);
    const executions = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_EXECUTION_PAGES; page += 1) {
      const result = await session.clients.sfn.send(
        new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, ...(command.status ? { statusFilter: command.status as ExecutionStatus } : {}), ...(nextToken ? { nextToken } : {}) }),
      );
      executions.push(...(result.executions ?? []));
      nextToken = result.nextToken;
      if (!nextToken) break;
    }
    if (command.json) {
      out.out(JSON.stringify({ executions: executions.map((e) => describeAsJson(e)) }, null, 2));
      return 0;
    }
    if (executions.length === 0) out.err(`No executions of ${stateMachineArn}${command.status ? ` with status ${command.status}` : ''}.`);
    for (const e of executions) {
      out.out(`${String(e.name).padEnd(40)} ${String(e.status).padEnd(10)} ${e.startDate?.toISOString() ?? ''} ${e.stopDate?.toISOString() ?? ''}`.trimEnd());
    }
    return 0;
  });
}

