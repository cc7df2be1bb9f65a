/**
 * Failure names the worker reports through SendTaskFailure (callback pattern) and in its result line,
 * so a state machine's Retry and Catch can tell them apart. Custom names must not start with "States.".
 */
export const WORKER_ERRORS = {
  invalidInput: 'Worker.InvalidInput',
  failed: 'Worker.Failed',
  terminated: 'Worker.Terminated',
  artifactWriteFailed: 'Worker.ArtifactWriteFailed',
  callbackClosed: 'Worker.CallbackClosed',
} as const;
export type WorkerErrorName = (typeof WORKER_ERRORS)[keyof typeof WORKER_ERRORS];

/** Process exit codes, the only thing the .sync pattern sees. 128+signal is computed from the signal. */
export const EXIT_CODES = { success: 0, failed: 1, invalidInput: 2 } as const;

/** A failure with its reported name and a short cause (no stack trace, no secret). */
export class WorkerError extends Error {
  override readonly name: WorkerErrorName;
  constructor(name: WorkerErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }
}

export const invalidInput = (message: string): WorkerError => new WorkerError(WORKER_ERRORS.invalidInput, message);

/** The work was stopped by a signal; `signal` decides the exit code (128 + its number). */
export class TerminatedError extends WorkerError {
  constructor(readonly signal: NodeJS.Signals) {
    super(WORKER_ERRORS.terminated, `stopped by ${signal}`);
  }
}

/** Turns anything thrown into a WorkerError; unknown errors become Worker.Failed with their message only. */
export function toWorkerError(error: unknown): WorkerError {
  if (error instanceof WorkerError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WorkerError(WORKER_ERRORS.failed, message || 'the work failed', { cause: error });
}

/** Exit code for a failure: 2 for invalid input (never worth a retry), 128+signal when stopped, else 1. */
export function exitCodeFor(error: WorkerError): number {
  if (error instanceof TerminatedError) return 128 + signalNumber(error.signal);
  if (error.name === WORKER_ERRORS.invalidInput) return EXIT_CODES.invalidInput;
  return EXIT_CODES.failed;
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  return numbers[signal] ?? 15;
}

/** Throws a TerminatedError when the work's signal has fired; call it between units of work. */
export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new WorkerError(WORKER_ERRORS.failed, 'aborted');
}

/** Sleeps, rejecting with the signal's reason as soon as it fires (never resolves silently on abort). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
