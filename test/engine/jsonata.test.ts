import { describe, expect, it } from 'vitest';
import { ECHO, run } from './helpers.js';

describe('JSONata query language with variables', () => {
  it('runs a JSONata machine with Arguments, Output, Assign and Catch', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { total: '{% $sum($states.input.values) %}', name: '{% $states.input.name %}' }, Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: ECHO,
          Arguments: { doubled: '{% $total * 2 %}', greeting: '{% "hi " & $name %}', exec: '{% $states.context.Execution.Name %}' },
          Assign: { fromResult: '{% $states.result.doubled %}' },
          Output: { result: '{% $states.result %}', before: '{% $total %}' },
          Next: 'Break',
        },
        Break: {
          Type: 'Task',
          Resource: ECHO,
          Arguments: { fail: { error: 'Oops', cause: 'planned' } },
          Catch: [{ ErrorEquals: ['Oops'], Assign: { err: '{% $states.errorOutput.Error %}' }, Output: '{% $merge([$states.input, {"caught": $states.errorOutput.Cause}]) %}', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', Output: '{% $merge([$states.input, {"err": $err, "fromResult": $fromResult}]) %}', End: true },
      },
    };
    const { output } = await run(definition, { values: [1, 2, 3], name: 'ann' });
    expect(output).toEqual({
      result: { doubled: 12, greeting: 'hi ann', exec: 'run-1' },
      before: 6,
      caught: 'planned',
      err: 'Oops',
      fromResult: 12,
    });
  });

  it('evaluates Assign and Output against the variables as they were before the state', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
        B: { Type: 'Pass', Assign: { x: '{% $x + 1 %}', y: '{% $x %}' }, Output: '{% $x %}', Next: 'C' },
        C: { Type: 'Pass', Output: { x: '{% $x %}', y: '{% $y %}', prev: '{% $states.input %}' }, End: true },
      },
    };
    const { output } = await run(definition);
    expect(output).toEqual({ x: 2, y: 1, prev: 1 });
  });

  it('mixes a JSONPath state into a JSONPath machine with a JSONata state', async () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { 'v.$': '$.v' }, Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $v * 10 %}', End: true },
      },
    };
    const { output } = await run(definition, { v: 4 });
    expect(output).toBe(40);
  });

  it.each([
    ['$partition([1,2,3], 2)', [[1, 2], [3]]],
    ['$range(0, 6, 2)', [0, 2, 4, 6]],
    ['$hash("abc", "SHA-256")', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['$random(42)', 0.7275636800328681],
    ['$parse("{\\"a\\": [1]}")', { a: [1] }],
    ['$length($uuid())', 36],
  ])('offers the Step Functions function %s', async (expression, expected) => {
    const { output } = await run({ QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } } });
    expect(output).toEqual(expected);
  });

  it('fails with States.QueryEvaluationError on a type error, an undefined result or $eval', async () => {
    for (const expression of ['{% 1 + "a" %}', '{% $states.input.missing %}', '{% $eval("1 + 1") %}']) {
      const { outcome } = await run({ QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Pass', Output: expression, End: true } } });
      expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    }
  });

  it('lets Map items read outer variables and $states.context.Map.Item in ItemSelector', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { base: 100 }, Next: 'M' },
        M: {
          Type: 'Map',
          Items: '{% $states.input.xs %}',
          ItemSelector: { i: '{% $states.context.Map.Item.Index %}', v: '{% $states.context.Map.Item.Value %}' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $base + $states.input.v + $states.input.i %}', End: true } } },
          End: true,
        },
      },
    };
    const { output } = await run(definition, { xs: [1, 2] });
    expect(output).toEqual([101, 103]);
  });
});
