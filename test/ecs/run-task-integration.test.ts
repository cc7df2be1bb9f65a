import { afterEach, describe, expect, it } from 'vitest';
import { StatesError } from '../../local/src/engine/errors.js';
import type { IntegrationPattern, TaskInvocation } from '../../local/src/engine/integration.js';
import type { EcsService } from '../../local/src/integrations/ecs/ecs-service.js';
import { createEcsRunTaskIntegration } from '../../local/src/integrations/ecs/run-task-integration.js';
import { CLUSTER, CLUSTER_ARN, createService, isAlive, taskDefinition, until } from './ecs-fixtures.js';

const DEFINITIONS = ['succeed', 'fail', 'invalid-input', 'print-env', 'sleep'].map((script) => taskDefinition(script));

let service: EcsService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

/** Parameters as a state machine writes them (PascalCase), for a task definition family. */
function parameters(family: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Cluster: CLUSTER_ARN,
    TaskDefinition: family,
    LaunchType: 'FARGATE',
    NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-local'], AssignPublicIp: 'DISABLED' } },
    ...extra,
  };
}

function invoke(
  ecs: EcsService,
  pattern: IntegrationPattern,
  params: unknown,
  signal: AbortSignal = new AbortController().signal,
): { result: Promise<unknown>; submitted: unknown[] } {
  const submitted: unknown[] = [];
  const suffix = pattern === 'request-response' ? '' : `.${pattern}`;
  const invocation: TaskInvocation = {
    resource: `arn:aws:states:::ecs:runTask${suffix}`,
    pattern,
    parameters: params,
    signal,
    context: {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:sync:test',
      executionName: 'test',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sync',
      stateName: 'Run',
      region: 'us-east-1',
    },
  };
  const result = createEcsRunTaskIntegration(ecs).invoke(invocation, { submitted: (output) => submitted.push(output) });
  return { result, submitted };
}

async function statesErrorOf(promise: Promise<unknown>): Promise<StatesError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StatesError);
  return error as StatesError;
}

/** Every object key at every level starts upper-case, and no value is a Date or an ISO date string. */
function expectStepFunctionsShape(value: unknown, path = '$'): void {
  expect(value, path).not.toBeInstanceOf(Date);
  if (typeof value === 'string') expect(value, path).not.toMatch(/^\d{4}-\d{2}-\d{2}T/);
  if (Array.isArray(value)) value.forEach((item, i) => expectStepFunctionsShape(item, `${path}[${i}]`));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      expect(key, `${path}.${key}`).toMatch(/^[A-Z]/);
      expectStepFunctionsShape(item, `${path}.${key}`);
    }
  }
}

describe('ecs:runTask (request-response)', () => {
  it('returns the RunTask response in PascalCase, without StartedBy, and does not wait', async () => {
    service = createService(DEFINITIONS);
    const { result, submitted } = invoke(service, 'request-response', parameters('succeed'));
    const output = (await result) as { Failures: unknown[]; Tasks: Record<string, unknown>[] };

    const { SdkHttpMetadata: _headers, ...body } = output as Record<string, unknown>;
    expectStepFunctionsShape(body);
    expect(output.Failures).toEqual([]);
    expect(output.Tasks).toHaveLength(1);
    expect(output.Tasks[0]).toMatchObject({ LastStatus: 'PROVISIONING', DesiredStatus: 'RUNNING', ClusterArn: CLUSTER_ARN });
    expect(output.Tasks[0]!.StartedBy).toBeUndefined();
    expect(Number.isInteger(output.Tasks[0]!.CreatedAt)).toBe(true);
    expect(output).toHaveProperty('SdkResponseMetadata.RequestId');
    expect(output).toHaveProperty('SdkHttpMetadata.HttpStatusCode', 200);
    expect(submitted).toEqual([]);
  });

  it('returns Failures without failing the state', async () => {
    service = createService(DEFINITIONS, { maxConcurrentTasks: 1, maxQueuedTasks: 0 });
    await service.runTask({
      cluster: CLUSTER,
      taskDefinition: 'sleep',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-local'] } },
    });
    const output = (await invoke(service, 'request-response', parameters('succeed')).result) as Record<string, unknown[]>;
    expect(output.Tasks).toEqual([]);
    expect(output.Failures).toEqual([{ Arn: DEFINITIONS[0]!.taskDefinitionArn, Reason: expect.any(String) }]);
  });
});

describe('ecs:runTask.sync', () => {
  it('reports the submitted RunTask response, then returns the one stopped Task in PascalCase with epoch-ms times', async () => {
    service = createService(DEFINITIONS);
    const params = parameters('print-env', {
      Overrides: {
        ContainerOverrides: [
          { Name: 'worker', Command: ['MODE'], Environment: [{ Name: 'MODE', Value: 'echo' }] },
        ],
      },
    });
    const { result, submitted } = invoke(service, 'sync', params);
    const task = (await result) as Record<string, unknown> & { Containers: Record<string, unknown>[] };

    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({
      Failures: [],
      Tasks: [{ LastStatus: 'PROVISIONING', DesiredStatus: 'RUNNING', StartedBy: 'AWS Step Functions' }],
    });
    expectStepFunctionsShape(task);
    expect(task).toMatchObject({
      LastStatus: 'STOPPED',
      DesiredStatus: 'STOPPED',
      StopCode: 'EssentialContainerExited',
      StoppedReason: 'Essential container in task exited',
      StartedBy: 'AWS Step Functions',
      Group: 'family:print-env',
      Cpu: '256',
      Memory: '512',
      Overrides: { ContainerOverrides: [{ Name: 'worker', Environment: [{ Name: 'MODE', Value: 'echo' }] }] },
    });
    expect(task.Containers[0]).toMatchObject({ Name: 'worker', LastStatus: 'STOPPED', ExitCode: 0 });
    for (const key of ['CreatedAt', 'PullStartedAt', 'PullStoppedAt', 'StartedAt', 'StoppingAt', 'ExecutionStoppedAt', 'StoppedAt']) {
      expect(Number.isInteger(task[key]), key).toBe(true);
    }
    expect(service.taskLogs(task.TaskArn as string).at(-1)!.message).toBe('{"MODE":"echo"}');
  });

  it.each([
    ['fail', 1],
    ['invalid-input', 2],
  ])('fails with States.TaskFailed and the stopped Task as cause when %s exits %i', async (family, exitCode) => {
    service = createService(DEFINITIONS);
    const error = await statesErrorOf(invoke(service, 'sync', parameters(family)).result);

    expect(error.error).toBe('States.TaskFailed');
    const cause = JSON.parse(error.cause!) as Record<string, unknown> & { Containers: Record<string, unknown>[] };
    expectStepFunctionsShape(cause);
    expect(cause).toMatchObject({ LastStatus: 'STOPPED', StopCode: 'EssentialContainerExited' });
    expect(cause.Containers[0]!.ExitCode).toBe(exitCode);
  });

  it('judges only essential containers: a sidecar stopped with SIGTERM does not fail the state', async () => {
    const main = taskDefinition('succeed');
    const sidecar = { ...taskDefinition('sleep').containers[0]!, name: 'sidecar', essential: false, stopTimeoutSeconds: 1 };
    service = createService([{ ...main, containers: [...main.containers, sidecar] }]);
    const task = (await invoke(service, 'sync', parameters('succeed')).result) as { Containers: { Name: string; ExitCode: number }[] };
    expect(task.Containers.map((c) => [c.Name, c.ExitCode])).toEqual([
      ['worker', 0],
      ['sidecar', 143],
    ]);
  });

  it('fails with States.TaskFailed when the task failed to start (no ExitCode)', async () => {
    service = createService([taskDefinition('succeed', { image: 'no_such_image' })]);
    const error = await statesErrorOf(invoke(service, 'sync', parameters('succeed')).result);

    const cause = JSON.parse(error.cause!) as Record<string, unknown> & { Containers: Record<string, unknown>[] };
    expect(error.error).toBe('States.TaskFailed');
    expect(cause.StopCode).toBe('TaskFailedToStart');
    expect(cause.StoppedReason).toMatch(/^CannotPullContainerError: /);
    expect(cause.Containers[0]).not.toHaveProperty('ExitCode');
  });

  it('stops the task when the state is aborted, and rejects with the abort reason', async () => {
    service = createService(DEFINITIONS);
    const controller = new AbortController();
    const { result, submitted } = invoke(service, 'sync', parameters('sleep'), controller.signal);
    await until(() => submitted.length === 1);
    const arn = (submitted[0] as { Tasks: { TaskArn: string }[] }).Tasks[0]!.TaskArn;
    await until(() => service!.taskLogs(arn).length > 0);
    const { pid } = JSON.parse(service.taskLogs(arn)[0]!.message) as { pid: number };

    const reason = new Error('execution stopped');
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);

    const stopped = await service.waitForStopped(arn);
    expect(stopped).toMatchObject({ stopCode: 'UserInitiated', stoppedReason:
        'The Task state in AWS Step Functions execution [arn:aws:states:us-east-1:123456789012:execution:sync:test] which was managing this resource was aborted',
    });
    await until(() => !isAlive(pid));
  });

  it("drains an execution: resolves once the .sync tasks its aborted state stopped are STOPPED", async () => {
    service = createService(DEFINITIONS);
    const integration = createEcsRunTaskIntegration(service);
    const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:sync:drained';
    const controller = new AbortController();
    let taskArn = '';
    const result = integration.invoke(
      {
        resource: 'arn:aws:states:::ecs:runTask.sync',
        pattern: 'sync',
        parameters: parameters('sleep'),
        signal: controller.signal,
        context: { executionArn, executionName: 'drained', stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sync', stateName: 'Run', region: 'us-east-1' },
      },
      { submitted: (output) => (taskArn = (output as { Tasks: { TaskArn: string }[] }).Tasks[0]!.TaskArn) },
    );
    await until(() => taskArn !== '' && service!.taskLogs(taskArn).length > 0);
    controller.abort(new Error('execution stopped'));
    await expect(result).rejects.toThrow('execution stopped');

    await integration.drain(executionArn, AbortSignal.timeout(30_000));
    const { tasks } = await service.describeTasks({ cluster: CLUSTER, tasks: [taskArn] });
    expect(tasks?.[0]?.lastStatus).toBe('STOPPED');
  });
});

describe('ecs:runTask.waitForTaskToken', () => {
  it('resolves once RunTask answers, passes the token through Overrides, and never stops the task', async () => {
    service = createService(DEFINITIONS);
    const controller = new AbortController();
    const params = parameters('sleep', {
      Overrides: { ContainerOverrides: [{ Name: 'worker', Environment: [{ Name: 'TASK_TOKEN', Value: 'token-123' }] }] },
    });
    const { result, submitted } = invoke(service, 'waitForTaskToken', params, controller.signal);
    const output = (await result) as { Tasks: { TaskArn: string; StartedBy?: string; LastStatus: string }[] };

    expect(submitted).toEqual([output]);
    expect(output.Tasks[0]).toMatchObject({ LastStatus: 'PROVISIONING' });
    expect(output.Tasks[0]!.StartedBy).toBeUndefined();
    const arn = output.Tasks[0]!.TaskArn;
    await until(() => service!.taskLogs(arn).length > 0);

    controller.abort(new Error('token state timed out'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { tasks } = await service.describeTasks({ cluster: CLUSTER, tasks: [arn] });
    expect(tasks![0]).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
  });
});

describe('ecs:runTask errors', () => {
  it.each([
    ['an unknown cluster', 'ECS.ClusterNotFoundException', { Cluster: 'nope' }, 'Cluster not found.'],
    ['an unknown task definition', 'ECS.ClientException', { TaskDefinition: 'nope:3' }, 'TaskDefinition not found.'],
    [
      'a missing network configuration',
      'ECS.InvalidParameterException',
      { NetworkConfiguration: undefined },
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    ],
  ])('maps %s to %s in every pattern', async (_label, name, extra, message) => {
    service = createService(DEFINITIONS);
    const params = JSON.parse(JSON.stringify(parameters('succeed', extra))) as unknown;
    for (const pattern of ['request-response', 'sync', 'waitForTaskToken'] as const) {
      const error = await statesErrorOf(invoke(service, pattern, params).result);
      expect(error.error).toBe(name);
      expect(error.cause).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(Service: AmazonECS; Status Code: 400;`));
    }
  });

  it.each([
    [{ Foo: 1 }, 'Foo'],
    [{ Overrides: { ContainerOverrides: [{ Name: 'worker', Bogus: true }] } }, 'Overrides.ContainerOverrides[0].Bogus'],
    [{ cluster: CLUSTER }, 'cluster'],
  ])('rejects a field RunTask does not have: %j', async (extra, field) => {
    service = createService(DEFINITIONS);
    const error = await statesErrorOf(invoke(service, 'sync', parameters('succeed', extra)).result);
    expect(error.error).toBe('States.Runtime');
    expect(error.cause).toContain(`The field '${field}' is not supported by Step Functions`);
    expect((await service.listTasks({ cluster: CLUSTER })).taskArns).toEqual([]);
  });

  it.each(['sync', 'waitForTaskToken'] as const)('fails %s with AmazonECS.Unknown when RunTask answers with Failures', async (pattern) => {
    service = createService(DEFINITIONS, { maxConcurrentTasks: 1, maxQueuedTasks: 0 });
    await service.runTask({
      cluster: CLUSTER,
      taskDefinition: 'sleep',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-local'] } },
    });
    const { result, submitted } = invoke(service, pattern, parameters('succeed'));
    const error = await statesErrorOf(result);
    expect(error.error).toBe('AmazonECS.Unknown');
    expect(JSON.parse(error.cause!)).toEqual([{ Arn: DEFINITIONS[0]!.taskDefinitionArn, Reason: expect.any(String) }]);
    expect(submitted).toEqual([]);
  });
});
