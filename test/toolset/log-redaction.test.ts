/**
 * A task token a container prints never reaches a reader: the ECS emulation redacts it before the line
 * is kept or written, so the task log file, the Logs API and a later runtime (which no longer knows the
 * token) all read the redacted text.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { taskLogFile } from '../../local/src/integrations/ecs/task-logs.js';
import { connectEcsLogStreams } from '../../local/src/logs/ecs-log-streams.js';
import { LogStore } from '../../local/src/logs/log-store.js';
import { REDACTED } from '../../local/src/logs/redaction.js';
import { ACCOUNT, createService, REGION, runTaskInput, taskDefinition } from '../ecs/ecs-fixtures.js';

const PRINT_ENV = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'images', 'print-env.mjs');
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAd7ZLtNlE3XrtdK6Qm0x-secret-token';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('task tokens in container output', () => {
  it('are redacted in the task log file, the Logs API and after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-redact-'));
    dirs.push(dataDir);
    const logDir = join(dataDir, 'task-logs');
    const definition = taskDefinition('print-env', { logGroup: '/ecs/print-env', logStreamPrefix: 'p' });
    const store = await LogStore.open(join(dataDir, 'logs'), { region: REGION, accountId: ACCOUNT });
    const ecs = createService([definition], {
      logDir,
      redactLogLine: (message) => store.redact(message),
      resolveImage: () => ({ executable: process.execPath, args: [PRINT_ENV, 'TASK_TOKEN'] }),
    });
    connectEcsLogStreams({ ecs, store, taskDefinitions: [definition], taskLogDir: logDir });
    const { tasks } = await ecs.runTask(
      runTaskInput('print-env', { overrides: { containerOverrides: [{ name: 'worker', environment: [{ name: 'TASK_TOKEN', value: TOKEN }] }] } }),
    );
    const task = await ecs.waitForStopped(tasks![0]!.taskArn!);
    await store.flush();
    const taskId = task.taskArn!.split('/').at(-1)!;

    const printed = JSON.stringify({ TASK_TOKEN: REDACTED });
    expect(ecs.taskLogs(task.taskArn!).map((l) => l.message)).toEqual([printed]);
    const file = await readFile(taskLogFile(logDir, taskId), 'utf8');
    expect(file).not.toContain(TOKEN);
    expect(file).toContain(REDACTED);
    const stream = { logGroupName: '/ecs/print-env', logStreamName: `p/worker/${taskId}`, startFromHead: true };
    expect((await store.getLogEvents(stream)).events!.map((e) => e.message)).toEqual([printed]);

    // A later runtime has never seen the token; it reads the same redacted file.
    const later = await LogStore.open(join(dataDir, 'logs'), { region: REGION, accountId: ACCOUNT });
    expect((await later.getLogEvents(stream)).events!.map((e) => e.message)).toEqual([printed]);
    await ecs.close();
  });
});
