/** Time for the engine: the Clock contract and the real clock (wall time, timers, Math.random). */

/** Time and randomness come from here so tests need no spies. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after ms; rejects with the signal's reason when it aborts (never resolves silently). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Uniform in [0, 1): used for JitterStrategy FULL and $random. */
  random(): number;
}

/** Sleep that rejects with the signal's reason when it aborts; it never resolves silently. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Why a dropped timer's sleep ended: one fixed value, since `abort()` without a reason builds a DOMException each time. */
const TIMER_CANCELLED = new Error('The timer was cancelled');

/** Cancels a sleep whose outcome nobody waits for any more (a timeout, a heartbeat window, a grace period). */
export function cancelTimer(timer: AbortController | undefined): void {
  timer?.abort(TIMER_CANCELLED);
}

/** The real clock; tests hand in their own Clock instead. */
export function systemClock(): Clock {
  return { now: () => Date.now(), sleep: abortableSleep, random: () => Math.random() };
}
