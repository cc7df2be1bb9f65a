import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEvent, HistoryEventType } from '../../local/src/engine/types.js';
import type { ExecutionRecord } from '../../local/src/runtime/execution-record.js';
import { ExecutionStore } from '../../local/src/runtime/execution-store.js';
import { Quarantine } from '../../local/src/storage/quarantine.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-store-'));
  dirs.push(dir);
  return dir;
}

const record: ExecutionRecord = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:sync:run-1',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sync',
  stateMachineName: 'sync',
  name: 'run-1',
  status: 'RUNNING',
  startDate: 1_700_000_000_000,
  input: '{"mode":"echo"}',
};

function event(id: number, type: HistoryEventType): HistoryEvent {
  return { id, previousEventId: id - 1, timestamp: new Date(1_700_000_000_000 + id), type, [`${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`]: { n: id } };
}

describe('ExecutionStore', () => {
  it('keeps records and histories across a reopen, history in order', async () => {
    const dir = await tempDir();
    const store = await ExecutionStore.open(dir);
    await store.save(record);
    for (let id = 1; id <= 50; id += 1) store.appendEvent(record, event(id, id === 1 ? 'ExecutionStarted' : 'PassStateEntered'));
    await store.save({ ...record, status: 'SUCCEEDED', stopDate: record.startDate + 100, output: '{"ok":true}' });
    await store.flush();

    const reopened = await ExecutionStore.open(dir);
    expect(reopened.get(record.executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"ok":true}' });
    const history = await reopened.readHistory(record);
    expect(history.map((e) => e.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(history[0]).toEqual(event(1, 'ExecutionStarted'));
    expect(history[0]!.timestamp).toBeInstanceOf(Date);
  });

  it('ignores a torn last history line left by a crash', async () => {
    const dir = await tempDir();
    const store = await ExecutionStore.open(dir);
    await store.save(record);
    store.appendEvent(record, event(1, 'ExecutionStarted'));
    await store.flush();
    await appendFile(join(dir, 'sync', 'run-1', 'history.jsonl'), '{"id":2,"type":"Pass');
    const history = await (await ExecutionStore.open(dir)).readHistory(record);
    expect(history.map((e) => e.type)).toEqual(['ExecutionStarted']);
  });

  it('has a started record durable in its journal when save resolves, and restores it if execution.json never reached the disk', async () => {
    const dir = await tempDir();
    const warnings: string[] = [];
    const store = await ExecutionStore.open(dir, { quarantine: new Quarantine(dir, (m) => warnings.push(m)) });
    const others = Array.from({ length: 20 }, (_, i) => ({ ...record, executionArn: `${record.executionArn}-${i}`, name: `run-1-${i}` }));
    // Concurrent starts, as StartExecution calls arrive: each resolves with its line in the journal.
    await Promise.all([record, ...others].map((r) => store.save(r)));
    const journal = (await readFile(join(dir, '.journal.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as ExecutionRecord);
    expect(journal.map((r) => r.name).sort()).toEqual([record, ...others].map((r) => r.name).sort());
    await store.close();

    // A machine crash after the answer: the record file is empty (written, never flushed), or missing.
    await writeFile(join(dir, 'sync', 'run-1', 'execution.json'), '');
    await rm(join(dir, 'sync', 'run-1-3', 'execution.json'));
    const reopened = await ExecutionStore.open(dir, { quarantine: new Quarantine(dir, (m) => warnings.push(m)) });
    expect(reopened.get(record.executionArn)).toEqual(record);
    expect(reopened.get(others[3]!.executionArn)).toEqual(others[3]);
    expect(reopened.list()).toHaveLength(21);
    expect(warnings).toEqual([
      'sfn-ecs: sync/run-1/execution.json: restored from the start journal (the runtime stopped before it was written)',
      'sfn-ecs: sync/run-1-3/execution.json: restored from the start journal (the runtime stopped before it was written)',
    ]);
    await reopened.close();
  });

  it('writes a started execution\'s files with its first event, not while its start is answered, and a runtime killed before then loses nothing', async () => {
    const dir = await tempDir();
    const store = await ExecutionStore.open(dir, { quarantine: new Quarantine(dir, () => undefined) });
    const other = { ...record, executionArn: `${record.executionArn}-b`, name: 'run-b' };
    const definition = '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}';
    await Promise.all([store.save(record, definition), store.save(other, definition)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(stat(join(dir, 'sync', 'run-1'))).rejects.toMatchObject({ code: 'ENOENT' });
    // A reader beside the runtime (`sfn-ecs history`) sees both as soon as they are answered.
    const reader = await ExecutionStore.open(dir);
    expect(reader.list().map((r) => r.name).sort()).toEqual(['run-1', 'run-b']);
    expect(await reader.readHistory(other)).toEqual([]);

    store.appendEvent(record, event(1, 'ExecutionStarted'));
    await store.flush(record.executionArn);
    expect(JSON.parse(await readFile(join(dir, 'sync', 'run-1', 'execution.json'), 'utf8'))).toEqual(record);
    expect(await readFile(join(dir, 'sync', 'run-1', 'definition.json'), 'utf8')).toContain('Succeed');
    expect(await readFile(join(dir, 'sync', 'run-1', 'history.jsonl'), 'utf8')).toContain('ExecutionStarted');

    // Killed now (never closed): the other execution, answered but not yet run, comes back from the journal.
    const warnings: string[] = [];
    const reopened = await ExecutionStore.open(dir, { quarantine: new Quarantine(dir, (m) => warnings.push(m)) });
    expect(reopened.get(other.executionArn)).toEqual(other);
    expect(await reopened.readDefinition(other)).toBe(definition);
    expect(warnings).toEqual(['sfn-ecs: sync/run-b/execution.json: restored from the start journal (the runtime stopped before it was written)']);
    await reopened.close();
    await store.close();
  });

  it('empties the journal once every execution in it has its final record', async () => {
    const dir = await tempDir();
    const store = await ExecutionStore.open(dir, { quarantine: new Quarantine(dir, () => undefined) });
    const second = { ...record, executionArn: `${record.executionArn}b`, name: 'run-1b' };
    await store.save(record);
    await store.save(second);
    await store.save({ ...record, status: 'SUCCEEDED', stopDate: record.startDate + 1, output: '{}' });
    await store.flush();
    expect((await stat(join(dir, '.journal.jsonl'))).size).toBeGreaterThan(0);
    await store.save({ ...second, status: 'FAILED', stopDate: record.startDate + 2 });
    await store.flush();
    expect((await stat(join(dir, '.journal.jsonl'))).size).toBe(0);
    await store.close();
  });

  it('lists newest first', async () => {
    const store = await ExecutionStore.open(await tempDir());
    await store.save(record);
    await store.save({ ...record, executionArn: `${record.executionArn}b`, name: 'run-1b', startDate: record.startDate + 1 });
    expect(store.list().map((r) => r.name)).toEqual(['run-1b', 'run-1']);
  });
});
