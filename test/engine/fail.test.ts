import { describe, expect, it } from 'vitest';
import { eventTypes, run, single } from './helpers.js';

describe('Fail state', () => {
  it('fails the execution with Error and Cause', async () => {
    const { outcome, events } = await run(single({ Type: 'Fail', Error: 'Custom.Error', Cause: 'because' }));
    expect(outcome).toEqual({ status: 'FAILED', error: 'Custom.Error', cause: 'because' });
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(events[2]).toMatchObject({ executionFailedEventDetails: { error: 'Custom.Error', cause: 'because' } });
  });

  it('reads ErrorPath and CausePath, including intrinsic functions', async () => {
    const { outcome } = await run(single({ Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('code {}', $.code)" }), { e: 'E', code: 7 });
    expect(outcome).toEqual({ status: 'FAILED', error: 'E', cause: 'code 7' });
  });

  it('evaluates JSONata Error and Cause', async () => {
    const { outcome } = await run(single({ Type: 'Fail', Error: '{% "E." & $states.input.kind %}', Cause: 'fixed' }, { QueryLanguage: 'JSONata' }), { kind: 'x' });
    expect(outcome).toEqual({ status: 'FAILED', error: 'E.x', cause: 'fixed' });
  });
});
