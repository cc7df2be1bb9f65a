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

/** The real clock; tests hand in their own Clock instead. */
export function systemClock(): Clock {
  return { now: () => Date.now(), sleep: abortableSleep, random: () => Math.random() };
}
