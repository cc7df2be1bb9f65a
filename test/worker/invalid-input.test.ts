import { beforeAll, describe, expect, it } from 'vitest';
import { runWorker } from './helpers/run-worker.js';
import { TEST_CREDENTIALS } from './helpers/s3-server.js';
import { ensureWorkerBundle } from './helpers/worker-bundle.js';

beforeAll(async () => {
  await ensureWorkerBundle();
});

// Nothing listens on port 9 of 127.0.0.1 ("discard"); no case below may reach S3.
const base = { ...TEST_CREDENTIALS, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9', AWS_S3_FORCE_PATH_STYLE: 'true', ARTIFACT_BUCKET: 'artifacts' };

describe('invalid input exits 2 with a message naming the problem', () => {
  it.each([
    ['unknown mode', { MODE: 'teleport', TASK_INPUT: '{}' }, /MODE: expected one of echo, analytics, compute, stream, got "teleport"/],
    ['missing mode', { MODE: undefined, TASK_INPUT: '{}' }, /MODE: expected one of .* got nothing/],
    ['malformed JSON', { MODE: 'echo', TASK_INPUT: '{"message": ' }, /TASK_INPUT: expected JSON text, got malformed JSON/],
    ['wrong type', { MODE: 'echo', TASK_INPUT: '{"message": 42}' }, /TASK_INPUT\.message: .*expected string, received number/],
    ['missing field', { MODE: 'compute', TASK_INPUT: '{"size": 32}' }, /TASK_INPUT\.steps: .*expected number/],
    ['out of range', { MODE: 'compute', TASK_INPUT: '{"size": 2, "steps": 1}' }, /TASK_INPUT\.size: .*>=4/],
    ['unknown field', { MODE: 'echo', TASK_INPUT: '{"message": "x", "mesage": "y"}' }, /TASK_INPUT: Unrecognized key: "mesage"/],
    ['bad S3 URI', { MODE: 'analytics', TASK_INPUT: '{"source": "https://example.com/orders.csv"}' }, /TASK_INPUT.*expected an S3 URI like "s3:\/\/bucket\/key"/],
    ['bad WebSocket URL', { MODE: 'stream', TASK_INPUT: '{"url": "http://x", "symbols": ["A"], "durationSeconds": 1}' }, /TASK_INPUT\.url: expected a WebSocket URL/],
    ['empty symbol list', { MODE: 'stream', TASK_INPUT: '{"url": "ws://127.0.0.1:9", "symbols": [], "durationSeconds": 1}' }, /TASK_INPUT\.symbols: .*>=1/],
    ['missing bucket', { MODE: 'compute', TASK_INPUT: '{"size": 8, "steps": 1}', ARTIFACT_BUCKET: undefined }, /ARTIFACT_BUCKET: required/],
    ['bad bucket name', { MODE: 'compute', TASK_INPUT: '{"size": 8, "steps": 1}', ARTIFACT_BUCKET: 'Not_A_Bucket' }, /ARTIFACT_BUCKET: expected an S3 bucket name/],
    ['bad heartbeat', { MODE: 'echo', TASK_INPUT: '{"message":"x"}', HEARTBEAT_SECONDS: 'soon' }, /HEARTBEAT_SECONDS: expected a positive number of seconds, got "soon"/],
  ])('%s', async (_name, env, expected) => {
    // Act
    const run = await runWorker({ ...base, ...env });

    // Assess
    expect(run.code).toBe(2);
    expect(run.result).toMatchObject({ status: 'failed', error: { name: 'Worker.InvalidInput', cause: expect.stringMatching(expected) } });
    expect(run.logs.some((line) => line.level === 'error' && expected.test(String(line.message)))).toBe(true);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('S3 unreachable', () => {
  it('exits 1 with a clear Worker.ArtifactWriteFailed message and writes no manifest', async () => {
    const run = await runWorker({ ...base, MODE: 'compute', ARTIFACT_PREFIX: 'p/', TASK_INPUT: '{"size": 8, "steps": 2}' });

    expect(run.code).toBe(1);
    expect(run.result).toMatchObject({
      status: 'failed',
      error: { name: 'Worker.ArtifactWriteFailed', cause: expect.stringMatching(/could not write s3:\/\/artifacts\/p\/results\.json: .*ECONNREFUSED/) },
      manifest: null,
    });
  });
});
