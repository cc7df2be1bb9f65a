/**
 * The library API end to end: a real runtime in-process (real worker processes, real HTTP and S3 on
 * 127.0.0.1), Step Functions Local mock test cases mixed with real ECS states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOfType, ServiceError, startTestRuntime, type TestRuntime } from '../../local/src/index.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';

const MOCKS = 'test/fixtures/mocks/MockConfigFile.json';
const warnings: string[] = [];
let sfn: TestRuntime;

beforeAll(async () => {
  ensureWorkerBundle();
  sfn = await startTestRuntime({ mockConfig: MOCKS, onWarning: (message) => warnings.push(message) });
  await sfn.register('test/fixtures/mocks/mock-demo.asl.json');
}, 60_000);
afterAll(async () => {
  await sfn?.close();
});

const echo = { mode: 'echo', input: { message: 'hi' } };

describe('mocked test cases through the library API', () => {
  it('runs the happy path on a mocked .sync ECS result without starting a task', async () => {
    const run = await sfn.run('sync', echo, { testCase: 'HappyPath' });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toMatchObject({ exitCode: 0, stopCode: 'EssentialContainerExited', attempts: 1 });
    expect(eventsOfType(run.history, 'TaskSubmitted')).toHaveLength(0);
    expect(await sfn.logs(run.executionArn)).toEqual([]);
  });

  it('retries a mocked ECS error twice, then succeeds (invocations counted per state and execution)', async () => {
    const [first, second] = await Promise.all([sfn.run('sync', echo, { testCase: 'RetryPath' }), sfn.run('sync', echo, { testCase: 'RetryPath' })]);
    for (const run of [first!, second!]) {
      expect(run.status).toBe('SUCCEEDED');
      const failures = eventsOfType(run.history, 'TaskFailed').map((e) => (e.taskFailedEventDetails as { error: string }).error);
      expect(failures).toEqual(['ECS.ThrottlingException', 'ECS.ThrottlingException']);
      expect(eventsOfType(run.history, 'TaskSucceeded')).toHaveLength(1);
    }
  });

  it('takes the catch path: a mocked task that exited 2 fails as Worker.InvalidInput', async () => {
    const run = await sfn.run('sync', echo, { testCase: 'CatchPath' });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Worker.InvalidInput');
    expect(run.statesEntered).toEqual(['Check input', 'Known mode and valid input?', 'Run task', 'Did the task run?', 'Read exit code', 'Retry the task?', 'Worker rejected input']);
  });

  it('answers a mocked .waitForTaskToken state as the callback would, success and failure', async () => {
    const ok = await sfn.run('callback', echo, { testCase: 'CallbackPath' });
    expect(ok.status).toBe('SUCCEEDED');
    expect(ok.output).toMatchObject({ mode: 'echo', result: { status: 'succeeded', result: { message: 'hi' } } });
    const failed = await sfn.run('callback', echo, { testCase: 'CallbackFailure' });
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('Worker.Failed');
    expect(failed.cause).toBe("the worker's work failed");
  });

  it('warns, naming the state, when a .sync ECS mock could never come from ECS', async () => {
    await sfn.run('sync', echo, { testCase: 'WrongShape' });
    expect(warnings.some((w) => w.startsWith('sync#WrongShape') && w.includes("state 'Run task'") && w.includes('TaskArn'))).toBe(true);
  });

  it('mixes a mocked state (retried through ResultSelector/ResultPath) with a real ECS worker in one execution', async () => {
    const run = await sfn.run('mock-demo', { order: 7 }, { testCase: 'RetryPath' });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({
      order: 7,
      charge: { chargeId: 'ch_1', amount: 42 },
      receiptInput: { message: 'receipt for ch_1' },
      receipt: { exitCode: 0, stopCode: 'EssentialContainerExited' },
    });
    expect(eventsOfType(run.history, 'TaskFailed')).toHaveLength(2);
    expect(eventsOfType(run.history, 'TaskSubmitted')).toHaveLength(1);
    const logs = await sfn.logs(run.executionArn);
    expect(logs.some((line) => line.message.includes('echo'))).toBe(true);
  }, 60_000);

  it('catches a mocked error by its name and never starts the real task', async () => {
    const run = await sfn.run('mock-demo', { order: 8 }, { testCase: 'CatchPath' });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Payment.Declined');
    expect(run.statesEntered).toEqual(['Charge', 'Declined']);
  });

  it('refuses a test case the mock configuration does not define, naming the ones it does', async () => {
    const error = await sfn.start('sync', echo, { testCase: 'Typo' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('ValidationException');
    expect((error as ServiceError).message).toContain('HappyPath');
  });

  it('fails an unmocked state whose service is not available locally with States.Runtime', async () => {
    const run = await sfn.run('mock-demo', { order: 9 });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('States.Runtime');
    expect(run.cause).toContain('lambda:invoke');
  });

  it('answers a real callback task from the test: heartbeat, then failure by name', async () => {
    // The worker gets the token under another name, so it does not answer itself; the test does.
    const placeholders = sfn.runtime.project.placeholders;
    await sfn.runtime.createStateMachine({
      name: 'answered-by-test',
      roleArn: 'arn:aws:iam::123456789012:role/sfn-ecs-local',
      definition: JSON.stringify({
        StartAt: 'Wait',
        States: {
          Wait: {
            Type: 'Task',
            Resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken',
            HeartbeatSeconds: 600,
            Parameters: {
              Cluster: 'sfn-ecs-local',
              TaskDefinition: placeholders['TaskDefinitionArn'],
              LaunchType: 'FARGATE',
              NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-local'] } },
              Overrides: {
                ContainerOverrides: [
                  {
                    Name: placeholders['ContainerName'],
                    Environment: [
                      { Name: 'MODE', Value: 'echo' },
                      { Name: 'TASK_INPUT', Value: '{"message":"x"}' },
                      { Name: 'CALLBACK_ID', 'Value.$': '$$.Task.Token' },
                    ],
                  },
                ],
              },
            },
            End: true,
          },
        },
      }),
    });
    const executionArn = await sfn.start('answered-by-test');
    const token = await sfn.taskToken(executionArn);
    await sfn.sendTaskHeartbeat(token);
    await sfn.sendTaskFailure(token, 'Review.Rejected', 'not today');
    const run = await sfn.result(executionArn);
    expect(run).toMatchObject({ status: 'FAILED', error: 'Review.Rejected', cause: 'not today' });
    const late = await sfn.sendTaskSuccess(token, {}).catch((e: unknown) => e);
    expect((late as ServiceError).code).toBe('TaskTimedOut');
  }, 60_000);
});
