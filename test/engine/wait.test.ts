import { describe, expect, it } from 'vitest';
import { eventTypes, fastClock, run, single } from './helpers.js';

describe('Wait state', () => {
  it.each([
    ['Seconds', { Seconds: 2 }, {}],
    ['SecondsPath', { SecondsPath: '$.wait' }, { wait: 2 }],
    ['Timestamp', { Timestamp: '2000-01-01T00:00:00Z' }, {}],
    ['TimestampPath', { TimestampPath: '$.at' }, { at: '2000-01-01T00:00:00Z' }],
  ])('waits with %s and passes its input on', async (_name, fields, input) => {
    const { output, events } = await run(single({ Type: 'Wait', End: true, ...fields }), input);
    expect(output).toEqual(input);
    expect(eventTypes(events)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
  });

  it('waits until a future Timestamp on the given clock', async () => {
    const clock = fastClock(1000);
    const at = new Date(clock.now() + 5_000).toISOString();
    const { outcome } = await run(single({ Type: 'Wait', Timestamp: at, End: true }), {}, { clock, timeScale: 1 });
    expect(outcome.status).toBe('SUCCEEDED');
  });

  it('evaluates JSONata Seconds', async () => {
    const { outcome } = await run(single({ Type: 'Wait', Seconds: '{% $states.input.n * 2 %}', End: true }, { QueryLanguage: 'JSONata' }), { n: 1 });
    expect(outcome.status).toBe('SUCCEEDED');
  });

  it('fails with States.Runtime on a negative SecondsPath value', async () => {
    const { outcome } = await run(single({ Type: 'Wait', SecondsPath: '$.n', End: true }), { n: -1 });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('is interrupted by StopExecution', async () => {
    const controller = new AbortController();
    const pending = run(single({ Type: 'Wait', Seconds: 3600, End: true }), {}, { signal: controller.signal, timeScale: 1 });
    setTimeout(() => controller.abort(), 10);
    const { outcome, events } = await pending;
    expect(outcome.status).toBe('ABORTED');
    expect(eventTypes(events).slice(-2)).toEqual(['WaitStateAborted', 'ExecutionAborted']);
  });
});
