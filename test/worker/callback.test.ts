import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runWorker, waitForLog } from './helpers/run-worker.js';
import { startTestS3 } from './helpers/s3-server.js';
import type { TestS3 } from './helpers/s3-server.js';
import { startTestSfn } from './helpers/sfn-server.js';
import type { TestSfn } from './helpers/sfn-server.js';
import { ensureWorkerBundle } from './helpers/worker-bundle.js';

const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAf-secret-token-value-7f3a9c';
let s3: TestS3;
let sfn: TestSfn;

beforeAll(async () => {
  await ensureWorkerBundle();
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.close();
});
afterEach(async () => {
  await sfn?.close();
});

async function callbackEnv(extra: Record<string, string>): Promise<Record<string, string>> {
  sfn = await startTestSfn();
  return { ...s3.env, AWS_ENDPOINT_URL_SFN: sfn.endpoint, TASK_TOKEN: TOKEN, ...extra };
}

describe('callback pattern (TASK_TOKEN set)', () => {
  it('sends SendTaskSuccess with the result line as output', async () => {
    const env = await callbackEnv({ MODE: 'echo', TASK_NAME: 'cb-ok', ARTIFACT_PREFIX: 'cb-ok/', TASK_INPUT: '{"message":"done"}' });

    const run = await runWorker(env);

    expect(run.code, run.stderr).toBe(0);
    const successes = sfn.calls.filter((c) => c.operation === 'SendTaskSuccess');
    expect(successes).toHaveLength(1);
    expect(successes[0]!.body.taskToken).toBe(TOKEN);
    const output = JSON.parse(successes[0]!.body.output);
    expect(output).toMatchObject({ status: 'succeeded', taskName: 'cb-ok', result: { message: 'done' }, manifest: `s3://${s3.bucket}/cb-ok/manifest.json` });
    expect(sfn.calls.some((c) => c.operation === 'SendTaskFailure')).toBe(false);
  });

  it('sends heartbeats every HEARTBEAT_SECONDS while the work runs', async () => {
    // The first beat also loads the SFN client (over a second on a loaded CI machine): leave room for more.
    const env = await callbackEnv({ MODE: 'echo', HEARTBEAT_SECONDS: '0.2', TASK_INPUT: '{"message":"slow","processingSeconds":4}' });

    const run = await runWorker(env);

    expect(run.code, run.stderr).toBe(0);
    const beats = sfn.calls.filter((c) => c.operation === 'SendTaskHeartbeat');
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats.every((b) => b.body.taskToken === TOKEN)).toBe(true);
    expect(sfn.calls.at(-1)!.operation).toBe('SendTaskSuccess');
  });

  it('reports invalid input as Worker.InvalidInput and exits 2', async () => {
    const env = await callbackEnv({ MODE: 'compute', TASK_INPUT: '{"size":"big","steps":10}' });

    const run = await runWorker(env);

    expect(run.code).toBe(2);
    const failure = sfn.calls.find((c) => c.operation === 'SendTaskFailure');
    expect(failure?.body).toMatchObject({ taskToken: TOKEN, error: 'Worker.InvalidInput' });
    expect(failure!.body.cause).toContain('TASK_INPUT.size');
    expect(failure!.body.cause).not.toMatch(/\n\s+at /);
  });

  it('reports a failed artifact write as Worker.ArtifactWriteFailed and exits 1', async () => {
    const env = await callbackEnv({ MODE: 'echo', TASK_INPUT: '{"message":"x"}', ARTIFACT_BUCKET: 'no-such-bucket' });

    const run = await runWorker(env);

    expect(run.code).toBe(1);
    const failure = sfn.calls.find((c) => c.operation === 'SendTaskFailure');
    expect(failure?.body).toMatchObject({ error: 'Worker.ArtifactWriteFailed' });
    expect(failure!.body.cause).toContain('s3://no-such-bucket/');
  });

  it('reports SIGTERM as Worker.Terminated, then exits 143', async () => {
    const env = await callbackEnv({ MODE: 'echo', TASK_INPUT: '{"message":"x","processingSeconds":600}' });

    const run = await runWorker(env, (child) => {
      void waitForLog(child, 'echo: processing').then(() => child.kill('SIGTERM'));
    });

    expect(run.code).toBe(143);
    const failure = sfn.calls.find((c) => c.operation === 'SendTaskFailure');
    expect(failure?.body).toMatchObject({ taskToken: TOKEN, error: 'Worker.Terminated' });
  });

  it('finishes and exits 0 when SIGTERM arrives after the work finished (while reporting success)', async () => {
    const env = await callbackEnv({ MODE: 'echo', TASK_INPUT: '{"message":"x"}' });
    sfn.reply = (call) => (call.operation === 'SendTaskSuccess' ? { delayMs: 1000 } : undefined);

    const run = await runWorker(env, (child) => {
      void sfn.waitFor((c) => c.operation === 'SendTaskSuccess').then(() => child.kill('SIGTERM'));
    });

    expect(run.code, run.stderr).toBe(0);
    expect(run.result).toMatchObject({ status: 'succeeded' });
    expect(sfn.calls.some((c) => c.operation === 'SendTaskFailure')).toBe(false);
  });

  it.each(['TaskTimedOut', 'InvalidToken'])('stops the work and exits 1 when a heartbeat gets %s', async (error) => {
    const env = await callbackEnv({ MODE: 'echo', HEARTBEAT_SECONDS: '0.2', TASK_INPUT: '{"message":"x","processingSeconds":600}' });
    sfn.reply = (call) => (call.operation === 'SendTaskHeartbeat' ? { error, message: 'closed' } : undefined);

    const run = await runWorker(env);

    expect(run.code).toBe(1);
    expect(run.result).toMatchObject({ status: 'failed', error: { name: 'Worker.CallbackClosed' } });
    expect(run.logs.filter((l) => l.level === 'error' && String(l.message).includes(error))).toHaveLength(1);
    // Nobody waits any more, so there is nobody to report a failure to.
    expect(sfn.calls.filter((c) => c.operation !== 'SendTaskHeartbeat')).toEqual([]);
  });

  it('never writes the task token to stdout or stderr', async () => {
    const env = await callbackEnv({ MODE: 'echo', HEARTBEAT_SECONDS: '0.2', TASK_INPUT: JSON.stringify({ message: `echo ${TOKEN}`, processingSeconds: 0.5 }) });
    sfn.reply = (call) => (call.operation === 'SendTaskSuccess' ? { error: 'TaskTimedOut', message: `Task Timed Out: '${TOKEN}'` } : undefined);

    const run = await runWorker(env);

    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    expect(run.stdout + run.stderr).not.toContain('secret-token');
  });
});
