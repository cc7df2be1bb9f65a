/**
 * `sfn-ecs task run|status|stop|list`: ECS tasks of the worker image through the SDK, on AWS or the
 * local runtime. `task run` is the end-to-end test runner: RunTask with the same container overrides as
 * the workflows, wait for STOPPED, then the exit code, stop code, reason, timings, the result line and
 * the logs; its exit status is the container's exit code (1 when the task could not start).
 */
import { randomUUID } from 'node:crypto';
import {
  DescribeTasksCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type DesiredStatus,
  type KeyValuePair,
  type RunTaskCommandInput,
  type Task,
} from '@aws-sdk/client-ecs';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { findStateMachineArn } from '../../clients/find-state-machine.js';
import { readLogStream, taskLogStreams } from '../../clients/task-log-streams.js';
import { resolveTaskSettings, settingsFromDefinition } from '../../clients/task-settings.js';
import { describeStop } from '../../clients/failure-cause.js';
import { logLine, streamHeader } from '../log-lines.js';
import { defineCommand, usageError } from '../command-spec.js';
import { CONNECTION_OPTIONS, oneOf, service, TASK_TARGET_HELP, TASK_TARGET_OPTIONS, taskTarget, type Service, type TaskTargetFlags } from '../shared-options.js';
import { describeAsJson, type Output } from '../output.js';
import { readInput } from '../read-input.js';
import { withSession, type ServiceSession } from '../service-session.js';
import { UserError } from '../user-error.js';

interface TaskRunCommand extends Service {
  readonly name: 'task-run';
  readonly mode: string;
  readonly input?: string;
  readonly env: readonly string[];
  readonly cpu?: string;
  readonly memory?: string;
  readonly spot: boolean;
  readonly wait: boolean;
  readonly target: TaskTargetFlags;
}
interface TaskStatusCommand extends Service {
  readonly name: 'task-status';
  readonly task: string;
  readonly cluster?: string;
}
interface TaskStopCommand extends Service {
  readonly name: 'task-stop';
  readonly task: string;
  readonly reason?: string;
  readonly cluster?: string;
}
interface TaskListCommand extends Service {
  readonly name: 'task-list';
  readonly status?: string;
  readonly target: TaskTargetFlags;
}

const TASK_STATUSES = ['RUNNING', 'PENDING', 'STOPPED'];

/** `task run` asks for the task's status after 250 ms, then twice as long each time up to 2 s (quick tasks return quickly, long ones cost few calls). */
export const TASK_POLL_FIRST_MS = 250;
export const TASK_POLL_MAX_MS = 2_000;
/** `task run` stops waiting after this long (Step Functions' sync workflow times out at 1 h by default). */
const TASK_WAIT_LIMIT_MS = 24 * 60 * 60 * 1000;
/** What RunTask records as the starter, so `task list` shows where a task came from. */
export const STARTED_BY = 'sfn-ecs-cli';

const TASK_ARN = /^arn:aws[\w-]*:ecs:[^:]*:\d*:task\/([^/]+)\/([^/]+)$/;

function clusterOfTask(taskArn: string, flag: string | undefined): string {
  const cluster = TASK_ARN.exec(taskArn)?.[1] ?? flag;
  if (!cluster) throw new UserError(`Give the task's full ARN (arn:aws:ecs:<region>:<account>:task/<cluster>/<id>) or --cluster.`, 2);
  return cluster;
}

/** Environment overrides with the workflows' precedence: --env < MODE, TASK_INPUT, TASK_NAME, ARTIFACT_*. */
export function taskEnvironment(pairs: readonly string[], workflow: Record<string, string>): KeyValuePair[] {
  const env = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    env.set(pair.slice(0, at), pair.slice(at + 1));
  }
  for (const [name, value] of Object.entries(workflow)) env.set(name, value);
  return [...env].map(([name, value]) => ({ name, value }));
}

/** The worker's result: the last log line that is a JSON object with status and mode (contract). */
export function resultLine(messages: readonly string[]): Record<string, unknown> | undefined {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const text = messages[i]!.trim();
    if (!text.startsWith('{')) continue;
    try {
      const value = JSON.parse(text) as Record<string, unknown>;
      if (value && typeof value === 'object' && 'status' in value && 'mode' in value && 'taskName' in value) return value;
    } catch {
      // not the result line
    }
  }
  return undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function describeOne(session: ServiceSession, cluster: string, taskArn: string): Promise<Task> {
  const { tasks, failures } = await session.clients.ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
  const task = tasks?.[0];
  if (!task) throw new UserError(`Task ${taskArn} not found in ${cluster} (${failures?.[0]?.reason ?? 'MISSING'}).`, 1);
  return task;
}

const seconds = (from: Date | undefined, to: Date | undefined): string =>
  from && to ? `${((to.getTime() - from.getTime()) / 1000).toFixed(1)}s` : '-';

function taskLines(task: Task): string[] {
  const container = task.containers?.[0];
  return [
    `${task.taskArn}`,
    `  status:      ${task.lastStatus} (desired ${task.desiredStatus})`,
    `  definition:  ${task.taskDefinitionArn}`,
    `  size:        ${task.cpu} CPU units, ${task.memory} MiB${task.capacityProviderName ? `, ${task.capacityProviderName}` : ''}`,
    `  created:     ${task.createdAt?.toISOString() ?? '-'}`,
    ...(task.startedAt ? [`  started:     ${task.startedAt.toISOString()} (${seconds(task.createdAt, task.startedAt)} after creation)`] : []),
    ...(task.stoppedAt ? [`  stopped:     ${task.stoppedAt.toISOString()} (ran ${seconds(task.startedAt ?? task.createdAt, task.stoppedAt)})`] : []),
    ...(task.lastStatus === 'STOPPED'
      ? [
          `  exit:        ${describeStop({
            ...(container?.exitCode !== undefined ? { exitCode: container.exitCode } : {}),
            ...(task.stopCode ? { stopCode: task.stopCode } : {}),
            ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
          })}`,
        ]
      : []),
    ...(container?.reason ? [`  container:   ${container.reason}`] : []),
  ];
}

async function taskRunCommand(command: TaskRunCommand, out: Output): Promise<number> {
  const input = await readInput(command.input, process.cwd());
  return withSession({ ...command, inProcess: command.wait }, out, async (session) => {
    const settings = await resolveTaskSettings(session.clients.sfn, { ...command.target, ...(command.connection.stage ? { stage: command.connection.stage } : {}) });
    const taskName = `cli-${randomUUID()}`;
    const request: RunTaskCommandInput = {
      cluster: settings.cluster,
      taskDefinition: settings.taskDefinition,
      count: 1,
      startedBy: STARTED_BY,
      networkConfiguration: { awsvpcConfiguration: { subnets: [...settings.subnets], securityGroups: [...settings.securityGroups], assignPublicIp: 'DISABLED' } },
      overrides: {
        containerOverrides: [
          {
            name: settings.containerName,
            environment: taskEnvironment(command.env, {
              MODE: command.mode,
              TASK_INPUT: input,
              TASK_NAME: taskName,
              ...(settings.artifactBucket ? { ARTIFACT_BUCKET: settings.artifactBucket } : {}),
              ARTIFACT_PREFIX: `runs/${taskName}/`,
            }),
          },
        ],
        ...(command.cpu ? { cpu: command.cpu } : {}),
        ...(command.memory ? { memory: command.memory } : {}),
      },
      ...(command.spot ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] } : { launchType: 'FARGATE' }),
    };
    const started = await session.clients.ecs.send(new RunTaskCommand(request)).catch((error: Error & { $metadata?: unknown }) => {
      if (error.$metadata === undefined) throw error;
      const hint =
        error.name === 'ClientException' && /TaskDefinition|task definition/i.test(error.message)
          ? ` (task definition ${settings.taskDefinition}; pass --task-definition)`
          : /subnet/i.test(error.message)
            ? ' (pass --subnets a,b or deploy with --param="subnets=...")'
            : '';
      throw new UserError(`RunTask failed: ${error.name}: ${error.message}${hint}`, 1);
    });
    if (started.failures && started.failures.length > 0) {
      for (const failure of started.failures) out.err(`RunTask failure: ${failure.arn ?? ''} ${failure.reason ?? ''}${failure.detail ? ` (${failure.detail})` : ''}`);
      out.err('The task did not start.');
      return 1;
    }
    const taskArn = started.tasks?.[0]?.taskArn;
    if (!taskArn) throw new UserError('RunTask returned no task and no failure.', 1);
    if (!command.wait) {
      out.out(command.json ? JSON.stringify(describeAsJson(started.tasks![0]!), null, 2) : taskArn);
      return 0;
    }
    out.err(`sfn-ecs: task ${taskArn} (${command.mode}, TASK_NAME ${taskName}) on ${session.where}`);

    const onSignal = (): void => {
      out.err('stopping the task (Ctrl-C again to leave it running)…');
      process.off('SIGINT', onSignal);
      void session.clients.ecs.send(new StopTaskCommand({ cluster: settings.cluster, task: taskArn, reason: 'Stopped with Ctrl-C from sfn-ecs task run' })).catch(() => undefined);
    };
    process.on('SIGINT', onSignal);
    let task: Task;
    let status = '';
    try {
      const until = Date.now() + TASK_WAIT_LIMIT_MS;
      for (let poll = 0; ; poll += 1) {
        task = await describeOne(session, settings.cluster, taskArn);
        if (task.lastStatus !== status) {
          status = task.lastStatus ?? '';
          if (!command.json) out.err(`  ${new Date().toISOString()} ${status}`);
        }
        if (status === 'STOPPED' || Date.now() > until) break;
        await sleep(Math.min(TASK_POLL_MAX_MS, TASK_POLL_FIRST_MS * 2 ** poll));
      }
    } finally {
      process.off('SIGINT', onSignal);
    }
    const streams = await taskLogStreams(session.clients.ecs, { taskArn, ...(task.taskDefinitionArn ? { taskDefinitionArn: task.taskDefinitionArn } : {}) });
    const logs = await Promise.all(streams.map(async (stream) => ({ stream, events: (await readLogStream(session.clients.logs, stream)).events })));
    const result = resultLine(logs.flatMap(({ events }) => events.map((e) => e.message ?? '')));
    const container = task.containers?.find((c) => c.name === settings.containerName) ?? task.containers?.[0];
    const exitCode = container?.exitCode;
    if (command.json) {
      out.out(JSON.stringify({ task: describeAsJson(task), result: result ?? null }, null, 2));
    } else {
      for (const { stream, events } of logs) {
        out.err(streamHeader(stream));
        for (const event of events) out.err(logLine(event));
      }
      for (const line of taskLines(task)) out.err(line);
      if (result) out.out(JSON.stringify(result));
      if (exitCode === undefined) out.err(`The task did not run: ${task.stoppedReason ?? task.stopCode ?? 'no reason given'}`);
    }
    if (task.lastStatus !== 'STOPPED') throw new UserError(`Gave up waiting for ${taskArn} to stop.`, 1);
    return exitCode ?? 1;
  });
}

async function taskStatusCommand(command: TaskStatusCommand, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: false }, out, async (session) => {
    const task = await describeOne(session, clusterOfTask(command.task, command.cluster), command.task);
    if (command.json) out.out(JSON.stringify(describeAsJson(task), null, 2));
    else for (const line of taskLines(task)) out.out(line);
    return 0;
  });
}

async function taskStopCommand(command: TaskStopCommand, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: false }, out, async (session) => {
    const cluster = clusterOfTask(command.task, command.cluster);
    const { task } = await session.clients.ecs.send(new StopTaskCommand({ cluster, task: command.task, ...(command.reason ? { reason: command.reason } : {}) }));
    if (command.json) out.out(JSON.stringify(describeAsJson(task ?? {}), null, 2));
    else out.out(`stopping ${task?.taskArn}: ${task?.stoppedReason ?? command.reason ?? ''}`.trimEnd());
    return 0;
  });
}

/** Pages of ListTasks read at most (100 ARNs each). */
const MAX_LIST_PAGES = 50;

async function taskListCommand(command: TaskListCommand, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: false }, out, async (session) => {
    let cluster = command.target.cluster;
    if (!cluster) {
      const arn = await findStateMachineArn(session.clients.sfn, command.target.machine, command.connection.stage);
      const { definition } = await session.clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
      cluster = settingsFromDefinition(definition ?? '').cluster;
      if (!cluster) throw new UserError(`Cannot tell the cluster from ${arn}; pass --cluster.`, 1);
    }
    const arns: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      const result = await session.clients.ecs.send(
        new ListTasksCommand({ cluster, ...(command.status ? { desiredStatus: command.status as DesiredStatus } : {}), ...(nextToken ? { nextToken } : {}) }),
      );
      arns.push(...(result.taskArns ?? []));
      nextToken = result.nextToken;
      if (!nextToken) break;
    }
    const tasks: Task[] = [];
    for (let i = 0; i < arns.length; i += 100) {
      const { tasks: described } = await session.clients.ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }));
      tasks.push(...(described ?? []));
    }
    if (command.json) {
      out.out(JSON.stringify({ tasks: tasks.map((t) => describeAsJson(t)) }, null, 2));
      return 0;
    }
    if (tasks.length === 0) out.err(`No ${command.status ?? 'RUNNING'} tasks in ${cluster}.`);
    for (const t of tasks) {
      out.out(`${t.taskArn}  ${String(t.lastStatus).padEnd(12)} ${t.startedBy ?? ''} ${t.createdAt?.toISOString() ?? ''}${t.stopCode ? ` ${t.stopCode}` : ''}`);
    }
    return 0;
  });
}

export const taskRun = defineCommand({
  words: 'task run',
  section: 'ecs',
  usage: '--mode M [--input JSON|@file] [--env K=V ...] [--cpu N --memory N] [--spot] [--no-wait] [--json]',
  summary: `RunTask, wait for STOPPED, print exit code, reason, result and logs;
exit status = the container's exit code (1 if it could not start)`,
  notes: [TASK_TARGET_HELP],
  options: { ...CONNECTION_OPTIONS, ...TASK_TARGET_OPTIONS, json: 'boolean', mode: 'string', input: 'string', env: 'strings', cpu: 'string', memory: 'string', spot: 'boolean', wait: 'boolean', 'no-wait': 'boolean', 'time-scale': 'string' },
  parse: (args): TaskRunCommand => {
    args.none();
    const mode = args.string('mode');
    if (!mode) throw usageError(`'task run' needs --mode (echo, analytics, compute, stream).`, 'task run');
    if (args.boolean('wait') && args.boolean('no-wait')) throw new UserError('--wait and --no-wait contradict each other.');
    const env = args.strings('env');
    for (const pair of env) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(pair)) throw new UserError(`--env takes NAME=VALUE (got '${pair}')`);
    }
    const input = args.string('input');
    const cpu = args.string('cpu');
    const memory = args.string('memory');
    return {
      name: 'task-run',
      mode,
      env,
      spot: args.boolean('spot'),
      wait: !args.boolean('no-wait'),
      target: taskTarget(args),
      ...(input !== undefined ? { input } : {}),
      ...(cpu !== undefined ? { cpu } : {}),
      ...(memory !== undefined ? { memory } : {}),
      ...service(args),
    };
  },
  run: (command, { out }) => taskRunCommand(command, out),
});

export const taskStatus = defineCommand({
  words: 'task status',
  section: 'ecs',
  usage: '<task-arn> [--json]',
  options: { ...CONNECTION_OPTIONS, json: 'boolean', cluster: 'string' },
  parse: (args): TaskStatusCommand => {
    const cluster = args.string('cluster');
    return { name: 'task-status', task: args.one('task ARN'), ...(cluster !== undefined ? { cluster } : {}), ...service(args) };
  },
  run: (command, { out }) => taskStatusCommand(command, out),
});

export const taskStop = defineCommand({
  words: 'task stop',
  section: 'ecs',
  usage: '<task-arn> [--reason TEXT]',
  options: { ...CONNECTION_OPTIONS, json: 'boolean', cluster: 'string', reason: 'string' },
  parse: (args): TaskStopCommand => {
    const cluster = args.string('cluster');
    const reason = args.string('reason');
    return { name: 'task-stop', task: args.one('task ARN'), ...(reason !== undefined ? { reason } : {}), ...(cluster !== undefined ? { cluster } : {}), ...service(args) };
  },
  run: (command, { out }) => taskStopCommand(command, out),
});

export const taskList = defineCommand({
  words: 'task list',
  section: 'ecs',
  usage: '[--status RUNNING|STOPPED] [--json]',
  notes: [TASK_TARGET_HELP],
  options: { ...CONNECTION_OPTIONS, ...TASK_TARGET_OPTIONS, json: 'boolean', status: 'string' },
  parse: (args): TaskListCommand => {
    args.none();
    const status = oneOf('status', args.string('status'), TASK_STATUSES);
    return { name: 'task-list', target: taskTarget(args), ...(status ? { status } : {}), ...service(args) };
  },
  run: (command, { out }) => taskListCommand(command, out),
});
