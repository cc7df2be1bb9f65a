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
import { defineCommand, type Args } from '../command-spec.js';
import { CONNECTION_OPTIONS, oneOf, service, type Service } from '../shared-options.js';
import { describeAsJson, type Output } from '../output.js';
import { readInput } from '../read-input.js';
import { withSession, type ServiceSession } from '../service-session.js';

type ExecutionCommand<N extends string> = Service & { readonly name: N; readonly execution: string };
interface StartCommand extends Service {
  readonly name: 'start';
  readonly machine: string;
  readonly input?: string;
  readonly executionName?: string;
  readonly wait: boolean;
}
interface StopCommand extends ExecutionCommand<'stop'> {
  readonly error?: string;
  readonly cause?: string;
}
interface ExecutionsCommand extends Service {
  readonly name: 'executions';
  readonly machine: string;
  readonly status?: string;
}

const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

/** The arguments of a command that takes one execution. */
function executionArgs<N extends string>(name: N, args: Args): ExecutionCommand<N> {
  return { name, execution: args.one('execution name or ARN'), ...service(args) };
}

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

async function startCommand(command: StartCommand, out: Output): Promise<number> {
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

async function watchCommand(command: ExecutionCommand<'watch'>, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: true }, out, async (session) => {
    const executionArn = await findExecutionArn(session.clients.sfn, command.execution);
    return follow(session, executionArn, command.json, out);
  });
}

/**
 * RedriveExecution, then the live view of the redriven attempt (its events after the previous
 * attempts' last one). Works against AWS and the local runtime alike.
 */
async function redriveCommand(command: ExecutionCommand<'redrive'>, out: Output): Promise<number> {
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

async function describeCommand(command: ExecutionCommand<'describe'>, out: Output): Promise<number> {
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

async function historyCommand(command: ExecutionCommand<'history'>, out: Output): Promise<number> {
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

async function stopCommand(command: StopCommand, out: Output): Promise<number> {
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

async function executionsCommand(command: ExecutionsCommand, out: Output): Promise<number> {
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


export const start = defineCommand({
  words: 'start',
  section: 'stepfunctions',
  usage: '<machine> [--input JSON|@file] [--name NAME] [--wait] [--json]',
  options: { ...CONNECTION_OPTIONS, json: 'boolean', input: 'string', name: 'string', wait: 'boolean', 'time-scale': 'string' },
  parse: (args): StartCommand => {
    const input = args.string('input');
    const executionName = args.string('name');
    return {
      name: 'start',
      machine: args.one('state machine name or ARN'),
      wait: args.boolean('wait'),
      ...(input !== undefined ? { input } : {}),
      ...(executionName !== undefined ? { executionName } : {}),
      ...service(args),
    };
  },
  run: (command, { out }) => startCommand(command, out),
});

export const watch = defineCommand({
  words: 'watch',
  section: 'stepfunctions',
  usage: '<execution> [--json]',
  summary: 'live progress until it ends; exit 0 only on SUCCEEDED',
  options: { ...CONNECTION_OPTIONS, json: 'boolean', 'time-scale': 'string' },
  parse: (args) => executionArgs('watch', args),
  run: (command, { out }) => watchCommand(command, out),
});

export const describe = defineCommand({
  words: 'describe',
  section: 'stepfunctions',
  usage: '<execution> [--json]',
  options: { ...CONNECTION_OPTIONS, json: 'boolean' },
  parse: (args) => executionArgs('describe', args),
  run: (command, { out }) => describeCommand(command, out),
});

export const history = defineCommand({
  words: 'history',
  section: 'stepfunctions',
  usage: '<execution> [--json]',
  options: { ...CONNECTION_OPTIONS, json: 'boolean' },
  parse: (args) => executionArgs('history', args),
  run: (command, { out }) => historyCommand(command, out),
});

export const stop = defineCommand({
  words: 'stop',
  section: 'stepfunctions',
  usage: '<execution> [--error E] [--cause C]',
  options: { ...CONNECTION_OPTIONS, json: 'boolean', error: 'string', cause: 'string' },
  parse: (args): StopCommand => {
    const error = args.string('error');
    const cause = args.string('cause');
    return { ...executionArgs('stop', args), ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
  },
  run: (command, { out }) => stopCommand(command, out),
});

export const redrive = defineCommand({
  words: 'redrive',
  section: 'stepfunctions',
  usage: '<execution> [--json]',
  summary: `RedriveExecution: rerun a FAILED, TIMED_OUT or ABORTED execution from the
states that did not succeed, with the live view; exit 0 only on SUCCEEDED`,
  options: { ...CONNECTION_OPTIONS, json: 'boolean', 'time-scale': 'string' },
  parse: (args) => executionArgs('redrive', args),
  run: (command, { out }) => redriveCommand(command, out),
});

export const executions = defineCommand({
  words: 'executions',
  section: 'stepfunctions',
  usage: '<machine> [--status RUNNING|SUCCEEDED|FAILED|TIMED_OUT|ABORTED] [--json]',
  options: { ...CONNECTION_OPTIONS, json: 'boolean', status: 'string' },
  parse: (args): ExecutionsCommand => {
    const status = oneOf('status', args.string('status'), EXECUTION_STATUSES);
    return { name: 'executions', machine: args.one('state machine name or ARN'), ...(status ? { status } : {}), ...service(args) };
  },
  run: (command, { out }) => executionsCommand(command, out),
});
