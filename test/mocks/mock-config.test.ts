import { describe, expect, it } from 'vitest';
import { MockConfigError, parseMockConfig, loadMockConfig } from '../../local/src/mocks/mock-config.js';
import { mockWarnings } from '../../local/src/mocks/mock-warnings.js';

const machine = (responses: Record<string, unknown>, states: Record<string, string> = { A: 'R' }) => ({
  StateMachines: { m: { TestCases: { T: states } } },
  MockedResponses: { R: responses },
});

describe('mock configuration (Step Functions Local format)', () => {
  it('reads the sample file unchanged, with its test cases per machine', async () => {
    const config = await loadMockConfig('test/fixtures/mocks/MockConfigFile.json');
    expect(config.testCaseNames('sync')).toEqual(['HappyPath', 'RetryPath', 'CatchPath', 'WrongShape']);
    expect(config.testCase('callback', 'CallbackPath')?.get('Run worker')).toBe('WorkerCallsBack');
    expect(config.testCase('sync', 'Nope')).toBeUndefined();
  });

  it.each([
    [0, 'throw'],
    [1, 'throw'],
    [2, 'return'],
    [7, 'return'],
  ])('answers invocation %i of "0-1" Throw / "2" Return with %s (later calls reuse the last response)', (invocation, kind) => {
    const config = parseMockConfig(machine({ '0-1': { Throw: { Error: 'E', Cause: 'c' } }, '2': { Return: { ok: 1 } } }));
    expect(config.response('R', invocation).kind).toBe(kind);
  });

  it.each([
    ['a gap in the invocation keys', machine({ '0': { Return: 1 }, '2': { Return: 2 } }), /invocation 1 has no response/],
    ['keys not starting at 0', machine({ '1': { Return: 1 } }), /invocation 0 has no response/],
    ['a range that ends before it starts', machine({ '0': { Return: 1 }, '3-1': { Return: 2 } }), /ends before it starts/],
    ['a malformed key', machine({ first: { Return: 1 } }), /invocation keys/],
    ['both Return and Throw', machine({ '0': { Return: 1, Throw: { Error: 'E' } } }), /MockedResponses\.R\.0/],
    ['a Throw without Error', machine({ '0': { Throw: { Cause: 'c' } } }), /MockedResponses\.R\.0/],
    ['a test case naming an unknown response', machine({ '0': { Return: 1 } }, { A: 'Missing' }), /names 'Missing', which is not in MockedResponses/],
  ])('refuses %s with a message naming the place', (_what, json, message) => {
    expect(() => parseMockConfig(json, 'cfg.json')).toThrow(MockConfigError);
    expect(() => parseMockConfig(json, 'cfg.json')).toThrow(message);
  });

  it('warns, naming the state, when a .sync ECS mock lacks the stopped-task shape', () => {
    const definition = {
      StartAt: 'Run',
      States: { Run: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } },
    };
    const bad = parseMockConfig({ StateMachines: { m: { TestCases: { T: { Run: 'R' } } } }, MockedResponses: { R: { '0': { Return: { ok: true } } } } });
    const good = parseMockConfig({
      StateMachines: { m: { TestCases: { T: { Run: 'R' } } } },
      MockedResponses: { R: { '0': { Return: { TaskArn: 'arn', LastStatus: 'STOPPED', Containers: [{ ExitCode: 0 }] } } } },
    });
    const warnings = mockWarnings(definition, bad, bad.testCase('m', 'T')!);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("state 'Run'");
    expect(warnings[0]).toContain('TaskArn');
    expect(mockWarnings(definition, good, good.testCase('m', 'T')!)).toEqual([]);
  });

  it('warns when a mocked state is not a Task of the machine (a typo in the state name)', () => {
    const definition = { StartAt: 'Run', States: { Run: { Type: 'Pass', End: true } } };
    const config = parseMockConfig(machine({ '0': { Return: 1 } }, { Runn: 'R' }));
    expect(mockWarnings(definition, config, config.testCase('m', 'T')!)[0]).toMatch(/'Runn'.*never used/);
  });
});
