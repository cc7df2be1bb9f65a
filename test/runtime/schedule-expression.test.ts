import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../local/src/runtime/schedule-expression.js';
import { scheduledInput } from '../../local/src/runtime/scheduler.js';

const at = (iso: string): number => Date.parse(iso);

describe('EventBridge schedule expressions (UTC)', () => {
  it.each([
    ['rate(1 minute)', '2026-11-24T04:00:30Z', '2026-11-24T04:01:30.000Z'],
    ['rate(5 minutes)', '2026-11-24T04:00:00Z', '2026-11-24T04:05:00.000Z'],
    ['rate(2 hours)', '2026-11-24T04:00:00Z', '2026-11-24T06:00:00.000Z'],
    ['rate(1 day)', '2026-11-24T04:00:00Z', '2026-11-25T04:00:00.000Z'],
    ['cron(0 12 * * ? *)', '2026-11-24T12:00:00Z', '2026-11-25T12:00:00.000Z'],
    ['cron(15 10 ? * MON-FRI *)', '2026-11-28T00:00:00Z', '2026-11-30T10:15:00.000Z'],
    ['cron(0/15 * * * ? *)', '2026-11-24T04:07:00Z', '2026-11-24T04:15:00.000Z'],
    ['cron(0 8 1 * ? *)', '2026-11-24T04:00:00Z', '2026-12-01T08:00:00.000Z'],
    ['cron(0 0 ? * 1 *)', '2026-11-24T04:00:00Z', '2026-11-29T00:00:00.000Z'],
  ])('%s after %s fires at %s', (expression, after, next) => {
    expect(new Date(parseSchedule(expression).next(at(after))!).toISOString()).toBe(next);
  });

  it.each([
    ['every 5 minutes', 'expected rate'],
    ['rate(0 minutes)', 'at least 1'],
    ['cron(0 12 * * *)', 'cron needs 6 fields'],
    ['cron(0 12 * * MON *)', "exactly one of day-of-month and day-of-week must be '?'"],
    ['cron(0 25 * * ? *)', "'25' is out of range 0-23"],
    ['cron(0 12 L * ? *)', 'not supported locally'],
  ])('refuses %s', (expression, message) => {
    expect(() => parseSchedule(expression)).toThrow(message);
  });

  it('gives a target its constant input, or the whole Scheduled Event', () => {
    const identity = { region: 'us-east-1', accountId: '123456789012' };
    const base = { name: 'nightly', stateMachine: 'sync', schedule: 'rate(1 day)', enabled: true };
    expect(JSON.parse(scheduledInput({ ...base, input: { mode: 'echo' } }, identity, new Date()))).toEqual({ mode: 'echo' });
    const event = JSON.parse(scheduledInput({ ...base, input: undefined }, identity, new Date('2026-11-24T04:00:00.123Z')));
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2026-11-24T04:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/nightly'],
      detail: {},
    });
  });
});
