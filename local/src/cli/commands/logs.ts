/** `sfn-ecs logs <execution>`: the container output of every ECS task the execution ran, in time order. */
import type { Command } from '../parse-command.js';
import type { Output } from '../output.js';
import { findExecution } from './history.js';

type LogsCommand = Extract<Command, { name: 'logs' }>;

export async function logsCommand(command: LogsCommand, out: Output): Promise<number> {
  const { reader, record } = await findExecution(command, command.execution);
  const logs = await reader.logs(record);
  if (logs.length === 0) {
    out.err(`No task logs for ${record.executionArn} (it ran no ECS task, or its logs were removed).`);
    return 0;
  }
  for (const line of logs) {
    const task = line.taskArn.slice(line.taskArn.lastIndexOf('/') + 1, line.taskArn.lastIndexOf('/') + 9);
    out.out(`${new Date(line.timestamp).toISOString()} ${task} ${line.stream.padEnd(6)} ${line.message}`);
  }
  return 0;
}
