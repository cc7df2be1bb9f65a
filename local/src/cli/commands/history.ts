/** `sfn-ecs history <execution>`: the execution's history events, as a table or (--json) as AWS returns them. */
import { join, resolve } from 'node:path';
import { openExecutionReader } from '../../runtime/execution-reader.js';
import type { Command } from '../parse-command.js';
import type { Output } from '../output.js';
import { UserError } from '../user-error.js';

type HistoryCommand = Extract<Command, { name: 'history' }>;

export function dataDirOf(command: { root: string; dataDir?: string }): string {
  return resolve(command.dataDir ?? join(command.root, '.sfn-ecs'));
}

export async function findExecution(command: { root: string; dataDir?: string }, execution: string) {
  const reader = await openExecutionReader(dataDirOf(command));
  const record = reader.find(execution);
  if (!record) throw new UserError(`No execution '${execution}' in ${dataDirOf(command)} (give its name or ARN).`, 1);
  return { reader, record };
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

export async function historyCommand(command: HistoryCommand, out: Output): Promise<number> {
  const { reader, record } = await findExecution(command, command.execution);
  const events = await reader.history(record);
  if (command.json) {
    out.out(JSON.stringify({ events }, null, 2));
    return 0;
  }
  out.out(`${record.executionArn}  ${record.status}`);
  for (const event of events) {
    const details = Object.entries(event).find(([k]) => k.endsWith('EventDetails'))?.[1] as Record<string, unknown> | undefined;
    out.out(`${String(event.id).padStart(4)} ${event.timestamp.toISOString()}  ${event.type.padEnd(28)} ${details ? summary(details) : ''}`.trimEnd());
  }
  return 0;
}
