/**
 * `sfn-ecs replay [events/...]`: runs every sample event against the state machine it names, all on
 * one runtime, and prints a pass/fail table against each event's expected status (and error).
 * Exit 0 when every case that ran passed.
 */
import { join, relative, resolve } from 'node:path';
import { openRuntime } from '../open-runtime.js';
import { defineCommand } from '../command-spec.js';
import { common, type Common } from '../shared-options.js';
import type { Output } from '../output.js';
import { readReplayCases, type ReplayCase } from '../replay-case.js';

interface ReplayCommand extends Common {
  readonly name: 'replay';
  readonly files: readonly string[];
  readonly json: boolean;
}

interface Row {
  readonly file: string;
  readonly machine: string;
  readonly expected: string;
  readonly actual: string;
  readonly seconds: number;
  readonly result: 'pass' | 'FAIL' | 'skip';
  readonly note: string;
}

async function replayOne(runtime: Awaited<ReturnType<typeof openRuntime>>, c: ReplayCase): Promise<Row> {
  const expected = c.expectedStatus + (c.expectedError ? ` ${c.expectedError}` : '');
  const base = { file: c.file, machine: c.stateMachine, expected };
  if (c.skip) return { ...base, actual: '-', seconds: 0, result: 'skip', note: c.skip };
  const started = Date.now();
  try {
    const { executionArn } = await runtime.startExecution({ stateMachineArn: runtime.stateMachineArn(c.stateMachine), input: c.input });
    const result = await runtime.waitForExecution(executionArn!);
    const actual = result.status + (result.error ? ` ${result.error}` : '');
    const pass = result.status === c.expectedStatus && (c.expectedError === undefined || c.expectedError === result.error);
    const note = pass ? '' : (result.cause ?? '').slice(0, 160);
    return { ...base, actual, seconds: (Date.now() - started) / 1000, result: pass ? 'pass' : 'FAIL', note };
  } catch (error) {
    return { ...base, actual: 'ERROR', seconds: (Date.now() - started) / 1000, result: 'FAIL', note: (error as Error).message };
  }
}

async function replayCommand(command: ReplayCommand, out: Output): Promise<number> {
  const runtime = await openRuntime(command);
  let rows: Row[];
  try {
    const only = command.files.map((f) => resolve(command.root, f));
    const cases = await readReplayCases(join(command.root, 'events'), runtime.project.schedules, { only });
    out.err(`replaying ${cases.length} event${cases.length === 1 ? '' : 's'} on ${runtime.endpoint}…`);
    rows = await Promise.all(cases.map((c) => replayOne(runtime, c)));
  } finally {
    await runtime.close();
  }
  if (command.json) {
    out.out(JSON.stringify(rows.map((r) => ({ ...r, file: relative(command.root, r.file) })), null, 2));
  } else {
    const header = ['RESULT', 'EVENT', 'MACHINE', 'EXPECTED', 'ACTUAL', 'SECONDS', 'NOTE'];
    const table = rows.map((r) => [r.result, relative(command.root, r.file), r.machine, r.expected, r.actual, r.seconds.toFixed(1), r.note]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    for (const row of [header, ...table]) out.out(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
    const count = (result: Row['result']): number => rows.filter((r) => r.result === result).length;
    out.out(`${count('pass')} passed, ${count('FAIL')} failed, ${count('skip')} skipped`);
  }
  return rows.some((r) => r.result === 'FAIL') ? 1 : 0;
}

export const replay = defineCommand({
  words: 'replay',
  section: 'local',
  usage: '[events/...]',
  summary: 'run sample events against their machines, print pass/fail table',
  options: { json: 'boolean', 'time-scale': 'string' },
  parse: (args): ReplayCommand => ({ name: 'replay', files: [...args.rest], json: args.boolean('json'), ...common(args) }),
  run: (command, { out }) => replayCommand(command, out),
});
