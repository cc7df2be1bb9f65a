/**
 * What a crash or a damaged disk leaves in the data folder, found at the next start: each unreadable
 * record is named in one warning and moved to <data>/quarantine/; histories never skip an event id.
 */
import { appendFile, mkdir, mkdtemp, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testRuntimes } from '../helpers/test-runtimes.js';

const ROLE = 'arn:aws:iam::123456789012:role/test';
const definition = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } });
const { open, close, removeLater } = testRuntimes();

/** A data folder with machine `m` and finished executions `good` and `other`; the runtime is closed. */
async function seeded(): Promise<{ dataDir: string; machineArn: string; arn: (name: string) => string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-damage-'));
  removeLater(dataDir);
  const runtime = await open(dataDir);
  const { stateMachineArn } = await runtime.createStateMachine({ name: 'm', definition, roleArn: ROLE });
  for (const name of ['good', 'other']) await runtime.waitForExecution((await runtime.startExecution({ stateMachineArn, name })).executionArn!);
  await close(runtime);
  return { dataDir, machineArn: stateMachineArn!, arn: (name) => `${stateMachineArn!.replace(':stateMachine:', ':execution:')}:${name}` };
}

const quarantined = async (dataDir: string): Promise<string[]> => readdir(join(dataDir, 'quarantine')).catch(() => []);

describe('damaged records at start', () => {
  it('names and quarantines a truncated execution.json; the other executions stay', async () => {
    const { dataDir, machineArn, arn } = await seeded();
    const record = join(dataDir, 'executions', 'm', 'good', 'execution.json');
    await truncate(record, 20);
    const warnings: string[] = [];
    const runtime = await open(dataDir, warnings);
    expect(warnings).toEqual([expect.stringMatching(/^sfn-ecs: executions\/m\/good: execution record unreadable \(execution.json is not valid JSON .*\); it was moved to quarantine\/.*executions__m__good$/)]);
    expect((await quarantined(dataDir)).some((f) => f.endsWith('executions__m__good'))).toBe(true);
    await expect(runtime.describeExecution({ executionArn: arn('good') })).rejects.toMatchObject({ code: 'ExecutionDoesNotExist' });
    expect((await runtime.listExecutions({ stateMachineArn: machineArn })).executions!.map((e) => e.name)).toEqual(['other']);
  });

  it('names and quarantines a truncated state machine file', async () => {
    const { dataDir, machineArn } = await seeded();
    await writeFile(join(dataDir, 'state-machines', 'm.json'), '{"name":"m","stateMa');
    const warnings: string[] = [];
    const runtime = await open(dataDir, warnings);
    expect(warnings).toEqual([expect.stringMatching(/^sfn-ecs: state-machines\/m.json: state machine file unreadable \(.*\); create the machine again; it was moved to quarantine\//)]);
    await expect(runtime.describeStateMachine({ stateMachineArn: machineArn })).rejects.toMatchObject({ code: 'StateMachineDoesNotExist' });
    expect(await quarantined(dataDir)).toHaveLength(1);
  });

  it('drops a torn last history line with a warning; the next event follows without a gap', async () => {
    const { dataDir, arn } = await seeded();
    const history = join(dataDir, 'executions', 'm', 'good', 'history.jsonl');
    const whole = await readFile(history, 'utf8');
    const lines = whole.trimEnd().split('\n');
    // A crash mid-append: the last event half written, and the record still RUNNING.
    await writeFile(history, `${lines.slice(0, -1).join('\n')}\n${lines.at(-1)!.slice(0, 30)}`);
    const recordFile = join(dataDir, 'executions', 'm', 'good', 'execution.json');
    const record = JSON.parse(await readFile(recordFile, 'utf8')) as Record<string, unknown>;
    await writeFile(recordFile, JSON.stringify({ ...record, status: 'RUNNING', stopDate: undefined, output: undefined }));
    const warnings: string[] = [];
    const runtime = await open(dataDir, warnings);
    expect(warnings).toEqual([`sfn-ecs: executions/m/good/history.jsonl: dropped a torn last line (a crash mid-write); ${lines.length - 1} events kept`]);
    const events = (await runtime.getExecutionHistory({ executionArn: arn('good') })).events!;
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: lines.length }, (_, i) => i + 1));
    expect(events.at(-1)!.type).toBe('ExecutionAborted');
    expect((await runtime.describeExecution({ executionArn: arn('good') })).status).toBe('ABORTED');
  });

  it('cuts a history at a damaged middle line, marks the execution damaged and keeps the original in the quarantine', async () => {
    const { dataDir, arn } = await seeded();
    const history = join(dataDir, 'executions', 'm', 'good', 'history.jsonl');
    const lines = (await readFile(history, 'utf8')).trimEnd().split('\n');
    await writeFile(history, [...lines.slice(0, 2), '{"id":3,"ty', ...lines.slice(3)].map((l) => `${l}\n`).join(''));
    const warnings: string[] = [];
    const runtime = await open(dataDir, warnings);
    expect(warnings).toEqual([expect.stringMatching(/^sfn-ecs: executions\/m\/good\/history.jsonl: damaged at line 3; the execution keeps its first 2 events and is marked damaged; a copy was moved to quarantine\//)]);
    // DescribeExecution answers from the intact record; the history stops before the damage, ids without a gap.
    expect(await runtime.describeExecution({ executionArn: arn('good') })).toMatchObject({ status: 'SUCCEEDED', output: '{}' });
    expect((await runtime.getExecutionHistory({ executionArn: arn('good') })).events!.map((e) => e.id)).toEqual([1, 2]);
    const record = JSON.parse(await readFile(join(dataDir, 'executions', 'm', 'good', 'execution.json'), 'utf8')) as { damaged?: string };
    expect(record.damaged).toMatch(/History damaged after event 2/);
    expect(await readFile(join(dataDir, 'quarantine', (await quarantined(dataDir))[0]!), 'utf8')).toContain('{"id":3,"ty');
  });

  it('drops damaged and torn lines of the log stream index, naming them', async () => {
    const { dataDir } = await seeded();
    await mkdir(join(dataDir, 'logs'), { recursive: true });
    const spec = (n: number): string => JSON.stringify({ logGroupName: '/g', logStreamName: `s/${n}`, creationTime: 1, file: join(dataDir, 'task-logs', `${n}.jsonl`) });
    await writeFile(join(dataDir, 'logs', 'streams.jsonl'), `${spec(1)}\n{"logGroupName":\n${spec(3)}\n${spec(4).slice(0, 25)}`);
    const warnings: string[] = [];
    const runtime = await open(dataDir, warnings);
    expect(warnings).toEqual([
      expect.stringMatching(/^sfn-ecs: logs\/streams.jsonl: damaged line\(s\) 2 of the log stream index dropped .*; a copy was moved to quarantine\//),
      'sfn-ecs: logs/streams.jsonl: dropped a torn last line (a crash mid-write); 2 streams kept',
    ]);
    const streams = await runtime.logs.describeLogStreams({ logGroupName: '/g' });
    expect(streams.logStreams!.map((s) => s.logStreamName)).toEqual(['s/1', 's/3']);
    expect(await readFile(join(dataDir, 'logs', 'streams.jsonl'), 'utf8')).toBe(`${spec(1)}\n${spec(3)}\n`);
  });

  it('quarantines the leftover of an interrupted record write and keeps the record', async () => {
    const { dataDir, arn } = await seeded();
    await appendFile(join(dataDir, 'executions', 'm', 'good', 'execution.json.tmp'), '{"half');
    const warnings: string[] = [];
    const runtime = await open(dataDir, warnings);
    expect(warnings).toEqual([expect.stringMatching(/^sfn-ecs: executions\/m\/good\/execution.json.tmp: an unfinished write from a crash .*; it was moved to quarantine\//)]);
    expect((await runtime.describeExecution({ executionArn: arn('good') })).status).toBe('SUCCEEDED');
  });
});
