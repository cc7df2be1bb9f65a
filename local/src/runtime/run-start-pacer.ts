/**
 * When recorded runs take their first steps. StartExecution answers once the execution is recorded;
 * its run (the engine's first states, a task's RunTask) starts on a later turn of the event loop:
 * - one run per turn, in the order they were recorded, so Node reads its sockets between two starts;
 * - none while calls that record runs are still being answered: a burst of StartExecution calls is
 *   answered before the runs it recorded compete with it for the event loop;
 * - a run is held at most `maxHoldMs`, so a steady stream of calls cannot keep runs from starting.
 */

/** A run waiting for its turn; `start` is gone once it started (early, when a request needed it). */
export interface WaitingRun {
  readonly start?: (() => void) | undefined;
}

/** The longest a run waits for calls being answered before it starts anyway. */
const MAX_START_HOLD_MS = 100;

export class RunStartPacer {
  readonly #maxHoldMs: number;
  #waiting: { run: WaitingRun; since: number }[] = [];
  #turnScheduled = false;
  #answering = 0;
  #holdTimer: NodeJS.Timeout | undefined;

  constructor(maxHoldMs = MAX_START_HOLD_MS) {
    this.#maxHoldMs = maxHoldMs;
  }

  /** Runs `answer` (a call that records runs) with starts held until it settles. */
  async answering<T>(answer: () => Promise<T>): Promise<T> {
    this.#answering++;
    try {
      return await answer();
    } finally {
      this.#answering--;
      this.#scheduleTurn();
    }
  }

  enqueue(run: WaitingRun): void {
    this.#waiting.push({ run, since: performance.now() });
    this.#scheduleTurn();
  }

  /** Runs started early need no turn. */
  #dropStarted(): void {
    while (this.#waiting.length > 0 && !this.#waiting[0]!.run.start) this.#waiting.shift();
  }

  #scheduleTurn(): void {
    this.#dropStarted();
    if (this.#turnScheduled || this.#waiting.length === 0) return;
    const heldFor = performance.now() - this.#waiting[0]!.since;
    if (this.#answering > 0 && heldFor < this.#maxHoldMs) {
      this.#holdTimer ??= setTimeout(() => {
        this.#holdTimer = undefined;
        this.#scheduleTurn();
      }, this.#maxHoldMs - heldFor);
      return;
    }
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#turnScheduled = true;
    setImmediate(() => {
      this.#turnScheduled = false;
      this.#dropStarted();
      this.#waiting.shift()?.run.start?.();
      this.#scheduleTurn();
    });
  }
}
