// The example from docs/testing.md, kept runnable: a user testing their own workflow in a few lines.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../local/src/index.js';

let sfn: TestRuntime;
beforeAll(async () => {
  sfn = await startTestRuntime({ mockConfig: 'test/fixtures/mocks/MockConfigFile.json' });
}, 60_000);
afterAll(() => sfn.close());

it('retries ECS throttling and succeeds', async () => {
  const run = await sfn.run('sync', { mode: 'echo', input: { message: 'hi' } }, { testCase: 'RetryPath' });
  expect(run.status).toBe('SUCCEEDED');
  expect(run.history.filter((e) => e.type === 'TaskFailed')).toHaveLength(2);
});

it('runs the real worker when nothing is mocked', async () => {
  const run = await sfn.run('sync', { mode: 'echo', input: { message: 'hi' } });
  expect(run.output).toMatchObject({ exitCode: 0 });
  expect(await sfn.readArtifact(String((run.output as { manifest: string }).manifest))).toContain('echo.json');
}, 60_000);
