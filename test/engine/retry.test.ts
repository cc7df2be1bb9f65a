import { describe, expect, it } from 'vitest';
import { errorMatches } from '../../local/src/engine/error-matching.js';
import { retryDelaySeconds } from '../../local/src/engine/retry.js';

describe('retryDelaySeconds', () => {
  it.each([
    [{ ErrorEquals: ['E'] }, 1, 1],
    [{ ErrorEquals: ['E'] }, 3, 4],
    [{ ErrorEquals: ['E'], IntervalSeconds: 3, BackoffRate: 1.5 }, 3, 6.75],
    [{ ErrorEquals: ['E'], IntervalSeconds: 10, BackoffRate: 3, MaxDelaySeconds: 50 }, 4, 50],
  ])('%j attempt %i waits %d s', (retrier, attempt, expected) => {
    expect(retryDelaySeconds(retrier, attempt, () => 0.5)).toBeCloseTo(expected);
  });

  it('draws FULL jitter uniformly below the capped delay', () => {
    const retrier = { ErrorEquals: ['E'], IntervalSeconds: 2, MaxDelaySeconds: 5, JitterStrategy: 'FULL' as const };
    expect(retryDelaySeconds(retrier, 3, () => 0.25)).toBeCloseTo(1.25);
    expect(retryDelaySeconds(retrier, 3, () => 0)).toBe(0);
  });
});

describe('errorMatches', () => {
  it.each([
    [['States.ALL'], 'Anything', true],
    [['States.ALL'], 'States.Runtime', false],
    [['States.ALL'], 'States.DataLimitExceeded', false],
    [['States.TaskFailed'], 'Worker.Failed', true],
    [['States.TaskFailed'], 'States.Timeout', false],
    [['States.TaskFailed'], 'States.HeartbeatTimeout', false],
    [['States.Timeout'], 'States.HeartbeatTimeout', true],
    [['States.HeartbeatTimeout'], 'States.Timeout', false],
    [['ECS.InvalidParameterException'], 'ECS.InvalidParameterException', true],
    [['Ecs.InvalidParameterException'], 'ECS.InvalidParameterException', false],
    [['States.ALL'], null, true],
    [['Other'], null, false],
  ])('%j matches %s: %s', (errorEquals, error, expected) => {
    expect(errorMatches(errorEquals, error)).toBe(expected);
  });
});
