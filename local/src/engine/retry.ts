/**
 * Retrier defaults and the one pure next-delay function (DG "Error handling": IntervalSeconds 1,
 * MaxAttempts 3, BackoffRate 2.0, JitterStrategy NONE).
 */
import type { Retrier } from '../asl/types.js';

export const RETRY_DEFAULTS = {
  /** Seconds before the first retry. */
  intervalSeconds: 1,
  maxAttempts: 3,
  backoffRate: 2,
} as const;

/**
 * Delay before retry number `attempt` (1-based): min(Interval × Backoff^(attempt-1), MaxDelay);
 * with JitterStrategy FULL a uniform draw in [0, that value]. `random` is in [0, 1).
 */
export function retryDelaySeconds(retrier: Retrier, attempt: number, random: () => number): number {
  const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.intervalSeconds;
  const backoff = retrier.BackoffRate ?? RETRY_DEFAULTS.backoffRate;
  let delay = interval * backoff ** Math.max(0, attempt - 1);
  if (retrier.MaxDelaySeconds !== undefined) delay = Math.min(delay, retrier.MaxDelaySeconds);
  return retrier.JitterStrategy === 'FULL' ? random() * delay : delay;
}

export function maxAttempts(retrier: Retrier): number {
  return retrier.MaxAttempts ?? RETRY_DEFAULTS.maxAttempts;
}
