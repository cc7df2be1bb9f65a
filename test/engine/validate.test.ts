import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../local/src/validation/validate.js';

const ECHO = 'arn:aws:states:::test:echo';

function errorsOf(definition: unknown): { path: string; message: string }[] {
  const result = validateDefinition(definition);
  return result.ok ? [] : result.errors;
}

describe('validateDefinition', () => {
  it('accepts a well-formed definition', () => {
    expect(validateDefinition({ StartAt: 'A', States: { A: { Type: 'Task', Resource: ECHO, Retry: [{ ErrorEquals: ['States.ALL'] }], End: true } } })).toEqual({ ok: true });
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
    expect(validateDefinition(definition)).toEqual({ ok: true });
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

describe('validateDefinition with an integration registry', () => {
  it('names a Task resource that no registered integration serves', async () => {
    const { IntegrationRegistry } = await import('../../local/src/integrations/registry.js');
    const integrations = new IntegrationRegistry();
    integrations.register({ serviceAction: 'test:echo', patterns: ['request-response'], invoke: async () => null });
    const definition = {
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: ECHO, Next: 'B' }, B: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } },
    };
    const result = validateDefinition(definition, { integrations });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([{ path: '/States/B/Resource', message: expect.stringContaining('not available locally') }]);
  });
});
