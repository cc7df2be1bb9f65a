import { describe, expect, it } from 'vitest';
import { eventTypes, run, single } from './helpers.js';

describe('Succeed state', () => {
  it('ends the execution with its (OutputPath-selected) input', async () => {
    const { output, events } = await run(single({ Type: 'Succeed', OutputPath: '$.x' }), { x: [1] });
    expect(output).toEqual([1]);
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
  });
});
