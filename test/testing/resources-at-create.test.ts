// A Task resource is judged when the state machine is created (CreateStateMachine, the project's machines at
// start): one a library user registered (RuntimeOptions.integrations) or a mock configuration answers is
// taken and runs; any other is refused there with InvalidDefinition naming its path, not at run time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRuntime, parseMockConfig, ServiceError, type Integration, type Runtime } from '../../local/src/index.js';

const ROLE = 'arn:aws:iam::123456789012:role/test';
const CHARGE_FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:charge';

const charge: Integration = {
  serviceAction: CHARGE_FUNCTION,
  patterns: ['request-response'],
  invoke: async ({ parameters }) => ({ chargeId: `ch-${(parameters as { amount: number }).amount}` }),
};

const mockConfig = parseMockConfig({
  StateMachines: { pays: { TestCases: { Happy: { Notify: 'Sent' } } } },
  MockedResponses: { Sent: { '0': { Return: { MessageId: 'm-1' } } } },
});

const pays = {
  StartAt: 'Charge',
  States: {
    Charge: { Type: 'Task', Resource: CHARGE_FUNCTION, Parameters: { 'amount.$': '$.amount' }, ResultPath: '$.charge', Next: 'Notify' },
    Notify: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:paid', 'Message.$': '$.charge.chargeId' }, ResultPath: '$.notified', End: true },
  },
};

let runtime: Runtime;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-resources-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, region: 'us-east-1', integrations: [charge], mockConfig, onWarning: () => undefined });
}, 60_000);
afterAll(async () => {
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('takes a registered handler for a whole function ARN and a mocked service, and runs both', async () => {
  const { stateMachineArn } = await runtime.createStateMachine({ name: 'pays', definition: JSON.stringify(pays), roleArn: ROLE });
  const { executionArn } = await runtime.startExecution({ stateMachineArn: `${stateMachineArn}#Happy`, input: '{"amount":42}' });
  const done = await runtime.waitForExecution(executionArn!);
  expect(done.status).toBe('SUCCEEDED');
  expect(JSON.parse(done.output!)).toEqual({ amount: 42, charge: { chargeId: 'ch-42' }, notified: { MessageId: 'm-1' } });
});

it('takes at CreateStateMachine a service AWS has but nothing here answers; the execution fails at that state, naming the way out', async () => {
  const definition = { StartAt: 'Publish', States: { Publish: { ...pays.States.Notify, End: true } } };
  const { stateMachineArn } = await runtime.createStateMachine({ name: 'publishes', definition: JSON.stringify(definition), roleArn: ROLE });
  const { executionArn } = await runtime.startExecution({ stateMachineArn, input: '{"charge":{"chargeId":"ch-1"}}' });
  const done = await runtime.waitForExecution(executionArn!);
  expect(done.status).toBe('FAILED');
  expect(done.cause).toContain('arn:aws:states:::sns:publish');
  expect(done.cause).toContain('RuntimeOptions.integrations');
});

it('refuses at CreateStateMachine a Resource of no shape AWS takes, naming its path and the way out', async () => {
  const definition = { StartAt: 'Publish', States: { Publish: { Type: 'Task', Resource: 'arn:aws:states:::publish', End: true } } };
  const error = await runtime.createStateMachine({ name: 'refused', definition: JSON.stringify(definition), roleArn: ROLE }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe('InvalidDefinition');
  expect((error as ServiceError).message).toMatch(/^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::publish is not recognized\./);
  expect((error as ServiceError).message).toContain('RuntimeOptions.integrations');
  expect((error as ServiceError).message).toMatch(/ at \/States\/Publish\/Resource'$/);
  await expect(runtime.describeStateMachine({ stateMachineArn: runtime.stateMachineArn('refused') })).rejects.toMatchObject({ code: 'StateMachineDoesNotExist' });
});
