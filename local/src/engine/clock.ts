/** The real clock: wall time, timers and Math.random. Tests hand in their own Clock instead. */
import type { Clock } from './types.js';

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

export function systemClock(): Clock {
  return { now: () => Date.now(), sleep: abortableSleep, random: () => Math.random() };
}
