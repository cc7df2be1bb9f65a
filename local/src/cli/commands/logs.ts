/**
 * `sfn-ecs logs <execution|task-arn> [--follow]`: every ECS task of an execution (or one task), each
 * under a header naming its log stream, lines prefixed with their timestamps; CloudWatch Logs through
 * the SDK, so AWS and the local runtime print the same. `--follow` keeps reading until it has ended.
 */
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { readHistory, tasksInHistory, type HistoryTask } from '../../clients/execution-history.js';
import { findExecutionArn } from '../../clients/find-state-machine.js';
import { readLogStream, taskLogStreams, type LogStreamRef } from '../../clients/task-log-streams.js';
import { logLine, streamHeader } from '../log-lines.js';
import { defineCommand } from '../command-spec.js';
import { CONNECTION_OPTIONS, service, type Service } from '../shared-options.js';
import type { Output } from '../output.js';
import { withSession, type ServiceSession } from '../service-session.js';
import { UserError } from '../user-error.js';

interface LogsCommand extends Service {
  readonly name: 'logs';
  readonly target: string;
  readonly follow: boolean;
}

/** How often --follow polls for new lines (CloudWatch's own `logs tail --follow` waits 5 s). */
export const FOLLOW_INTERVAL_MS = 1_000;
/** --follow gives up after this long without the execution or task ending. */
const FOLLOW_LIMIT_MS = 24 * 60 * 60 * 1000;

const TASK_ARN = /^arn:aws[\w-]*:ecs:[^:]*:\d*:task\/([^/]+)\/([^/]+)$/;

/** One task (by ARN): its definition and containers from DescribeTasks. */
async function describeTask(session: ServiceSession, taskArn: string): Promise<{ task: HistoryTask; stopped: boolean }> {
  const cluster = TASK_ARN.exec(taskArn)![1]!;
  const { tasks, failures } = await session.clients.ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
  const task = tasks?.[0];
  if (!task) {
    throw new UserError(
      `Task ${taskArn} not found (${failures?.[0]?.reason ?? 'MISSING'}); ECS forgets stopped tasks after about an hour: use \`sfn-ecs logs <execution>\`.`,
      1,
    );
  }
  const containerNames = (task.containers ?? []).map((c) => c.name).filter((n): n is string => typeof n === 'string');
  return { task: { taskArn, containerNames, ...(task.taskDefinitionArn ? { taskDefinitionArn: task.taskDefinitionArn } : {}) }, stopped: task.lastStatus === 'STOPPED' };
}

interface Printer {
  print(stream: LogStreamRef, lines: readonly string[]): void;
}

function printer(out: Output): Printer {
  let current: string | undefined;
  return {
    print(stream, lines) {
      if (lines.length === 0) return;
      const key = `${stream.logGroupName}\n${stream.logStreamName}`;
      if (key !== current) {
        if (current !== undefined) out.out('');
        out.out(streamHeader(stream));
        current = key;
      }
      for (const line of lines) out.out(line);
    },
  };
}

async function logsCommand(command: LogsCommand, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: true }, out, async (session) => {
    const isTask = TASK_ARN.test(command.target);
    const executionArn = isTask ? undefined : await findExecutionArn(session.clients.sfn, command.target);
    const tokens = new Map<string, string | undefined>();
    const streamsOf = new Map<string, LogStreamRef[]>();
    const show = printer(out);

    /** Reads what is new in every known stream; returns whether the execution or task has ended. */
    const poll = async (): Promise<boolean> => {
      let ended: boolean;
      let tasks: HistoryTask[];
      if (executionArn) {
        const { status } = await session.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
        tasks = tasksInHistory(await readHistory(session.clients.sfn, executionArn));
        ended = status !== 'RUNNING';
      } else {
        const described = await describeTask(session, command.target);
        tasks = [described.task];
        ended = described.stopped;
      }
      for (const task of tasks) {
        if (!streamsOf.has(task.taskArn)) streamsOf.set(task.taskArn, await taskLogStreams(session.clients.ecs, task));
        for (const stream of streamsOf.get(task.taskArn)!) {
          const key = `${stream.logGroupName}\n${stream.logStreamName}`;
          const from = tokens.get(key);
          const { events, nextToken } = await readLogStream(session.clients.logs, stream, from ? { fromToken: from } : {});
          tokens.set(key, nextToken);
          show.print(stream, events.map(logLine));
        }
      }
      return ended;
    };

    let ended = await poll();
    if (command.follow) {
      const until = Date.now() + FOLLOW_LIMIT_MS;
      while (!ended && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, FOLLOW_INTERVAL_MS));
        ended = await poll();
      }
      // Lines written between the last read and the end.
      await poll();
    }
    if (streamsOf.size === 0) out.err(`No ECS tasks in ${executionArn ?? command.target} (it ran none yet).`);
    else if (tokens.size === 0) out.err('Its tasks have no awslogs log streams.');
    return 0;
  });
}

export const logs = defineCommand({
  words: 'logs',
  section: 'stepfunctions',
  usage: '<execution|task-arn> [--follow]',
  summary: "every task's log stream, lines prefixed with their timestamps",
  options: { ...CONNECTION_OPTIONS, follow: 'boolean' },
  parse: (args): LogsCommand => ({ name: 'logs', target: args.one('execution (name or ARN) or task ARN'), follow: args.boolean('follow'), ...service(args) }),
  run: (command, { out }) => logsCommand(command, out),
});
