import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorker, waitForLog } from './helpers/run-worker.js';
import { startTestS3 } from './helpers/s3-server.js';
import type { TestS3 } from './helpers/s3-server.js';
import { ensureWorkerBundle } from './helpers/worker-bundle.js';

let s3: TestS3;
beforeAll(async () => {
  await ensureWorkerBundle();
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.close();
});

describe('echo mode', () => {
  it('echoes the message, writes echo.json and a manifest with its size and sha256', async () => {
    // Prepare
    const env = { ...s3.env, MODE: 'echo', TASK_NAME: 'echo-1', ARTIFACT_PREFIX: 'runs/echo-1', TASK_INPUT: JSON.stringify({ message: 'hello', processingSeconds: 0.1 }) };

    // Act
    const run = await runWorker(env);

    // Assess
    expect(run.code, run.stderr).toBe(0);
    // Every stderr line is a JSON log line, SDK warnings included.
    expect(run.stderr.trim().split('\n').length).toBe(run.logs.length);
    expect(run.result).toMatchObject({
      status: 'succeeded',
      mode: 'echo',
      taskName: 'echo-1',
      result: { message: 'hello', processedSeconds: 0.1 },
      artifacts: [`s3://${s3.bucket}/runs/echo-1/echo.json`],
      manifest: `s3://${s3.bucket}/runs/echo-1/manifest.json`,
    });
    const body = await s3.getBytes('runs/echo-1/echo.json');
    expect(JSON.parse(body.toString())).toEqual({ message: 'hello', processedSeconds: 0.1 });
    const manifest = JSON.parse(await s3.getText('runs/echo-1/manifest.json'));
    expect(manifest.artifacts).toEqual([
      { key: 'runs/echo-1/echo.json', size: body.length, sha256: createHash('sha256').update(body).digest('hex'), contentType: 'application/json' },
    ]);
  });

  it('runs without an artifact bucket and then writes nothing', async () => {
    const run = await runWorker({ MODE: 'echo', TASK_INPUT: '{"message":"no bucket"}' });

    expect(run.code, run.stderr).toBe(0);
    expect(run.result).toMatchObject({ status: 'succeeded', result: { message: 'no bucket' }, artifacts: [], manifest: null });
  });

  it('logs JSON lines on stderr with level, time, message and task name', async () => {
    const run = await runWorker({ MODE: 'echo', TASK_NAME: 'logged', TASK_INPUT: '{"message":"x"}' });

    expect(run.logs.length).toBeGreaterThan(0);
    for (const line of run.logs) {
      expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String), message: expect.any(String), taskName: 'logged' });
    }
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('stops waiting on SIGTERM and exits 143 without a manifest', async () => {
    const env = { ...s3.env, MODE: 'echo', ARTIFACT_PREFIX: 'runs/echo-term', TASK_INPUT: JSON.stringify({ message: 'long', processingSeconds: 600 }) };

    const run = await runWorker(env, (child) => {
      void waitForLog(child, 'echo: processing').then(() => child.kill('SIGTERM'));
    });

    expect(run.code).toBe(143);
    expect(run.result).toMatchObject({ status: 'failed', error: { name: 'Worker.Terminated' }, manifest: null });
    expect(await s3.keys('runs/echo-term/')).toEqual([]);
  });
});
