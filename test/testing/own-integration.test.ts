// The example from docs/testing.md ("Your own integrations"), kept runnable: a handler registered for a
// resource ARN the laptop cannot reach answers the Task state; the state's processing runs as on AWS.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestRuntime, type Integration, type TestRuntime } from '../../local/src/index.js';

const charge: Integration = {
  serviceAction: 'lambda:invoke',
  patterns: ['request-response'],
  invoke: async ({ parameters }) => {
    const { Payload } = parameters as { Payload: { amount: number } };
    return { StatusCode: 200, Payload: { chargeId: `ch-${Payload.amount}` } };
  },
};

let sfn: TestRuntime;
beforeAll(async () => {
  sfn = await startTestRuntime({ integrations: [charge] });
  await sfn.register('test/fixtures/integrations/charge.asl.json');
}, 60_000);
afterAll(() => sfn.close());

it('answers a Lambda Task with the registered handler', async () => {
  const run = await sfn.run('charge', { amount: 42 });
  expect(run.status).toBe('SUCCEEDED');
  expect(run.output).toEqual({ chargeId: 'ch-42' });
});
