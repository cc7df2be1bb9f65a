/**
 * AWS's limits enforced locally with AWS's errors, each hit exactly at its boundary with one unit
 * under passing (DG "Step Functions service quotas"; BC-SFN member lengths; BC-ECS RunTask overrides).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError, startTestRuntime, type TestRuntime } from '../../local/src/index.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';

let sfn: TestRuntime;
const ROLE = 'arn:aws:iam::123456789012:role/sfn-ecs-local';

beforeAll(async () => {
  ensureWorkerBundle();
  sfn = await startTestRuntime();
}, 60_000);
afterAll(async () => {
  await sfn?.close();
});

async function machine(name: string, definition: unknown): Promise<string> {
  const stateMachineArn = sfn.runtime.stateMachineArn(name);
  await sfn.runtime.deleteStateMachine({ stateMachineArn });
  await sfn.runtime.createStateMachine({ name, definition: JSON.stringify(definition), roleArn: ROLE });
  return name;
}

async function serviceError(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe('state input and output: 262,144 bytes (States.DataLimitExceeded)', () => {
  // A JSONata Pass whose output is a string of `n` times `char`: the payload is that string in quotes.
  const grow = { QueryLanguage: 'JSONata', StartAt: 'Grow', States: { Grow: { Type: 'Pass', Output: "{% $pad('', $states.input.n, $states.input.char) %}", End: true } } };

  it.each([
    ['ASCII', 'x', 1],
    ['two-byte UTF-8', 'é', 2],
  ])('passes at exactly 262,144 bytes and fails one byte over (%s)', async (_what, char, bytes) => {
    await machine('grow', grow);
    const atLimit = (262_144 - 2) / bytes;
    const ok = await sfn.run('grow', { n: atLimit, char });
    expect(ok.status).toBe('SUCCEEDED');
    expect(Buffer.byteLength(JSON.stringify(ok.output))).toBe(262_144);
    // For 2-byte characters one more character is two bytes over; an ASCII prefix makes it exactly one.
    const over = bytes === 1 ? { n: atLimit + 1, char } : { n: atLimit, char };
    const overDefinition = bytes === 1 ? grow : { ...grow, States: { Grow: { ...grow.States.Grow, Output: "{% 'x' & $pad('', $states.input.n, $states.input.char) %}" } } };
    await machine('grow-over', overDefinition);
    const failed = await sfn.run('grow-over', over);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('States.DataLimitExceeded');
    // AWS's words (recorded: conformance case err-start-large-input).
    expect(failed.cause).toBe("The state/task 'Grow' returned a result with a size exceeding the maximum number of bytes service limit.");
  });

  it('a DataLimitExceeded is not caught by States.ALL', async () => {
    await machine('grow-caught', {
      QueryLanguage: 'JSONata',
      StartAt: 'Grow',
      States: {
        Grow: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask', Arguments: { TaskDefinition: "{% $pad('', 262144, 'x') %}" }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Succeed' },
      },
    });
    const run = await sfn.run('grow-caught', {});
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('States.DataLimitExceeded');
  });

  it('refuses an execution input over 262,144 characters at StartExecution, accepts exactly that', async () => {
    await machine('echo-input', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const arn = sfn.runtime.stateMachineArn('echo-input');
    const text = (n: number) => JSON.stringify('x'.repeat(n - 2));
    const started = await sfn.runtime.startExecution({ stateMachineArn: arn, input: text(262_144) });
    expect((await sfn.result(started.executionArn!)).status).toBe('SUCCEEDED');
    expect((await serviceError(sfn.runtime.startExecution({ stateMachineArn: arn, input: text(262_145) }))).code).toBe('ValidationException');
  });
});

describe('execution history: 25,000 events', () => {
  // Init, then (More? -> Loop) n times, then More? -> Done: 4n + 8 events in all.
  const loop = {
    QueryLanguage: 'JSONata',
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Output: '{% {"i": 0, "n": $states.input.n} %}', Next: 'More?' },
      'More?': { Type: 'Choice', Choices: [{ Condition: '{% $states.input.i < $states.input.n %}', Next: 'Loop' }], Default: 'Done' },
      Loop: { Type: 'Pass', Output: '{% {"i": $states.input.i + 1, "n": $states.input.n} %}', Next: 'More?' },
      Done: { Type: 'Pass', End: true },
    },
  };

  it('succeeds with exactly 25,000 events and fails when it needs more, with the last event 25,000', async () => {
    await machine('loop', loop);
    const ok = await sfn.run('loop', { n: 6_248 });
    expect(ok.status).toBe('SUCCEEDED');
    expect(ok.history).toHaveLength(25_000);
    const failed = await sfn.run('loop', { n: 6_249 });
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('States.Runtime');
    expect(failed.cause).toBe('The execution reached the maximum number of history events (25000).');
    expect(failed.history).toHaveLength(25_000);
    expect(failed.history.at(-1)).toMatchObject({ id: 25_000, previousEventId: 24_999, type: 'ExecutionFailed' });
  }, 60_000);

  it('with scaled-down limits a small smoke test fails exactly where the limit is (48 events: 48 passes, 47 fails)', async () => {
    const small = await startTestRuntime({ limits: { maxHistoryEvents: 48 } });
    const smaller = await startTestRuntime({ limits: { maxHistoryEvents: 47 } });
    try {
      for (const runtime of [small, smaller]) {
        await runtime.runtime.createStateMachine({ name: 'loop', definition: JSON.stringify(loop), roleArn: ROLE });
      }
      expect((await small.run('loop', { n: 10 })).status).toBe('SUCCEEDED');
      const failed = await smaller.run('loop', { n: 10 });
      expect(failed.status).toBe('FAILED');
      expect(failed.history).toHaveLength(47);
    } finally {
      await Promise.all([small.close(), smaller.close()]);
    }
  }, 60_000);
});

describe('callback limits: task token 2,048 characters, SendTaskSuccess output 262,144 characters', () => {
  it('answers a token over 2,048 characters with ValidationException and one of 2,048 with InvalidToken', async () => {
    expect((await serviceError(sfn.sendTaskSuccess('t'.repeat(2_049), {}))).code).toBe('ValidationException');
    expect((await serviceError(sfn.sendTaskSuccess('t'.repeat(2_048), {}))).code).toBe('InvalidToken');
  });

  it('refuses SendTaskSuccess output one character over 262,144 and takes exactly 262,144', async () => {
    // The worker runs without TASK_TOKEN (it gets the token under another name), so only the test answers.
    await machine('wait-for-test', {
      StartAt: 'Wait for test',
      States: {
        'Wait for test': {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken',
          HeartbeatSeconds: 600,
          Parameters: {
            Cluster: 'sfn-ecs-local',
            TaskDefinition: sfn.runtime.project.placeholders['TaskDefinitionArn'],
            LaunchType: 'FARGATE',
            NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-local'] } },
            Overrides: {
              ContainerOverrides: [
                {
                  Name: sfn.runtime.project.placeholders['ContainerName'],
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
    });
    const executionArn = await sfn.start('wait-for-test', {});
    const token = await sfn.taskToken(executionArn);
    const text = (n: number) => 'x'.repeat(n - 2);
    const tooLong = await serviceError(sfn.runtime.sendTaskSuccess({ taskToken: token, output: JSON.stringify(text(262_145)) }));
    expect(tooLong.code).toBe('ValidationException');
    await sfn.runtime.sendTaskSuccess({ taskToken: token, output: JSON.stringify(text(262_144)) });
    const run = await sfn.result(executionArn);
    expect({ status: run.status, error: run.error, cause: run.cause }).toEqual({ status: 'SUCCEEDED' });
    expect((run.output as string).length).toBe(262_142);
  }, 60_000);
});

describe('execution names (1–80 characters, no whitespace, brackets, wildcards or special characters)', () => {
  it.each([
    ['80 characters', 'a'.repeat(80), true],
    ['81 characters', 'a'.repeat(81), false],
    ['a space', 'a b', false],
    ['a colon', 'a:b', false],
    ['a bracket', 'a[b', false],
    ['a control character', 'a\u0007b', false],
    ['dashes and underscores', 'run-2026_11_24', true],
  ])('%s: accepted %s', async (_what, name, accepted) => {
    await machine('named', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const attempt = sfn.start('named', {}, { name });
    if (accepted) expect(await attempt).toContain(`:named:${name}`);
    else expect((await serviceError(attempt)).code).toBe('InvalidName');
  });
});

describe('RunTask container overrides: 8,192 characters', () => {
  it('runs the task at exactly 8,192 characters and fails the state with ECS.InvalidParameterException one over', async () => {
    const containerName = sfn.runtime.project.placeholders['ContainerName']!;
    await machine('overrides', {
      QueryLanguage: 'JSONata',
      StartAt: 'Run',
      States: {
        Run: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.sync',
          Arguments: {
            Cluster: 'sfn-ecs-local',
            TaskDefinition: sfn.runtime.project.placeholders['TaskDefinitionArn'],
            LaunchType: 'FARGATE',
            NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-local'] } },
            Overrides: {
              ContainerOverrides: [
                {
                  Name: containerName,
                  Environment: [
                    { Name: 'MODE', Value: 'echo' },
                    { Name: 'TASK_INPUT', Value: '{"message":"x"}' },
                    { Name: 'PAD', Value: "{% $pad('', $states.input.pad, 'x') %}" },
                  ],
                },
              ],
            },
          },
          Output: '{% $states.result.Containers[0].ExitCode %}',
          End: true,
        },
      },
    });
    // What RunTask receives (SDK shape) and AWS measures, JSON formatting included.
    const base = JSON.stringify({
      containerOverrides: [{ name: containerName, environment: [{ name: 'MODE', value: 'echo' }, { name: 'TASK_INPUT', value: '{"message":"x"}' }, { name: 'PAD', value: '' }] }],
    }).length;
    const ok = await sfn.run('overrides', { pad: 8_192 - base });
    expect({ status: ok.status, error: ok.error, cause: ok.cause }).toEqual({ status: 'SUCCEEDED' });
    expect(ok.output).toBe(0);
    const failed = await sfn.run('overrides', { pad: 8_193 - base });
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('ECS.InvalidParameterException');
    expect(failed.cause).toContain('8192');
  }, 60_000);
});
