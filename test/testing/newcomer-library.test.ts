/**
 * The library as a newcomer meets it (issue 16, point 7): taskToken picks the right state's token,
 * a plain-object mockConfig is checked at start, an unknown test case fails as docs/testing.md says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockConfigError, ServiceError, startTestRuntime, type TestRuntime } from '../../local/src/index.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';

const STOPPED_TASK = {
  TaskArn: 'arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/0123456789abcdef0123456789abcdef',
  LastStatus: 'STOPPED',
  StopCode: 'EssentialContainerExited',
  Containers: [{ Name: 'worker', ExitCode: 0, LastStatus: 'STOPPED' }],
};
/** The mock configuration as a plain object, as a test would write it inline. */
const MOCKS = {
  StateMachines: { 'two-tasks': { TestCases: { FirstMocked: { First: 'Stopped' } } } },
  MockedResponses: { Stopped: { '0': { Return: STOPPED_TASK } } },
};
let sfn: TestRuntime;

beforeAll(async () => {
  ensureWorkerBundle();
  sfn = await startTestRuntime({ mockConfig: MOCKS });
  const placeholders = sfn.runtime.project.placeholders;
  const ecs = (resource: string, extra: Record<string, unknown>) => ({
    Type: 'Task',
    Resource: resource,
    Parameters: {
      Cluster: 'sfn-ecs-local',
      TaskDefinition: placeholders['TaskDefinitionArn'],
      LaunchType: 'FARGATE',
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-local'] } },
      Overrides: { ContainerOverrides: [{ Name: placeholders['ContainerName'], Environment: [{ Name: 'MODE', Value: 'echo' }, { Name: 'TASK_INPUT', Value: '{"message":"x"}' }, ...((extra.env as unknown[]) ?? [])] }] },
    },
    ResultPath: null,
    ...(extra.next ? { Next: extra.next } : { End: true }),
  });
  // A .sync task first (its TaskScheduled has no token), then a callback the test answers.
  await sfn.runtime.createStateMachine({
    name: 'two-tasks',
    roleArn: 'arn:aws:iam::123456789012:role/sfn-ecs-local',
    definition: JSON.stringify({
      StartAt: 'First',
      States: {
        First: ecs('arn:aws:states:::ecs:runTask.sync', { next: 'Approve' }),
        // The worker gets the token under another name, so it does not answer itself; the test does.
        Approve: { ...ecs('arn:aws:states:::ecs:runTask.waitForTaskToken', { env: [{ Name: 'CALLBACK_ID', 'Value.$': '$$.Task.Token' }] }), HeartbeatSeconds: 600 },
      },
    }),
  });
}, 60_000);
afterAll(async () => {
  await sfn?.close();
});

describe('the testing library, as the docs describe it', () => {
  it('taskToken(arn, { stateName }) reads the waiting token of that state, past an earlier .sync Task', async () => {
    const executionArn = await sfn.start('two-tasks', {}, { testCase: 'FirstMocked' });
    const token = await sfn.taskToken(executionArn, { stateName: 'Approve' });
    expect(await sfn.taskToken(executionArn)).toBe(token);
    await sfn.sendTaskSuccess(token, { approved: true });
    expect((await sfn.result(executionArn)).status).toBe('SUCCEEDED');
    // Once answered and ended, no token waits: the message says so.
    await expect(sfn.taskToken(executionArn, { stateName: 'Approve' })).rejects.toThrow(/No task token waits in .* for state 'Approve': the execution ended \(ExecutionSucceeded\)/);
  }, 60_000);

  it('a plain-object mockConfig is checked at startTestRuntime, naming the place', async () => {
    const broken = { StateMachines: { x: { TestCases: { A: { S: 'Missing' } } } }, MockedResponses: {} };
    const error = await startTestRuntime({ mockConfig: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockConfigError);
    expect((error as Error).message).toBe("startTestRuntime({ mockConfig }): StateMachines.x.TestCases.A.S names 'Missing', which is not in MockedResponses");
    const wrongShape = await startTestRuntime({ mockConfig: { StateMachines: [] } }).catch((e: unknown) => e);
    expect((wrongShape as Error).message).toMatch(/^startTestRuntime\(\{ mockConfig \}\): StateMachines: /);
  });

  it('an unknown test case is a ServiceError named ValidationException, as the SDK names it, naming the defined ones', async () => {
    const error = await sfn.start('two-tasks', {}, { testCase: 'Nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    // Code written against the SDK (`if (err.name === 'ValidationException')`) reads it the same.
    expect((error as Error).name).toBe('ValidationException');
    expect((error as ServiceError).code).toBe('ValidationException');
    expect((error as Error).message).toContain('(defined: FirstMocked)');
  });
});
