import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEvent, HistoryEventType } from '../../local/src/engine/types.js';
import type { ExecutionRecord } from '../../local/src/runtime/execution-record.js';
import { ExecutionStore } from '../../local/src/runtime/execution-store.js';

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

  it('lists newest first', async () => {
    const store = await ExecutionStore.open(await tempDir());
    await store.save(record);
    await store.save({ ...record, executionArn: `${record.executionArn}b`, name: 'run-1b', startDate: record.startDate + 1 });
    expect(store.list().map((r) => r.name)).toEqual(['run-1b', 'run-1']);
  });
});
