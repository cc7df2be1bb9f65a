import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../local/src/validation/validate.js';
import { integrationResolver, integrationTable } from '../../local/src/integrations/registry.js';
import type { Integration } from '../../local/src/engine/integration.js';
import { ECS_RUN_TASK_CONTRACT } from '../../local/src/integrations/ecs/run-task-integration.js';

const ECHO = 'arn:aws:states:::test:echo';

function errorsOf(definition: unknown): readonly { path: string; message: string }[] {
  const result = validateDefinition(definition);
  return result.ok ? [] : result.errors;
}

describe('validateDefinition', () => {
  it('accepts a well-formed definition', () => {
    expect(validateDefinition({ StartAt: 'A', States: { A: { Type: 'Task', Resource: ECHO, Retry: [{ ErrorEquals: ['States.ALL'] }], End: true } } })).toMatchObject({ ok: true });
  });

  it('reports every problem at once, each with its path', () => {
    const errors = errorsOf({
      StartAt: 'Run',
      States: {
        Run: {
          Type: 'Task',
          Resource: ECHO,
          Retry: [{ ErrorEquals: ['States.ALL', 'Other'] }, { ErrorEquals: ['X'], BackoffRate: 0.5 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Nowhere' }],
          TimeoutSeconds: 5,
          HeartbeatSeconds: 10,
          Parameters: { 'bad.$': "States.Format('x'" },
          End: true,
        },
      },
    });
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/States/Run/Retry/0/ErrorEquals/0',
        '/States/Run/Retry/1/BackoffRate',
        '/States/Run/Catch/0/Next',
        '/States/Run/HeartbeatSeconds',
        '/States/Run/Parameters/bad.$',
      ]),
    );
  });

  it('names a missing StartAt target and an unknown state type', () => {
    const paths = errorsOf({ StartAt: 'Missing', States: { A: { Type: 'Nope', End: true } } }).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/StartAt', '/States/A/Type']));
  });

  it('names an unreachable state by its path', () => {
    const errors = errorsOf({ StartAt: 'A', States: { A: { Type: 'Pass', End: true }, Orphan: { Type: 'Pass', End: true } } });
    expect(errors).toEqual([{ path: '/States/Orphan', message: expect.stringContaining('not reachable') }]);
  });

  it('checks nested Map and Parallel machines with their paths', () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Next: 'Gone' } } },
          End: true,
        },
      },
    };
    expect(errorsOf(definition).map((e) => e.path)).toContain('/States/M/ItemProcessor/States/I/Next');
  });

  it('rejects JSONata expressions that do not compile and JSONPath-only fields in JSONata states', () => {
    const errors = errorsOf({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% 1 + %}', InputPath: '$.x', End: true } } });
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['/States/A/Output', '/States/A/InputPath']));
  });

  it('reports schema problems found by asl-validator with their instance path', () => {
    const errors = errorsOf({ StartAt: 'A', States: { A: { Type: 'Task', Resource: ECHO, Retry: [{ ErrorEquals: ['E'], MaxAttempts: -1 }], End: true } } });
    expect(errors.map((e) => e.path)).toContain('/States/A/Retry/0/MaxAttempts');
  });

  it.each([
    ['a JSONata Output that is a plain string', { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: 'hello', End: true } } }],
    ['a JSONata Output array with nulls', { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: [1, null], End: true } } }],
    [
      'Output on a Choice state',
      { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Output: { a: 1 }, Choices: [{ Condition: '{% true %}', Next: 'E' }] }, E: { Type: 'Succeed' } } },
    ],
    ['Assign arrays holding nulls', { StartAt: 'A', States: { A: { Type: 'Pass', Assign: { list: [null, { x: [null] }] }, End: true } } }],
  ])('accepts %s, as AWS does', (_name, definition) => {
    expect(validateDefinition(definition)).toMatchObject({ ok: true });
  });

  it('refuses Distributed Map readers and writers the local runtime cannot serve', () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    expect(errorsOf(definition).map((e) => e.path)).toContain('/States/M/ItemReader');
  });

  it('does not modify the definition it checks', () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    const copy = structuredClone(definition);
    validateDefinition(definition);
    expect(definition).toEqual(copy);
  });
});

describe('validateDefinition with task checks', () => {
  const echo: Integration = { serviceAction: 'test:echo', patterns: ['request-response'], invoke: async () => null };
  const integrations = integrationResolver(integrationTable<Integration>([echo, { ...ECS_RUN_TASK_CONTRACT, invoke: async () => null }]));
  const machine = (states: Record<string, unknown>): unknown => ({ StartAt: Object.keys(states)[0], States: states });

  it('returns the definition typed when it passes', () => {
    const definition = machine({ A: { Type: 'Task', Resource: ECHO, End: true } });
    const result = validateDefinition(definition, { tasks: { integrations } });
    expect(result.ok && result.definition.States['A']?.Type).toBe('Task');
  });

  it("names a Task resource nothing here serves, in AWS's words, with how to make it available locally", () => {
    const definition = machine({
      A: { Type: 'Task', Resource: ECHO, Next: 'P' },
      P: { Type: 'Parallel', Branches: [machine({ B: { Type: 'Task', Resource: 'arn:aws:states:::foo', End: true } })], End: true },
    });
    const result = validateDefinition(definition, { tasks: { integrations } });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: '/States/P/Branches/0/States/B/Resource',
        message: expect.stringMatching(
          /^The resource provided arn:aws:states:::foo is not recognized\. The value is not a valid resource ARN, or the resource is not available in this region\. \(.*not available locally.*RuntimeOptions\.integrations/,
        ),
      },
    ]);
  });

  it('refuses a pattern the integration does not offer', () => {
    const result = validateDefinition(machine({ A: { Type: 'Task', Resource: `${ECHO}.sync`, End: true } }), { tasks: { integrations } });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['/States/A/Resource']);
  });

  it('lets a state a mock answers keep a resource nothing here serves', () => {
    const definition = machine({ Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } });
    expect(validateDefinition(definition, { tasks: { integrations, isMocked: (name) => name === 'Charge' } }).ok).toBe(true);
    expect(validateDefinition(definition, { tasks: { integrations, isMocked: (name) => name === 'Other' } }).ok).toBe(false);
  });

  it("refuses RunTask fields the integration does not have, at the object holding them, as written (JSONPath and JSONata)", () => {
    const definition = machine({
      Run: {
        Type: 'Task',
        Resource: 'arn:aws:states:::ecs:runTask.sync',
        Parameters: {
          Cluster: 'c',
          'TaskDefinition.$': '$.td',
          'Bogus.$': '$.x',
          NetworkConfiguration: { AwsvpcConfiguration: { Subnet: ['s'] } },
          'Overrides.$': '$.overrides',
        },
        Next: 'Ata',
      },
      Ata: {
        Type: 'Task',
        QueryLanguage: 'JSONata',
        Resource: 'arn:aws:states:::ecs:runTask',
        Arguments: { Cluster: 'c', Overrides: { ContainerOverrides: [{ Name: 'w', Env: [] }] }, Count: '{% $count %}' },
        End: true,
      },
    });
    const result = validateDefinition(definition, { tasks: { integrations } });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: '/States/Run/Parameters', message: 'The field "Bogus" is not supported by Step Functions.' },
      { path: '/States/Run/Parameters/NetworkConfiguration/AwsvpcConfiguration', message: 'The field "Subnet" is not supported by Step Functions.' },
      { path: '/States/Ata/Arguments/Overrides/ContainerOverrides/0', message: 'The field "Env" is not supported by Step Functions.' },
    ]);
  });

  it('checks no Resource without task checks (the definition on its own)', () => {
    expect(validateDefinition(machine({ A: { Type: 'Task', Resource: 'arn:aws:states:::foo', End: true } })).ok).toBe(true);
  });
});
