/**
 * Generated bad requests against the running HTTP API (real sockets): every one gets an AWS-shaped
 * answer (200, or 400 with an AWS error name and a message), none crashes, hangs or answers 500, and
 * the server keeps serving.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { RUNS, anyMemberValue, checkAwsShaped, malformedBody, postAwsJson, startFuzzRuntime } from './fuzz-helpers.js';

let runtime: Runtime;
let closeRuntime: (() => Promise<void>) | undefined;
let passMapArn: string;
const errorNames = new Map<string, Set<string>>();

beforeAll(async () => {
  const started = await startFuzzRuntime('api');
  ({ runtime, passMapArn } = started);
  closeRuntime = started.close;
}, 60_000);

afterAll(async () => {
  await closeRuntime?.();
});

function note(surface: string, name: string | undefined): void {
  if (!name) return;
  let names = errorNames.get(surface);
  if (!names) errorNames.set(surface, (names = new Set()));
  names.add(name);
}

const SFN = { prefix: 'AWSStepFunctions', contentType: 'application/x-amz-json-1.0' };
const ECS = { prefix: 'AmazonEC2ContainerServiceV20141113', contentType: 'application/x-amz-json-1.1' };

/** ARNs and names that are well formed but unknown, malformed, or of the wrong resource type. Never a project machine: they start workers. */
const arnLike = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(
      'arn:aws:states:us-east-1:123456789012:stateMachine:does-not-exist',
      'arn:aws:states:us-east-1:123456789012:execution:pass-map:nope',
      'arn:aws:states:us-east-1:123456789012:execution:does-not-exist:x',
      'arn:aws:states:eu-west-1:123456789012:stateMachine:pass-map',
      'arn:aws:states:us-east-1:000000000000:stateMachine:pass-map',
      'arn:aws:ecs:us-east-1:123456789012:cluster/sfn-ecs-local',
      'arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/0123456789abcdef0123456789abcdef',
      'arn:aws:ecs:us-east-1:123456789012:task-definition/nope:1',
      'arn:aws:states:::ecs:runTask.sync',
      'arn:',
      'not-an-arn',
      'sfn-ecs-local',
      'a'.repeat(2049),
    ),
    fc.string({ maxLength: 300 }).map((s) => `arn:aws:states:us-east-1:123456789012:stateMachine:${s}`),
    anyMemberValue,
  );

/** Members each operation reads, so generated bodies reach its checks rather than only the first. */
const SFN_MEMBERS: Record<string, string[]> = {
  CreateStateMachine: ['name', 'definition', 'roleArn', 'type', 'loggingConfiguration', 'tags'],
  DescribeStateMachine: ['stateMachineArn'],
  ListStateMachines: ['maxResults', 'nextToken'],
  DeleteStateMachine: ['stateMachineArn'],
  StartExecution: ['stateMachineArn', 'name', 'input', 'traceHeader'],
  DescribeExecution: ['executionArn'],
  StopExecution: ['executionArn', 'error', 'cause'],
  ListExecutions: ['stateMachineArn', 'statusFilter', 'maxResults', 'nextToken'],
  GetExecutionHistory: ['executionArn', 'maxResults', 'reverseOrder', 'nextToken', 'includeExecutionData'],
  SendTaskSuccess: ['taskToken', 'output'],
  SendTaskFailure: ['taskToken', 'error', 'cause'],
  SendTaskHeartbeat: ['taskToken'],
  TestState: ['definition', 'roleArn', 'input', 'inspectionLevel'],
};
const ECS_MEMBERS: Record<string, string[]> = {
  RunTask: ['cluster', 'taskDefinition', 'count', 'launchType', 'overrides', 'networkConfiguration', 'startedBy', 'capacityProviderStrategy', 'clientToken'],
  DescribeTasks: ['cluster', 'tasks', 'include'],
  StopTask: ['cluster', 'task', 'reason'],
  ListTasks: ['cluster', 'desiredStatus', 'family', 'startedBy', 'maxResults', 'nextToken'],
};

function memberValue(operation: string, member: string): fc.Arbitrary<unknown> {
  if (/Arn$/.test(member) || member === 'cluster' || member === 'task') {
    // The fixture's ARN only where using it cannot remove it or start a worker.
    return operation === 'DeleteStateMachine' ? arnLike() : fc.oneof(arnLike(), fc.constant(passMapArn));
  }
  if (member === 'taskDefinition') return fc.oneof(fc.constantFrom('nope', 'nope:1', 'sfn-ecs-worker:999', ''), anyMemberValue);
  if (member === 'tasks') return fc.oneof(fc.array(arnLike(), { maxLength: 120 }), anyMemberValue);
  if (member === 'definition') return fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), anyMemberValue);
  if (member === 'input' || member === 'output') return fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), anyMemberValue);
  return anyMemberValue;
}

function requestFor(service: typeof SFN, members: Record<string, string[]>): fc.Arbitrary<{ target: string; body: string }> {
  const known = Object.keys(members);
  const operation = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });
  return operation.chain((op) => {
    const fields = Object.hasOwn(members, op) ? members[op]! : ['x'];
    const object = fc.record(Object.fromEntries(fields.map((m) => [m, memberValue(op, m)])), { requiredKeys: [] });
    const body = fc.oneof({ weight: 4, arbitrary: object.map((o) => JSON.stringify(o)) }, { weight: 1, arbitrary: malformedBody });
    return body.map((b) => ({ target: `${service.prefix}.${op}`, body: b }));
  });
}

describe('generated bad requests over HTTP get AWS-shaped errors', () => {
  it.each([
    ['Step Functions', SFN, SFN_MEMBERS],
    ['ECS', ECS, ECS_MEMBERS],
  ] as const)('%s API: 200 or 400 with an AWS error name, never a 500 or a hang', async (surface, service, members) => {
    await fc.assert(
      fc.asyncProperty(requestFor(service, members), async ({ target, body }) => {
        const response = await postAwsJson(runtime.endpoint, target, body, service.contentType);
        note(surface, checkAwsShaped(target, response));
      }),
      { numRuns: RUNS },
    );
    // The surfaces were really exercised: several distinct errors, and the server still answers.
    expect(errorNames.get(surface)!.size).toBeGreaterThanOrEqual(4);
    expect((await postAwsJson(runtime.endpoint, `${SFN.prefix}.ListStateMachines`, '{}', SFN.contentType)).status).toBe(200);
  }, 180_000);

  it('malformed JSON is a SerializationException, an unknown target an UnknownOperationException, a body over 1 MiB is refused', async () => {
    await fc.assert(
      // An empty body reads as {} (then ListExecutions is a ValidationException: no machine named).
      fc.asyncProperty(malformedBody.filter((body) => body.trim() !== ''), async (body) => {
        const response = await postAwsJson(runtime.endpoint, `${SFN.prefix}.ListExecutions`, body, SFN.contentType);
        expect(checkAwsShaped('ListExecutions', response)).toBe('SerializationException');
      }),
      { numRuns: 50 },
    );
    const unknown = await postAwsJson(runtime.endpoint, `${SFN.prefix}.DropAllTables`, '{}', SFN.contentType);
    expect(checkAwsShaped('DropAllTables', unknown)).toBe('UnknownOperationException');
    const huge = await postAwsJson(runtime.endpoint, `${SFN.prefix}.StartExecution`, JSON.stringify({ stateMachineArn: passMapArn, input: JSON.stringify('x'.repeat(1_100_000)) }), SFN.contentType);
    expect(checkAwsShaped('StartExecution', huge)).toMatch(/^(SerializationException|ValidationException|InvalidExecutionInput)$/);
  }, 60_000);
});

describe('generated ASL definitions given to CreateStateMachine', () => {
  /** A valid definition with one generated change: a removed field, a replaced value, or an unknown target. */
  const mutatedDefinition = fc
    .tuple(fc.constantFrom('remove', 'replace', 'retarget', 'retype'), fc.nat(), anyMemberValue, fc.string({ maxLength: 20 }))
    .map(([kind, pick, value, text]) => {
      const definition = {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Result: { x: 1 }, ResultPath: '$.r', Next: 'B' },
          B: { Type: 'Choice', Choices: [{ Variable: '$.r.x', NumericEquals: 1, Next: 'C' }], Default: 'C' },
          C: { Type: 'Wait', Seconds: 1, Next: 'D' },
          D: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'E', States: { E: { Type: 'Pass', End: true } } }, Next: 'F' },
          F: { Type: 'Fail', Error: 'X', Cause: 'y' },
        },
      } as Record<string, any>;
      const states = Object.values(definition['States'] as Record<string, Record<string, unknown>>);
      const state = states[pick % states.length]!;
      const keys = Object.keys(state);
      const key = keys[pick % keys.length]!;
      if (kind === 'remove') delete state[key];
      else if (kind === 'replace') state[key] = value;
      else if (kind === 'retarget') state['Next'] = text;
      else state['Type'] = text;
      return JSON.stringify(definition);
    });
  const definitions = fc.oneof(
    { weight: 3, arbitrary: mutatedDefinition },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: malformedBody },
    { weight: 1, arbitrary: fc.record({ StartAt: fc.string({ maxLength: 5 }), States: fc.dictionary(fc.string({ maxLength: 5 }), fc.record({ Type: fc.constantFrom('Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map', 'Nope'), End: fc.boolean() }, { requiredKeys: ['Type'] })) }, { requiredKeys: [] }).map((d) => JSON.stringify(d)) },
  );

  it('each is created (then deleted) or refused with InvalidDefinition and a message, in bounded time', async () => {
    let created = 0;
    let refused = 0;
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(definitions, async (definition) => {
        const name = `fuzz-${counter++}`;
        const response = await postAwsJson(runtime.endpoint, `${SFN.prefix}.CreateStateMachine`, JSON.stringify({ name, definition, roleArn: 'arn:aws:iam::123456789012:role/fuzz' }), SFN.contentType);
        const error = checkAwsShaped('CreateStateMachine', response);
        if (error === undefined) {
          created++;
          const deleted = await postAwsJson(runtime.endpoint, `${SFN.prefix}.DeleteStateMachine`, JSON.stringify({ stateMachineArn: response.body['stateMachineArn'] }), SFN.contentType);
          expect(deleted.status).toBe(200);
        } else {
          refused++;
          expect(error).toBe('InvalidDefinition');
        }
      }),
      { numRuns: RUNS },
    );
    expect(refused).toBeGreaterThan(RUNS / 2);
    expect(created + refused).toBe(RUNS);
  }, 240_000);
});
