import { describe, expect, it } from 'vitest';
import { StatesError } from '../../local/src/engine/errors.js';
import { parseIntrinsic } from '../../local/src/engine/intrinsics/parser.js';
import { run, single } from './helpers.js';

async function evaluate(expression: string, input: unknown = {}): Promise<unknown> {
  const { outcome, output } = await run(single({ Type: 'Pass', Parameters: { 'v.$': expression }, End: true }), input);
  if (outcome.status !== 'SUCCEEDED') throw new StatesError(outcome.error ?? null, outcome.cause);
  return (output as { v: unknown }).v;
}

describe('intrinsic functions', () => {
  it.each([
    ["States.Format('Hello, {} and {}!', $.a, $.n)", { a: 'Ann', n: 2 }, 'Hello, Ann and 2!'],
    ["States.Format('literal \\{\\} {}', 'x')", {}, 'literal {} x'],
    ["States.StringToJson('{\"a\":1}')", {}, { a: 1 }],
    ["States.StringToJson('\\{\"a\":1\\}')", {}, { a: 1 }],
    ['States.JsonToString($.o)', { o: { a: [1] } }, '{"a":[1]}'],
    ["States.Array('a', 1, true, null, $.o)", { o: { b: 1 } }, ['a', 1, true, null, { b: 1 }]],
    ['States.ArrayPartition($.xs, 2)', { xs: [1, 2, 3, 4, 5] }, [[1, 2], [3, 4], [5]]],
    ['States.ArrayContains($.xs, $.x)', { xs: [{ a: 1 }], x: { a: 1 } }, true],
    ['States.ArrayRange(1, 9, 2)', {}, [1, 3, 5, 7, 9]],
    ['States.ArrayGetItem($.xs, 1)', { xs: ['a', 'b'] }, 'b'],
    ['States.ArrayLength($.xs)', { xs: [1, 2, 3] }, 3],
    ['States.ArrayUnique($.xs)', { xs: [1, 2, 1, { a: 1 }, { a: 1 }] }, [1, 2, { a: 1 }]],
    ["States.Base64Encode('Data to encode')", {}, 'RGF0YSB0byBlbmNvZGU='],
    ["States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", {}, 'Data to encode'],
    ["States.Hash('input data', 'SHA-1')", {}, 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    ['States.JsonMerge($.a, $.b, false)', { a: { x: 1, y: { z: 1 } }, b: { y: { w: 2 } } }, { x: 1, y: { w: 2 } }],
    ['States.MathAdd($.n, -3)', { n: 10 }, 7],
    ["States.StringSplit('a,b;;c', ',;')", {}, ['a', 'b', 'c']],
    ["States.StringSplit($.csv, ',')", { csv: 'subnet-1,subnet-2' }, ['subnet-1', 'subnet-2']],
    ["States.ArrayLength(States.StringSplit(States.Format('{},{}', 'a', 'b'), ','))", {}, 2],
  ])('%s', async (expression, input, expected) => {
    expect(await evaluate(expression, input)).toEqual(expected);
  });

  it('draws States.MathRandom within [start, end) and reproducibly with a seed', async () => {
    const value = await evaluate('States.MathRandom(1, 10)');
    expect(value).toBeGreaterThanOrEqual(1);
    expect(value).toBeLessThan(10);
    expect(await evaluate('States.MathRandom(1, 1000, 42)')).toBe(await evaluate('States.MathRandom(1, 1000, 42)'));
  });

  // AWS-recorded (LocalStack test_math_operations.snapshot.json, test_math_add): each argument is
  // rounded as Java's Math.round does, halves toward positive infinity.
  it.each([
    [1.49, 1.5, 3],
    [1.5, 1.51, 4],
    [-1.49, -1.5, -2],
    [-1.5, -1.51, -3],
    [0.5, 0, 1],
    [2.5, 0, 3],
    [-0.5, 0.5, 1],
    [-0.5, 0, 0],
    [-2.5, 0, -2],
    [-3.5, 0, -3],
  ])('States.MathAdd(%d, %d) rounds its arguments to %d', async (a, b, sum) => {
    expect(await evaluate('States.MathAdd($.a, $.b)', { a, b })).toBe(sum);
  });

  it('rounds the non-integer chunk size and range bounds AWS documents as rounded', async () => {
    expect(await evaluate('States.ArrayPartition($.xs, 1.6)', { xs: [1, 2, 3] })).toEqual([[1, 2], [3]]);
    expect(await evaluate('States.ArrayRange(0.6, 4.4, 1.5)')).toEqual([1, 3]);
  });

  it('returns a v4 UUID from States.UUID', async () => {
    expect(await evaluate('States.UUID()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([
    ["States.Format('{} {}', 'only one')"],
    ['States.ArrayGetItem($.xs, 5)'],
    ["States.StringToJson('not json')"],
    ["States.MathAdd('1', 1)"],
    ['States.JsonMerge($.xs, $.xs, true)'],
    ['States.Nope(1)'],
  ])('fails %s with States.IntrinsicFailure', async (expression) => {
    await expect(evaluate(expression, { xs: [1] })).rejects.toMatchObject({ error: 'States.IntrinsicFailure' });
  });

  it('parses nested calls, paths with brackets and escaped quotes into a tree', () => {
    expect(parseIntrinsic("States.Format('it\\'s {}', States.ArrayGetItem($.a['b,c'], 0))")).toEqual({
      kind: 'call',
      name: 'States.Format',
      args: [
        { kind: 'literal', value: "it's {}" },
        { kind: 'call', name: 'States.ArrayGetItem', args: [{ kind: 'path', path: "$.a['b,c']" }, { kind: 'literal', value: 0 }] },
      ],
    });
  });

  it.each([["States.Format('x'"], ['States.Array(1,,2)'], ["States.Format('x') trailing"]])('rejects malformed %s', (source) => {
    expect(() => parseIntrinsic(source)).toThrow(StatesError);
  });
});
