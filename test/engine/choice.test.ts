import { describe, expect, it } from 'vitest';
import { eventTypes, run } from './helpers.js';

const choiceOf = (rule: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  StartAt: 'C',
  States: {
    C: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], Default: 'No', ...extra },
    Yes: { Type: 'Pass', Result: 'yes', End: true },
    No: { Type: 'Pass', Result: 'no', End: true },
  },
});

describe('Choice state', () => {
  it.each([
    [{ Variable: '$.s', StringEquals: 'a' }, { s: 'a' }, 'yes'],
    [{ Variable: '$.s', StringEquals: 'a' }, { s: 1 }, 'no'],
    [{ Variable: '$.s', StringEqualsPath: '$.t' }, { s: 'a', t: 'a' }, 'yes'],
    [{ Variable: '$.s', StringLessThan: 'b' }, { s: 'a' }, 'yes'],
    [{ Variable: '$.s', StringMatches: 'log-*.txt' }, { s: 'log-1.txt' }, 'yes'],
    [{ Variable: '$.s', StringMatches: 'a\\*' }, { s: 'ab' }, 'no'],
    [{ Variable: '$.n', NumericGreaterThan: 2 }, { n: 3 }, 'yes'],
    [{ Variable: '$.n', NumericLessThanEquals: 2 }, { n: 3 }, 'no'],
    [{ Variable: '$.n', NumericEqualsPath: '$.m' }, { n: 3, m: 3 }, 'yes'],
    [{ Variable: '$.b', BooleanEquals: true }, { b: true }, 'yes'],
    [{ Variable: '$.t', TimestampLessThan: '2026-01-01T00:00:00Z' }, { t: '2025-06-01T00:00:00Z' }, 'yes'],
    [{ Variable: '$.x', IsPresent: false }, {}, 'yes'],
    [{ Variable: '$.x', IsNull: true }, { x: null }, 'yes'],
    [{ Variable: '$.x', IsNumeric: true }, { x: '1' }, 'no'],
    [{ Variable: '$.x', IsTimestamp: true }, { x: '2026-01-01T10:00:00Z' }, 'yes'],
    [{ And: [{ Variable: '$.n', NumericGreaterThan: 1 }, { Variable: '$.n', NumericLessThan: 5 }] }, { n: 3 }, 'yes'],
    [{ Or: [{ Variable: '$.n', NumericEquals: 1 }, { Variable: '$.n', NumericEquals: 2 }] }, { n: 3 }, 'no'],
    [{ Not: { Variable: '$.s', StringEquals: 'a' } }, { s: 'b' }, 'yes'],
    [{ Variable: '$$.Execution.Name', StringEquals: 'run-1' }, {}, 'yes'],
  ])('rule %j on %j goes to %s', async (rule, input, expected) => {
    const { output } = await run(choiceOf(rule), input);
    expect(output).toBe(expected);
  });

  it('fails with States.Runtime when the Variable path is missing', async () => {
    const { outcome } = await run(choiceOf({ Variable: '$.missing', StringEquals: 'a' }), {});
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('fails with States.NoChoiceMatched when nothing matches and there is no Default', async () => {
    const definition = { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'E' }] }, E: { Type: 'Succeed' } } };
    const { outcome } = await run(definition, { n: 2 });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
  });

  it('applies InputPath and OutputPath and records Choice events', async () => {
    const definition = {
      StartAt: 'C',
      States: { C: { Type: 'Choice', InputPath: '$.inner', OutputPath: '$.v', Choices: [{ Variable: '$.v', NumericEquals: 1, Next: 'E' }] }, E: { Type: 'Succeed' } },
    };
    const { output, events } = await run(definition, { inner: { v: 1 } });
    expect(output).toBe(1);
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ChoiceStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
  });

  it('evaluates JSONata Conditions, with rule Assign and Output', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.n > 2 %}', Assign: { picked: '{% $states.input.n %}' }, Output: { big: true }, Next: 'Yes' }],
          Default: 'No',
        },
        Yes: { Type: 'Pass', Output: '{% {"out": $states.input, "picked": $picked} %}', End: true },
        No: { Type: 'Pass', End: true },
      },
    };
    const { output } = await run(definition, { n: 3 });
    expect(output).toEqual({ out: { big: true }, picked: 3 });
  });
});
