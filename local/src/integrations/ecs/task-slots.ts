/**
 * At most `limit` tasks hold a slot; the rest wait first-in first-out. A queued task that is
 * stopped before it starts leaves the queue without ever taking a slot.
 */
export class TaskSlots {
  readonly #limit: number;
  readonly #waiting: (() => void)[] = [];
  #inUse = 0;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`maxConcurrentTasks must be a positive integer, got ${limit}`);
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  get inUse(): number {
    return this.#inUse;
  }

  /** Runs `start` once a slot is free; the returned function withdraws it if it has not started. */
  enqueue(start: () => void): () => boolean {
    if (this.#inUse < this.#limit) {
      this.#inUse += 1;
      start();
      return () => false;
    }
    this.#waiting.push(start);
    return () => {
      const index = this.#waiting.indexOf(start);
      if (index < 0) return false;
      this.#waiting.splice(index, 1);
      return true;
    };
  }

  /** Frees a slot and hands it to the oldest waiting task. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#inUse -= 1;
  }
}
