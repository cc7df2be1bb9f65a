import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';

const ROLE = 'arn:aws:iam::123456789012:role/test';
const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine';
const passMachine = JSON.stringify({
  StartAt: 'Greet',
  States: {
    Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('hello {}', $.who)" }, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
});
const waitMachine = JSON.stringify({ StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } });
/** `state` as the one state of a Parallel branch, so errors name a nested path. */
const taskMachine = (state: Record<string, unknown>): string =>
  JSON.stringify({ StartAt: 'Nested', States: { Nested: { Type: 'Parallel', Branches: [{ StartAt: 'Call', States: { Call: state } }], End: true } } });

let runtime: Runtime;
let sfn: SFNClient;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-api-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, region: 'us-east-1' });
  sfn = new SFNClient({ endpoint: runtime.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await sfn.send(new CreateStateMachineCommand({ name: 'greet', definition: passMachine, roleArn: ROLE }));
  await sfn.send(new CreateStateMachineCommand({ name: 'hold', definition: waitMachine, roleArn: ROLE }));
});

afterAll(async () => {
  sfn?.destroy();
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function run(name: string, input: unknown, machine = 'greet') {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${SM}:${machine}`, name, input: JSON.stringify(input) }));
  return runtime.waitForExecution(executionArn!);
}

describe('Step Functions API through the AWS SDK v3 client', () => {
  it('registers the project machines under their file names', async () => {
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    const names = stateMachines!.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['sync', 'callback', 'greet', 'hold']));
    const sync = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${SM}:sync` }));
    expect(sync).toMatchObject({ name: 'sync', status: 'ACTIVE', type: 'STANDARD', stateMachineArn: `${SM}:sync` });
    expect(sync.creationDate).toBeInstanceOf(Date);
    // Placeholders are filled with local values.
    expect(sync.definition).not.toContain('${ClusterArn}');
    expect(sync.definition).toContain(':cluster/sfn-ecs-local');
  });

  it('runs an execution and reports it as DescribeExecution and GetExecutionHistory do', async () => {
    const result = await run('greet-1', { who: 'world' });
    expect(result).toMatchObject({ status: 'SUCCEEDED', name: 'greet-1', stateMachineArn: `${SM}:greet`, redriveStatus: 'NOT_REDRIVABLE' });
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: result.executionArn }));
    expect(JSON.parse(described.output!)).toEqual({ greeting: 'hello world' });
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());

    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: result.executionArn }));
    expect(events!.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
    expect(events![0]!.timestamp).toBeInstanceOf(Date);
    expect(events![0]!.executionStartedEventDetails?.input).toBe('{"who":"world"}');
  });

  it('pages history forwards and backwards', async () => {
    const { executionArn } = await run('greet-paging', { who: 'pages' });
    const first = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 4 }));
    expect(first.events!.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    const second = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 4, nextToken: first.nextToken }));
    expect(second.events!.map((e) => e.id)).toEqual([5, 6]);
    expect(second.nextToken).toBeUndefined();
    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }));
    expect(reversed.events!.map((e) => e.type)).toEqual(['ExecutionSucceeded', 'SucceedStateExited']);
    await expect(sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: 'garbage' }))).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  it('treats StartExecution with the same name and input as idempotent only while running', async () => {
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${SM}:hold`, name: 'hold-1', input: '{"a":1}' }));
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${SM}:hold`, name: 'hold-1', input: '{"a":1}' }));
    expect(again).toMatchObject({ executionArn: first.executionArn, startDate: first.startDate });
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `${SM}:hold`, name: 'hold-1', input: '{"a":2}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
      message: `Execution Already Exists: '${first.executionArn}'`,
    });

    const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn: `${SM}:hold`, statusFilter: 'RUNNING' }));
    expect(running.executions!.map((e) => e.name)).toEqual(['hold-1']);

    const { stopDate } = await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn, error: 'Test.Stop', cause: 'enough' }));
    expect(stopDate).toBeInstanceOf(Date);
    const stopped = await runtime.waitForExecution(first.executionArn!);
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Test.Stop', cause: 'enough' });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: first.executionArn, reverseOrder: true, maxResults: 1 }));
    expect(events![0]).toMatchObject({ type: 'ExecutionAborted', previousEventId: 0 });
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `${SM}:hold`, name: 'hold-1', input: '{"a":1}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  it.each([
    ['an invalid execution name', () => new StartExecutionCommand({ stateMachineArn: `${SM}:greet`, name: 'has space' }), 'InvalidName', "Invalid Name: 'has space'"],
    ['input that is not JSON', () => new StartExecutionCommand({ stateMachineArn: `${SM}:greet`, input: '{nope' }), 'InvalidExecutionInput', /^Invalid State Machine Execution Input: '/],
    ['an unknown state machine', () => new StartExecutionCommand({ stateMachineArn: `${SM}:nope` }), 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${SM}:nope'`],
    ['a malformed ARN', () => new DescribeExecutionCommand({ executionArn: 'nope' }), 'InvalidArn', "Invalid Arn: 'Invalid ARN prefix: nope'"],
    ['a state machine ARN for an execution', () => new DescribeExecutionCommand({ executionArn: `${SM}:greet` }), 'InvalidArn', "Invalid Arn: 'Resource type not valid in this context: stateMachine'"],
    [
      'an unknown execution',
      () => new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:greet:nope' }),
      'ExecutionDoesNotExist',
      "Execution Does Not Exist: 'arn:aws:states:us-east-1:123456789012:execution:greet:nope'",
    ],
    ['an unknown task token', () => new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }), 'InvalidToken', /^Invalid Token/],
    ['an empty heartbeat token', () => new SendTaskHeartbeatCommand({ taskToken: '' }), 'ValidationException', /taskToken/],
    ['a bad status filter', () => new ListExecutionsCommand({ stateMachineArn: `${SM}:greet`, statusFilter: 'DONE' as never }), 'ValidationException', /statusFilter/],
    ['an invalid definition', () => new CreateStateMachineCommand({ name: 'bad', definition: '{"StartAt":"X","States":{}}', roleArn: ROLE }), 'InvalidDefinition', /^Invalid State Machine Definition: '/],
    ['a definition that is not JSON', () => new CreateStateMachineCommand({ name: 'bad', definition: '{', roleArn: ROLE }), 'InvalidDefinition', /INVALID_JSON_DESCRIPTION/],
    [
      'a Task resource nothing here serves, naming its path',
      () => new CreateStateMachineCommand({ name: 'bad', definition: taskMachine({ Type: 'Task', Resource: 'arn:aws:states:::foo', End: true }), roleArn: ROLE }),
      'InvalidDefinition',
      /^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::foo is not recognized\. The value is not a valid resource ARN, or the resource is not available in this region\. \(.*RuntimeOptions\.integrations.*\) at \/States\/Nested\/Branches\/0\/States\/Call\/Resource'$/,
    ],
    [
      'a RunTask field ECS does not have, naming its path',
      () =>
        new CreateStateMachineCommand({
          name: 'bad',
          definition: taskMachine({ Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Parameters: { TaskDefinition: 'worker', Overides: {} }, End: true }),
          roleArn: ROLE,
        }),
      'InvalidDefinition',
      `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field "Overides" is not supported by Step Functions. at /States/Nested/Branches/0/States/Call/Parameters'`,
    ],
    ['a changed definition under an existing name', () => new CreateStateMachineCommand({ name: 'greet', definition: waitMachine, roleArn: ROLE }), 'StateMachineAlreadyExists', `State Machine Already Exists: '${SM}:greet'`],
  ])('answers %s with the AWS error', async (_case, command, name, message) => {
    const error = await sfn.send(command() as never).then(
      () => undefined,
      (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } },
    );
    expect(error?.name).toBe(name);
    expect(error?.$metadata.httpStatusCode).toBe(400);
    if (typeof message === 'string') expect(error?.message).toBe(message);
    else expect(error?.message).toMatch(message);
  });

  it('deletes a state machine while its finished executions stay readable', async () => {
    await sfn.send(new CreateStateMachineCommand({ name: 'short-lived', definition: passMachine, roleArn: ROLE }));
    const done = await run('short-1', { who: 'x' }, 'short-lived');
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: `${SM}:short-lived` }));
    await expect(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${SM}:short-lived` }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: done.executionArn }))).status).toBe('SUCCEEDED');
  });
});
