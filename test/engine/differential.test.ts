/**
 * Differential tests: task-free JSONPath machines run on our engine and on aws-local-stepfunctions
 * (a second, independent interpreter; JSONPath only) must agree on output, or on the error name.
 * Known divergences of the second opinion are left out: its States.StringSplit fails with several
 * delimiter characters and keeps empty members, where AWS splits on each character and drops
 * empties (reference section 9).
 */
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

type Verdict = { ok: true; output: unknown } | { ok: false; error: string };

async function ours(definition: unknown, input: unknown): Promise<Verdict> {
  const { outcome } = await run(definition, input);
  return outcome.status === 'SUCCEEDED' ? { ok: true, output: JSON.parse(outcome.output) } : { ok: false, error: outcome.error ?? '' };
}

const theirMachines = new Map<unknown, StateMachine>();

async function theirs(definition: unknown, input: unknown): Promise<Verdict> {
  let machine = theirMachines.get(definition);
  if (!machine) {
    machine = new StateMachine(definition as StateMachineDefinition, { validationOptions: { checkArn: false } });
    theirMachines.set(definition, machine);
  }
  const waitStates = Object.entries((definition as { States: Record<string, { Type: string }> }).States).filter(([, s]) => s.Type === 'Wait');
  try {
    const execution = machine.run(input as never, { overrides: { waitTimeOverrides: Object.fromEntries(waitStates.map(([name]) => [name, 0])) } });
    return { ok: true, output: await execution.result };
  } catch (error) {
    return { ok: false, error: (error as { cause?: { name?: string } }).cause?.name ?? String(error) };
  }
}

const MACHINES: [string, unknown, unknown][] = [
  [
    'paths and ResultPath',
    { StartAt: 'A', States: { A: { Type: 'Pass', InputPath: '$.in', Result: { r: 1 }, ResultPath: '$.res', OutputPath: '$', End: true } } },
    { in: { a: 1 } },
  ],
  [
    'Parameters with context-free paths and intrinsics',
    {
      StartAt: 'A',
      States: {
        A: {
          Type: 'Pass',
          Parameters: {
            'f.$': "States.Format('{}-{}', $.a, $.n)",
            'len.$': 'States.ArrayLength($.xs)',
            'part.$': 'States.ArrayPartition($.xs, 2)',
            'has.$': 'States.ArrayContains($.xs, 3)',
            'range.$': 'States.ArrayRange(1, 7, 3)',
            'item.$': 'States.ArrayGetItem($.xs, 1)',
            'uniq.$': 'States.ArrayUnique($.xs)',
            'b64.$': 'States.Base64Encode($.a)',
            'json.$': 'States.JsonToString($.obj)',
            'obj.$': "States.StringToJson('{\"k\":[1,2]}')",
            'merged.$': 'States.JsonMerge($.obj, $.obj2, false)',
            'sum.$': 'States.MathAdd($.n, 5)',
            'split.$': "States.StringSplit($.csv, ',')",
            'hash.$': "States.Hash($.a, 'SHA-256')",
          },
          End: true,
        },
      },
    },
    { a: 'abc', n: 3, xs: [1, 2, 3, 3], obj: { x: 1 }, obj2: { y: 2 }, csv: 'a,b,c' },
  ],
  [
    'Choice rules',
    {
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            { And: [{ Variable: '$.n', IsNumeric: true }, { Variable: '$.n', NumericGreaterThanEquals: 10 }], Next: 'Big' },
            { Variable: '$.s', StringMatches: 'x*z', Next: 'Xz' },
            { Not: { Variable: '$.t', TimestampLessThanEquals: '2020-01-01T00:00:00Z' }, Next: 'Late' },
          ],
          Default: 'Other',
        },
        Big: { Type: 'Pass', Result: 'big', End: true },
        Xz: { Type: 'Pass', Result: 'xz', End: true },
        Late: { Type: 'Pass', Result: 'late', End: true },
        Other: { Type: 'Pass', Result: 'other', End: true },
      },
    },
    { n: 3, s: 'xyyz', t: '2019-01-01T00:00:00Z' },
  ],
  [
    'Map with ItemSelector and Parallel',
    {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.xs',
          ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          ResultPath: '$.mapped',
          Next: 'Par',
        },
        Par: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'X', States: { X: { Type: 'Pass', InputPath: '$.mapped[0]', End: true } } },
            { StartAt: 'Y', States: { Y: { Type: 'Wait', Seconds: 1, OutputPath: '$.xs', End: true } } },
          ],
          End: true,
        },
      },
    },
    { xs: ['a', 'b', 'c'] },
  ],
  ['Fail with a custom error', { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Custom.Thing', Cause: 'x' } } }, {}],
  [
    'Catch on a failing Parallel',
    {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'B.Failed', Cause: 'why' } } }],
          Catch: [{ ErrorEquals: ['B.Failed'], ResultPath: '$.err', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    },
    { keep: 1 },
  ],
  ['No choice matched', { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'E' }] }, E: { Type: 'Succeed' } } }, { n: 2 }],
  ['filter and wildcard paths', { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'ids.$': '$.xs[*].id', 'big.$': '$.xs[?(@.v > 1)].id' }, End: true } } }, { xs: [{ id: 'a', v: 1 }, { id: 'b', v: 2 }] }],
];

describe('differential: ours vs aws-local-stepfunctions', () => {
  it.each(MACHINES)('%s', async (_name, definition, input) => {
    const [a, b] = await Promise.all([ours(definition, input), theirs(definition, input)]);
    expect(a).toEqual(b);
  });

  it('agrees on Choice routing and Pass shaping for generated inputs', async () => {
    const definition = MACHINES[2]?.[1];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          n: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 3 })),
          s: fc.stringMatching(/^[xyz]{0,4}$/),
          t: fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2025-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
        }),
        async (input) => {
          const [a, b] = await Promise.all([ours(definition, input), theirs(definition, input)]);
          expect(a).toEqual(b);
        },
      ),
      { numRuns: 40 },
    );
  });
});
