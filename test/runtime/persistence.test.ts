import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';

const ROLE = 'arn:aws:iam::123456789012:role/test';
const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { ok: true }, End: true } } });
const opened: Runtime[] = [];
const dirs: string[] = [];

async function open(dataDir: string): Promise<Runtime> {
  const runtime = await createRuntime({ rootDir: process.cwd(), dataDir });
  opened.push(runtime);
  return runtime;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((r) => r.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('persistence under the data folder', () => {
  it('keeps finished executions, their histories and API-created machines across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-persist-'));
    dirs.push(dataDir);
    const first = await open(dataDir);
    const { stateMachineArn } = await first.createStateMachine({ name: 'kept', definition, roleArn: ROLE });
    const { executionArn } = await first.startExecution({ stateMachineArn, name: 'run-1', input: '{"n":1}' });
    const before = await first.waitForExecution(executionArn!);
    const historyBefore = await first.getExecutionHistory({ executionArn });
    await first.close();

    const second = await open(dataDir);
    expect(await second.describeExecution({ executionArn })).toEqual(before);
    expect(await second.getExecutionHistory({ executionArn })).toEqual(historyBefore);
    expect((await second.describeStateMachine({ stateMachineArn })).definition).toBe(definition);
    expect((await second.listExecutions({ stateMachineArn })).executions?.map((e) => e.name)).toEqual(['run-1']);
    await expect(second.startExecution({ stateMachineArn, name: 'run-1', input: '{"n":1}' })).rejects.toMatchObject({ code: 'ExecutionAlreadyExists' });
  });

  it('keeps one copy of a definition however many executions run it, and each execution still finds its own', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-persist-'));
    dirs.push(dataDir);
    const runtime = await open(dataDir);
    const { stateMachineArn } = await runtime.createStateMachine({ name: 'shared', definition, roleArn: ROLE });
    for (const name of ['a', 'b']) await runtime.waitForExecution((await runtime.startExecution({ stateMachineArn, name })).executionArn!);
    await runtime.close();
    const kept = (name: string) => join(dataDir, 'executions', 'shared', name, 'definition.json');
    expect(await readFile(kept('a'), 'utf8')).toBe(definition);
    expect(await readFile(kept('b'), 'utf8')).toBe(definition);
    // One file, linked into each execution's folder.
    expect((await stat(kept('a'))).ino).toBe((await stat(kept('b'))).ino);
    expect(await readdir(join(dataDir, 'executions', '.definitions'))).toHaveLength(1);
    // And the restarted runtime lists both executions (the shared folder is not taken for a machine's).
    const again = await open(dataDir);
    expect((await again.listExecutions({ stateMachineArn })).executions?.map((e) => e.name).sort()).toEqual(['a', 'b']);
  });

  it('marks an execution whose process died while RUNNING as ABORTED with a clear cause', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-persist-'));
    dirs.push(dataDir);
    // The record a killed runtime leaves behind: RUNNING, owned by a process that no longer exists.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const arn = 'arn:aws:states:us-east-1:123456789012:execution:sync:orphan';
    const folder = join(dataDir, 'executions', 'sync', 'orphan');
    await mkdir(folder, { recursive: true });
    const record = { executionArn: arn, stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sync', stateMachineName: 'sync', name: 'orphan', status: 'RUNNING', startDate: Date.now() - 1000, input: '{}', ownerPid: deadPid };
    await writeFile(join(folder, 'execution.json'), JSON.stringify(record));
    const started = { id: 1, previousEventId: 0, timestamp: Date.now() - 1000, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}' } };
    await writeFile(join(folder, 'history.jsonl'), `${JSON.stringify(started)}\n`);

    const runtime = await open(dataDir);
    const described = await runtime.describeExecution({ executionArn: arn });
    expect(described).toMatchObject({ status: 'ABORTED', error: 'LocalRuntime.Interrupted' });
    expect(described.cause).toMatch(/stopped while this execution was running/);
    expect(described.stopDate).toBeInstanceOf(Date);
    const { events } = await runtime.getExecutionHistory({ executionArn: arn });
    expect(events?.map((e) => e.type)).toEqual(['ExecutionStarted', 'ExecutionAborted']);
    expect(events?.[1]).toMatchObject({ id: 2, previousEventId: 0, executionAbortedEventDetails: { error: 'LocalRuntime.Interrupted' } });
  });
});
