import { cancelTimer } from './clock.js';

/**
 * Why a lane's AbortSignal fired. Every wait in the engine rejects with the signal's reason, so a
 * state that is left early unwinds with one of these rather than a StatesError.
 */
export const INTERRUPTIONS = {
  /** StopExecution. */
  stopped: 'stopped',
  /** The execution's own TimeoutSeconds. */
  timedOut: 'timedOut',
  /** A Parallel branch or Map iteration next to this one failed. */
  siblingFailed: 'siblingFailed',
} as const;
export type InterruptionKind = (typeof INTERRUPTIONS)[keyof typeof INTERRUPTIONS];

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(readonly kind: InterruptionKind) {
    super(`Execution interrupted: ${kind}`);
  }
}

/** A child signal: aborts with its parent, or alone through `abort`. */
export function childSignal(parent: AbortSignal): { signal: AbortSignal; abort(reason: unknown): void } {
  const controller = new AbortController();
  return { signal: AbortSignal.any([parent, controller.signal]), abort: (reason) => controller.abort(reason) };
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * How long a state that is left early waits for its .sync job to stop before unwinding anyway:
 * ECS's largest stopTimeout (120 s) plus a margin, so an execution ends after its tasks are gone.
 */
export const JOB_STOP_GRACE_MS = 130_000;

/**
 * Like raceSignal, but when the signal aborts it first waits (at most graceMs) for `promise` to
 * settle, because the integration is stopping its job; then it rejects with the signal's reason.
 */
export function settleOnAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  sleep: (ms: number, signal: AbortSignal) => Promise<void>,
  graceMs: number = JOB_STOP_GRACE_MS,
): Promise<T> {
  promise.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    let aborting = false;
    const onAbort = (): void => {
      aborting = true;
      const grace = new AbortController();
      void Promise.race([promise.then(() => undefined, () => undefined), sleep(graceMs, grace.signal).catch(() => undefined)]).then(() => {
        cancelTimer(grace);
        reject(signal.reason);
      });
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (!aborting) resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!aborting) reject(error);
      },
    );
  });
}
