/**
 * Mock test cases from the command line and over the HTTP API, as Step Functions Local users drive
 * them: `sfn-ecs run --mock-config FILE --test-case NAME`, and `sfn-ecs serve --mock-config FILE`
 * with StartExecution on `<stateMachineArn>#<TestCaseName>` from the AWS SDK.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../local/src/cli/main.js';
import { startTestRuntime } from '../../local/src/index.js';
import { eventually } from '../e2e/helpers.js';

const MOCKS = 'test/fixtures/mocks/MockConfigFile.json';
const INPUT = JSON.stringify({ mode: 'echo', input: { message: 'hi' } });
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-mock-cli-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('sfn-ecs run --test-case', () => {
  it('runs the catch path of a test case and exits 1 with its error', async () => {
    const io = capture();
    const status = await main(['run', 'sync', '--input', INPUT, '--mock-config', MOCKS, '--test-case', 'CatchPath', '--json', '--data-dir', dataDir], io.output);
    expect(status).toBe(1);
    expect(JSON.parse(io.out.join('\n'))).toMatchObject({ status: 'FAILED', error: 'Worker.InvalidInput' });
  }, 60_000);

  it('refuses an unknown test case with one line naming the defined ones', async () => {
    const io = capture();
    const status = await main(['run', 'sync', '--input', INPUT, '--mock-config', MOCKS, '--test-case', 'Nope', '--data-dir', dataDir], io.output);
    expect(status).toBe(1);
    expect(io.err.join('\n')).toMatch(/ValidationException.*'Nope'.*HappyPath/);
  }, 60_000);

  it('refuses a broken mock configuration file with one line', async () => {
    const io = capture();
    const status = await main(['run', 'sync', '--mock-config', 'test/lint/fixtures/mistakes.asl.json', '--test-case', 'X', '--data-dir', dataDir], io.output);
    expect(status).toBe(1);
    expect(io.err.join('\n')).toMatch(/^sfn-ecs: .*mistakes\.asl\.json: /);
  }, 60_000);
});

describe('sfn-ecs serve --mock-config, driven by the AWS SDK', () => {
  it('chooses the test case from <stateMachineArn>#<TestCaseName> and retries the mocked errors', async () => {
    const io = capture();
    const stop = new AbortController();
    const serving = main(['serve', '--port', '0', '--time-scale', '0.01', '--mock-config', MOCKS, '--data-dir', dataDir], io.output, stop.signal);
    try {
      const endpoint = await eventually(() => /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.err.join('\n'))?.[1], 60_000, 'the serving line');
      const client = new SFNClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
      const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:sync';
      const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: `${machine}#RetryPath`, input: INPUT }));
      expect(executionArn).toMatch(/:execution:sync:/);
      const described = await eventually(
        async () => {
          const now = await client.send(new DescribeExecutionCommand({ executionArn }));
          return now.status === 'RUNNING' ? undefined : now;
        },
        60_000,
        'the execution to end',
      );
      expect(described.status).toBe('SUCCEEDED');
      expect(described.stateMachineArn).toBe(machine);
      const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
      expect(history.events?.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails?.error)).toEqual(['ECS.ThrottlingException', 'ECS.ThrottlingException']);
      client.destroy();
    } finally {
      stop.abort();
      expect(await serving).toBe(0);
    }
  }, 180_000);
});

describe('SFN_MOCK_CONFIG', () => {
  it('names the mock configuration when no option does, as Step Functions Local reads it', async () => {
    const previous = process.env.SFN_MOCK_CONFIG;
    process.env.SFN_MOCK_CONFIG = MOCKS;
    const sfn = await startTestRuntime({ dataDir });
    try {
      const run = await sfn.run('sync', JSON.parse(INPUT), { testCase: 'HappyPath' });
      expect(run.output).toMatchObject({ exitCode: 0, attempts: 1 });
    } finally {
      if (previous === undefined) delete process.env.SFN_MOCK_CONFIG;
      else process.env.SFN_MOCK_CONFIG = previous;
      await sfn.close();
    }
  }, 60_000);
});

describe('sfn-ecs validate', () => {
  it('is dispatched by the CLI entry point and exits 0 on the project', async () => {
    const io = capture();
    expect(await main(['validate'], io.output)).toBe(0);
    expect(io.err.at(-1)).toBe('3 files: 0 errors, 0 warnings');
  }, 60_000);
});

