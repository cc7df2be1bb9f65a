/** The benchmark machine: 8 top-level transitions of Pass, Choice and an inline Map of Pass states. */
export const BENCH_MACHINE = {
  StartAt: 'Start',
  States: {
    Start: { Type: 'Pass', Parameters: { 'items.$': '$.items', 'name.$': '$.name', stage: 'start' }, Next: 'Tag' },
    Tag: { Type: 'Pass', Result: 'tagged', ResultPath: '$.tag', Next: 'Route' },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.name', StringEquals: 'bench', Next: 'Shape' }],
      Default: 'Done',
    },
    Shape: { Type: 'Pass', Parameters: { 'items.$': '$.items', 'label.$': "States.Format('run {}', $.name)" }, Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value' },
      ItemProcessor: {
        StartAt: 'Double',
        States: {
          Double: { Type: 'Pass', Parameters: { 'i.$': '$.i', 'v.$': '$.v' }, Next: 'Keep' },
          Keep: { Type: 'Pass', OutputPath: '$.v', End: true },
        },
      },
      ResultPath: '$.mapped',
      Next: 'Count',
    },
    Count: { Type: 'Pass', Parameters: { 'n.$': 'States.ArrayLength($.mapped)', 'label.$': '$.label' }, Next: 'Finish' },
    Finish: { Type: 'Pass', Result: { ok: true }, ResultPath: '$.result', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
} as const;

export const BENCH_INPUT = { name: 'bench', items: [1, 2, 3, 4] };
