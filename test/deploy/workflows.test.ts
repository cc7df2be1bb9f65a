/**
 * The workflows' own logic, evaluated field by field with jsonata (see asl-fields.ts): the cheap input
 * check, the RunTask arguments (environment precedence, Spot, sizing), the retry decision on a failed
 * task's exit code, and the outputs. The sample events must end where events/catalog.json says.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEventCatalog, loadProject } from '../../local/src/project/index.js';
import type { SampleEvent } from '../../local/src/project/index.js';
import { REPO_ROOT } from './package-template.js';
import { assign, evaluate, executionContext, loadDefinition, walk } from './asl-fields.js';
import type { Json, Variables } from './asl-fields.js';

const LOCAL_CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/sfn-ecs-local';
const RESERVED = ['MODE', 'TASK_INPUT', 'TASK_NAME', 'ARTIFACT_BUCKET', 'ARTIFACT_PREFIX'];

let sync: Json;
let callback: Json;
let fanout: Json;
let samples: SampleEvent[];

beforeAll(async () => {
  [sync, callback, fanout] = await Promise.all(['sync', 'callback', 'fanout'].map((name) => loadDefinition(name)));
  samples = await loadEventCatalog(await loadProject(REPO_ROOT));
});

const definitions = () => ({ sync, callback, fanout }) as Record<string, Json>;

/** Runs the cheap check of a machine on an input: where it stops and with which variables. */
async function check(machine: string, input: Json, name = 'run-1') {
  const definition = definitions()[machine];
  return walk(definition.States, definition.StartAt, { input, context: executionContext(name) }, {});
}

function env(args: Json): Record<string, string> {
  const [override] = args.Overrides.ContainerOverrides;
  return Object.fromEntries(override.Environment.map((e: { Name: string; Value: string }) => [e.Name, e.Value]));
}

/** The task a .sync state reports when its container stopped with exitCode (AWS's PascalCase Task). */
function stoppedTask(exitCode: number | undefined, stopCode = 'EssentialContainerExited') {
  return {
    TaskArn: 'arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/abc',
    Containers: [{ Name: 'worker', ...(exitCode === undefined ? {} : { ExitCode: exitCode }) }],
    StopCode: stopCode,
    StoppedReason: 'Essential container in task exited',
    CreatedAt: 1_700_000_000_000,
    StartedAt: 1_700_000_001_000,
    StoppedAt: 1_700_000_004_500,
  };
}

describe('sample events and the cheap check', () => {
  it('every sample that must fail the cheap check fails it with its named error, before any task', async () => {
    const rejected = samples.filter((s) => s.error?.startsWith('Workflow.'));
    expect(rejected.length).toBeGreaterThanOrEqual(3);
    for (const sample of rejected) {
      const stop = await check(sample.machine, sample.input);
      expect(stop, sample.name).toMatchObject({ error: sample.error });
      expect('cause' in stop && stop.cause.length > 0, sample.name).toBe(true);
    }
  });

  it('every other sample passes the cheap check and reaches the task', async () => {
    for (const sample of samples.filter((s) => !s.error?.startsWith('Workflow.'))) {
      const stop = await check(sample.machine, sample.input);
      expect(stop, sample.name).not.toHaveProperty('error');
      expect(['Run task', 'Run worker', 'Run tasks'], sample.name).toContain(stop.state);
    }
  });

  it.each([
    ['sync', { mode: 'echo' }, 'Workflow.InvalidInput', 'input must be a JSON object'],
    ['sync', { mode: 'echo', input: {}, spot: 'yes' }, 'Workflow.InvalidInput', 'spot must be true or false'],
    ['sync', { mode: 'echo', input: {}, env: { A: 1 } }, 'Workflow.InvalidInput', 'env must be an object of string values'],
    ['sync', { mode: 'echo', input: {}, maxAttempts: 11 }, 'Workflow.InvalidInput', 'maxAttempts must be an integer from 0 to 10'],
    ['sync', { input: {} }, 'Workflow.UnknownMode', 'got none'],
    ['sync', 'just text', 'Workflow.UnknownMode', 'got none'],
    ['callback', { mode: 'ECHO', input: {} }, 'Workflow.UnknownMode', 'got ECHO'],
    ['callback', { mode: 'echo', input: [] }, 'Workflow.InvalidInput', 'input must be a JSON object'],
    ['callback', { mode: 'echo', input: {}, timeoutSeconds: 60 }, 'Workflow.InvalidInput', 'timeoutSeconds must be an integer from 120 to 86400'],
    ['fanout', { mode: 'echo', input: {} }, 'Workflow.InvalidInput', 'give either tasks (a list) or count (a number)'],
    ['fanout', { mode: 'echo', input: {}, count: 501 }, 'Workflow.InvalidInput', 'count must be an integer from 1 to 500'],
    ['fanout', { mode: 'echo', tasks: [] }, 'Workflow.InvalidInput', 'tasks must be a list of 1 to 500 items'],
    ['fanout', { mode: 'echo', tasks: [{ input: {} }, {}] }, 'Workflow.InvalidInput', 'every task needs an input object'],
    ['fanout', { tasks: [{ input: {} }] }, 'Workflow.UnknownMode', 'got null'],
  ])('%s rejects %j with %s', async (machine, input, error, cause) => {
    const stop = await check(machine, input);
    expect(stop).toMatchObject({ error });
    expect('cause' in stop ? stop.cause : '').toContain(cause);
  });
});

describe('sync: RunTask arguments', () => {
  async function runTaskArguments(input: Json, name = 'nightly-1') {
    const stop = await check('sync', input, name);
    if (!('variables' in stop)) throw new Error(`rejected: ${stop.error}`);
    const args = await evaluate(sync.States['Run task'].Arguments, { input, context: executionContext(name) }, stop.variables);
    return { args, variables: stop.variables };
  }

  it('runs on FARGATE in our cluster, subnets and security groups, with the contract environment', async () => {
    const { args } = await runTaskArguments({ mode: 'echo', input: { message: 'hi' } });
    expect(args).toMatchObject({
      Cluster: LOCAL_CLUSTER,
      // The family: RunTask takes its latest ACTIVE revision, so a deploy does not break runs in flight.
      TaskDefinition: 'sfn-ecs-local-worker',
      LaunchType: 'FARGATE',
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-local'], SecurityGroups: ['sg-local'], AssignPublicIp: 'DISABLED' } },
    });
    expect(args).not.toHaveProperty('CapacityProviderStrategy');
    expect(args.Overrides).not.toHaveProperty('Cpu');
    expect(args.Overrides.ContainerOverrides[0].Name).toBe('worker');
    expect(env(args)).toEqual({
      MODE: 'echo',
      TASK_INPUT: '{"message":"hi"}',
      TASK_NAME: 'nightly-1',
      ARTIFACT_BUCKET: 'sfn-ecs-artifacts',
      ARTIFACT_PREFIX: 'runs/nightly-1/',
    });
  });

  it('uses Fargate Spot and the sizing when the input asks for them', async () => {
    const { args } = await runTaskArguments({ mode: 'compute', input: { size: 8, steps: 1 }, spot: true, cpu: '2048', memory: '4096' });
    expect(args).not.toHaveProperty('LaunchType');
    expect(args.CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]);
    expect(args.Overrides).toMatchObject({ Cpu: '2048', Memory: '4096' });
  });

  it('adds the execution env but never lets it replace the contract variables', async () => {
    const { args } = await runTaskArguments({ mode: 'echo', input: { message: 'x' }, env: { LOG_LEVEL: 'debug', MODE: 'compute', TASK_NAME: 'spoof' } });
    const vars = env(args);
    expect(vars).toMatchObject({ LOG_LEVEL: 'debug', MODE: 'echo', TASK_NAME: 'nightly-1' });
    expect(args.Overrides.ContainerOverrides[0].Environment.map((e: { Name: string }) => e.Name).filter((n: string) => n === 'MODE')).toHaveLength(1);
  });

  it('reports the task ARN, exit code, stop code, timings and manifest, not the task dump', async () => {
    const { variables } = await runTaskArguments({ mode: 'echo', input: { message: 'x' } });
    const output = await evaluate(sync.States['Run task'].Output, { result: stoppedTask(0) }, variables);
    expect(output).toEqual({
      taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/abc',
      taskName: 'nightly-1',
      mode: 'echo',
      exitCode: 0,
      stopCode: 'EssentialContainerExited',
      attempts: 1,
      timings: { createdAt: 1_700_000_000_000, startedAt: 1_700_000_001_000, stoppedAt: 1_700_000_004_500, runSeconds: 3.5 },
      manifest: 's3://sfn-ecs-artifacts/runs/nightly-1/manifest.json',
    });
  });

  it('has TimeoutSeconds on the task (default one hour, from the input when given)', async () => {
    const { variables } = await runTaskArguments({ mode: 'echo', input: {} });
    expect(await evaluate(sync.States['Run task'].TimeoutSeconds, {}, variables)).toBe(3600);
    const custom = await runTaskArguments({ mode: 'echo', input: {}, timeoutSeconds: 120 });
    expect(await evaluate(sync.States['Run task'].TimeoutSeconds, {}, custom.variables)).toBe(120);
  });
});

describe('sync: what a failed task leads to', () => {
  async function afterFailure(errorOutput: Json, variables: Partial<Variables>) {
    const base = { request: { mode: 'compute' }, taskName: 'run-1', prefix: 'runs/run-1/', attempt: 0, maxAttempts: 2, ...variables };
    const task = sync.States['Run task'];
    const [catcher] = task.Catch;
    const vars = await assign(catcher.Assign, { errorOutput }, base);
    return walk(sync.States, catcher.Next, { input: errorOutput }, vars);
  }
  const taskFailed = (exitCode: number | undefined, stopCode?: string) => ({
    Error: 'States.TaskFailed',
    Cause: JSON.stringify(stoppedTask(exitCode, stopCode)),
  });

  it('never retries exit code 2 (invalid input)', async () => {
    const stop = await afterFailure(taskFailed(2), { attempt: 0 });
    expect(stop).toMatchObject({ state: 'Worker rejected input', error: 'Worker.InvalidInput' });
    expect(JSON.parse((stop as { cause: string }).cause)).toMatchObject({ exitCode: 2, attempts: 1 });
  });

  it.each([
    [1, undefined],
    [137, undefined],
    [undefined, 'TaskFailedToStart'],
  ])('retries exit code %s (stop code %s) after a backoff while attempts remain', async (exitCode, stopCode) => {
    const stop = await afterFailure(taskFailed(exitCode, stopCode), { attempt: 1 });
    expect(stop.state).toBe('Back off');
    const wait = sync.States['Back off'];
    expect(wait.Next).toBe('Run task');
    expect(await evaluate(wait.Assign.attempt, {}, { attempt: 1 })).toBe(2);
  });

  it('fails with Worker.Failed once maxAttempts retries are spent', async () => {
    const stop = await afterFailure(taskFailed(1), { attempt: 2, maxAttempts: 2 });
    expect(stop).toMatchObject({ state: 'Task failed', error: 'Worker.Failed' });
    expect(JSON.parse((stop as { cause: string }).cause)).toMatchObject({ exitCode: 1, attempts: 3 });
  });

  it('passes other errors (timeout, ECS API errors after their retries) through unchanged', async () => {
    for (const failure of [
      { Error: 'States.Timeout', Cause: 'timed out' },
      { Error: 'ECS.AmazonECSException', Cause: 'Rate exceeded' },
      { Error: 'AmazonECS.Unknown', Cause: '{"Failures":[]}' },
    ]) {
      expect(await afterFailure(failure, {})).toMatchObject({ state: 'Failed', error: failure.Error, cause: failure.Cause });
    }
  });

  it('backs off with full jitter: between 1 s and min(60, 2 * 2^attempt) s', async () => {
    const wait = sync.States['Back off'];
    for (const [attempt, cap] of [[0, 2], [2, 8], [10, 60]] as const) {
      for (let i = 0; i < 20; i++) {
        const seconds = await evaluate(wait.Seconds, {}, { attempt });
        expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= cap, `attempt ${attempt}: ${seconds}`).toBe(true);
      }
    }
  });

  it('retries ECS throttling and service errors with backoff and jitter', () => {
    const [retrier] = sync.States['Run task'].Retry;
    expect(retrier.ErrorEquals).toEqual(expect.arrayContaining(['ECS.AmazonECSException', 'ECS.ThrottlingException', 'AmazonECS.Unknown']));
    expect(retrier).toMatchObject({ BackoffRate: 2, JitterStrategy: 'FULL' });
    expect(retrier.ErrorEquals).not.toContain('States.TaskFailed');
  });
});

describe('callback', () => {
  it('hands the task token and heartbeat interval to the worker', async () => {
    const input = { mode: 'echo', input: { message: 'x' } };
    const stop = await check('callback', input, 'cb-1');
    if (!('variables' in stop)) throw new Error('rejected');
    const task = callback.States['Run worker'];
    expect(task.Resource).toBe('arn:aws:states:::ecs:runTask.waitForTaskToken');
    const args = await evaluate(task.Arguments, { input, context: executionContext('cb-1', { Task: { Token: 'token-123' } }) }, stop.variables);
    expect(env(args)).toMatchObject({ TASK_TOKEN: 'token-123', TASK_NAME: 'cb-1', MODE: 'echo', HEARTBEAT_SECONDS: '20' });
    expect(Number(env(args)['HEARTBEAT_SECONDS'])).toBeLessThan(task.HeartbeatSeconds);
    expect(task.HeartbeatSeconds).toBeLessThan(await evaluate(task.TimeoutSeconds, {}, stop.variables));
  });

  it('retries a failed, stopped or silent worker and a failed artifact upload with backoff, never Worker.InvalidInput', () => {
    const retriers = callback.States['Run worker'].Retry as Json[];
    const errors = retriers.flatMap((r) => r.ErrorEquals);
    // Worker.Terminated: SIGTERM (a Spot interruption, a StopTask); Worker.ArtifactWriteFailed: an upload failed.
    expect(errors).toEqual(
      expect.arrayContaining(['Worker.Failed', 'Worker.Terminated', 'Worker.ArtifactWriteFailed', 'States.HeartbeatTimeout', 'States.Timeout']),
    );
    expect(errors).not.toContain('Worker.InvalidInput');
    expect(errors).not.toContain('States.ALL');
    expect(errors).not.toContain('States.TaskFailed');
    for (const r of retriers) expect(r.BackoffRate).toBeGreaterThan(1);
  });

  it('keeps the error and cause in the output, then fails with them', async () => {
    const [catcher] = callback.States['Run worker'].Catch;
    const errorOutput = { Error: 'Worker.InvalidInput', Cause: 'rows: expected >= 1' };
    const vars = await assign(catcher.Assign, { errorOutput }, { taskName: 'cb-1', request: { mode: 'analytics' } });
    const keep = callback.States[catcher.Next];
    const output = await evaluate(keep.Output, { input: errorOutput }, vars);
    expect(output).toEqual({ taskName: 'cb-1', mode: 'analytics', error: 'Worker.InvalidInput', cause: 'rows: expected >= 1' });
    const fail = callback.States[keep.Next];
    expect(fail.Type).toBe('Fail');
    expect(await evaluate(fail.Error, { input: output })).toBe('Worker.InvalidInput');
    expect(await evaluate(fail.Cause, { input: output })).toBe('rows: expected >= 1');
  });
});

describe('fanout', () => {
  async function items(input: Json, name = 'batch-7') {
    const stop = await check('fanout', input, name);
    if (!('variables' in stop)) throw new Error(`rejected: ${(stop as { error: string }).error}`);
    const map = fanout.States['Run tasks'];
    const list = await evaluate(map.Items, {}, stop.variables);
    const selected = [];
    for (const [index, value] of list.entries()) {
      const context = executionContext(name, { Map: { Item: { Index: index, Value: value } } });
      selected.push(await evaluate(map.ItemSelector, { input, context }, stop.variables));
    }
    return { map, variables: stop.variables, selected };
  }

  async function itemArguments(job: Json) {
    const processor = fanout.States['Run tasks'].ItemProcessor;
    const vars = await assign(processor.States[processor.StartAt].Assign, { input: job }, {});
    return evaluate(processor.States['Run item'].Arguments, { input: job }, vars);
  }

  it('turns count into that many tasks, each with its own name and prefix, 10 at a time by default', async () => {
    const { map, variables, selected } = await items({ mode: 'compute', input: { size: 8, steps: 1 }, count: 3 });
    expect(await evaluate(map.MaxConcurrency, {}, variables)).toBe(10);
    expect(selected.map((s) => [s.taskName, s.prefix])).toEqual([
      ['batch-7-0', 'runs/batch-7/0/'],
      ['batch-7-1', 'runs/batch-7/1/'],
      ['batch-7-2', 'runs/batch-7/2/'],
    ]);
    const args = await itemArguments(selected[2]);
    expect(env(args)).toMatchObject({ TASK_NAME: 'batch-7-2', ARTIFACT_PREFIX: 'runs/batch-7/2/', MODE: 'compute', TASK_INPUT: '{"size":8,"steps":1}' });
  });

  it('merges item over execution over workflow and takes MaxConcurrency and maxAttempts from the input', async () => {
    const input = {
      mode: 'echo',
      input: { message: 'default' },
      env: { A: 'execution', B: 'execution' },
      maxConcurrency: 3,
      maxAttempts: 4,
      spot: true,
      tasks: [{ mode: 'compute', input: { size: 4, steps: 1 }, env: { B: 'item' } }, {}],
    };
    const { map, variables, selected } = await items(input);
    expect(await evaluate(map.MaxConcurrency, {}, variables)).toBe(3);
    const [first, second] = await Promise.all(selected.map(itemArguments));
    expect(env(first)).toMatchObject({ MODE: 'compute', A: 'execution', B: 'item', TASK_INPUT: '{"size":4,"steps":1}' });
    expect(env(second)).toMatchObject({ MODE: 'echo', A: 'execution', B: 'execution', TASK_INPUT: '{"message":"default"}' });
    expect(first.CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]);
    expect(selected.map((s) => s.maxAttempts)).toEqual([4, 4]);
  });

  it('fails the whole Map when an item fails for good (no tolerated failures, no Catch on the Map)', async () => {
    const map = fanout.States['Run tasks'];
    expect(map).not.toHaveProperty('ToleratedFailurePercentage');
    expect(map).not.toHaveProperty('ToleratedFailureCount');
    expect(map).not.toHaveProperty('Catch');
    const states = map.ItemProcessor.States;
    const job = { index: 1, taskName: 'batch-7-1', prefix: 'runs/batch-7/1/', maxAttempts: 0 };
    const vars = await assign(states['Run item'].Catch[0].Assign, { errorOutput: { Error: 'States.TaskFailed', Cause: JSON.stringify(stoppedTask(1)) } }, { job, attempt: 0 });
    const stop = await walk(states, states['Run item'].Catch[0].Next, {}, vars);
    expect(stop).toMatchObject({ state: 'Item failed', error: 'Worker.Failed' });
    expect(JSON.parse((stop as { cause: string }).cause)).toMatchObject({ taskName: 'batch-7-1', exitCode: 1 });
  });

  it('keeps the Map output small: counts, the items that needed retries, where the manifests are', async () => {
    const map = fanout.States['Run tasks'];
    const run = map.ItemProcessor.States['Run item'];
    const results = [];
    for (const index of [0, 1]) {
      const job = { index, taskName: `batch-7-${index}`, prefix: `runs/batch-7/${index}/`, mode: 'echo' };
      results.push(await evaluate(run.Output, { result: stoppedTask(0) }, { job, attempt: index }));
    }
    expect(results[1]).toEqual({ index: 1, exitCode: 0, attempts: 2, runSeconds: 3.5 });
    const output = await evaluate(map.Output, { result: results, context: executionContext('batch-7') }, {});
    expect(output).toEqual({
      count: 2,
      attempts: 3,
      retried: [{ index: 1, attempts: 2 }],
      totalRunSeconds: 7,
      manifests: 's3://sfn-ecs-artifacts/runs/batch-7/<index>/manifest.json',
    });
  });

  it('accepts maxConcurrency up to 40 (what an inline Map runs at most) and refuses more', async () => {
    const base = { mode: 'echo', input: { message: 'x' }, count: 2 };
    const { map, variables } = await items({ ...base, maxConcurrency: 40 });
    expect(await evaluate(map.MaxConcurrency, {}, variables)).toBe(40);
    const stop = await check('fanout', { ...base, maxConcurrency: 41 });
    expect(stop).toMatchObject({ error: 'Workflow.InvalidInput' });
    expect('cause' in stop ? stop.cause : '').toContain('maxConcurrency must be an integer from 0 to 40');
  });

  it('fails an item whose overrides exceed 8,192 characters with Workflow.InvalidInput before its RunTask', async () => {
    const processor = fanout.States['Run tasks'].ItemProcessor;
    const fits = { index: 0, taskName: 'b-0', prefix: 'runs/b/0/', mode: 'echo', input: { message: 'x' }, env: { PAD: 'x'.repeat(7_700) } };
    const tooLong = { ...fits, env: { PAD: 'x'.repeat(8_200) } };
    expect(await walk(processor.States, processor.StartAt, { input: fits }, {})).toMatchObject({ state: 'Run item' });
    const stop = await walk(processor.States, processor.StartAt, { input: tooLong }, {});
    expect(stop).toMatchObject({ state: 'Item overrides too long', error: 'Workflow.InvalidInput' });
    expect('cause' in stop ? stop.cause : '').toMatch(/^task 0: the task overrides .* have 8\d{3} characters; ECS allows at most 8192$/);
  });
});

describe('limits checked before RunTask', () => {
  it.each(['sync', 'callback'])('%s: overrides over 8,192 characters fail with Workflow.InvalidInput, under it they run', async (machine) => {
    // The callback workflow keeps 2,048 characters free for the task token it adds in Run worker.
    const room = machine === 'callback' ? 5_500 : 7_700;
    const fits = await check(machine, { mode: 'echo', input: { message: 'x' }, env: { PAD: 'x'.repeat(room) } });
    expect(fits).not.toHaveProperty('error');
    const over = await check(machine, { mode: 'echo', input: { message: 'x'.repeat(room) }, env: { PAD: 'x'.repeat(room) } });
    expect(over).toMatchObject({ state: 'Overrides too long', error: 'Workflow.InvalidInput' });
    expect('cause' in over ? over.cause : '').toContain('ECS allows at most 8192');
  });

  it('the overrides measured are the ones RunTask receives', async () => {
    const input = { mode: 'echo', input: { message: 'hi' }, env: { A: 'b' }, cpu: '512', memory: '1024' };
    const stop = await check('sync', input, 'run-9');
    if (!('variables' in stop)) throw new Error('rejected');
    const args = await evaluate(sync.States['Run task'].Arguments, { input, context: executionContext('run-9') }, stop.variables);
    expect(args.Overrides).toEqual(stop.variables['overrides']);
  });
});

describe('ARM64 and Fargate Spot', () => {
  // "Linux tasks with the ARM64 architecture don't support the Fargate Spot capacity provider" (ECS).
  it.each(['sync', 'callback', 'fanout'])('%s: spot on an ARM64 deployment fails with Workflow.InvalidInput before any task', async (machine) => {
    const arm = await loadDefinition(machine, { CpuArchitecture: 'ARM64' });
    const input = machine === 'fanout' ? { mode: 'echo', input: { message: 'x' }, count: 1, spot: true } : { mode: 'echo', input: { message: 'x' }, spot: true };
    const stop = await walk(arm.States, arm.StartAt, { input, context: executionContext('arm-1') }, {});
    expect(stop).toMatchObject({ error: 'Workflow.InvalidInput' });
    expect('cause' in stop ? stop.cause : '').toContain("Linux tasks with the ARM64 architecture don't support the Fargate Spot capacity provider");
    const onDemand = await walk(arm.States, arm.StartAt, { input: { ...input, spot: false }, context: executionContext('arm-1') }, {});
    expect(onDemand).not.toHaveProperty('error');
    const x86 = await check(machine, input);
    expect(x86).not.toHaveProperty('error');
  });
});

describe('all workflows', () => {
  it.each(['sync', 'callback', 'fanout'])('%s: RESERVED contract variables are always set by the workflow', async (machine) => {
    const text = JSON.stringify(definitions()[machine]);
    for (const name of RESERVED) expect(text, name).toContain(`'${name}'`);
  });
});
