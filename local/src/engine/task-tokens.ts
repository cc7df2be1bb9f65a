/**
 * Callback task tokens: one registry per runtime, shared by all executions. SendTaskSuccess,
 * SendTaskFailure and SendTaskHeartbeat go straight here; the engine waits on a token while its
 * waitForTaskToken or .sync state runs (a .sync job may beat or answer with it too). Once a state
 * ends its token answers TaskTimedOut, as AWS does.
 */
import { randomBytes } from 'node:crypto';
import { STATES_ERRORS } from './errors.js';
import { cancelTimer, type Clock } from './clock.js';

export type TaskTokenReply =
  | { ok: true }
  | { ok: false; code: 'InvalidToken' | 'TaskTimedOut' | 'InvalidOutput'; message: string };

/** How a callback wait ended. */
export type TokenOutcome =
  | { readonly kind: 'success'; readonly output: unknown }
  | { readonly kind: 'failure'; readonly error: string | null; readonly cause: string | null }
  | { readonly kind: 'heartbeatTimedOut'; readonly error: typeof STATES_ERRORS.HeartbeatTimeout };

interface OpenToken {
  settle(outcome: TokenOutcome): void;
  heartbeat(): void;
}

/** Closed tokens remembered so late calls get TaskTimedOut rather than InvalidToken. */
const CLOSED_TOKENS_KEPT = 100_000;
/** 96 random bytes -> 128 base64url characters, well under AWS's 2048-character limit. */
const TOKEN_BYTES = 96;

export class TaskTokenRegistry {
  readonly #open = new Map<string, OpenToken>();
  readonly #closed = new Set<string>();

  /** A fresh opaque token: random, new for every attempt. */
  issue(): string {
    return randomBytes(TOKEN_BYTES).toString('base64url');
  }

  /**
   * Waits for SendTask* on `token`. With heartbeatMs, a heartbeat must arrive within that time of the
   * start or of the previous heartbeat. Rejects with the signal's reason when it aborts. Either way
   * the token is closed afterwards.
   */
  wait(token: string, options: { heartbeatMs?: number; clock: Clock; signal: AbortSignal }): Promise<TokenOutcome> {
    const { heartbeatMs, clock, signal } = options;
    return new Promise<TokenOutcome>((resolve, reject) => {
      let heartbeatTimer: AbortController | undefined;
      const finish = (): void => {
        cancelTimer(heartbeatTimer);
        signal.removeEventListener('abort', onAbort);
        this.#close(token);
      };
      const onAbort = (): void => {
        finish();
        reject(signal.reason);
      };
      const armHeartbeat = (): void => {
        if (heartbeatMs === undefined) return;
        cancelTimer(heartbeatTimer);
        const timer = new AbortController();
        heartbeatTimer = timer;
        clock.sleep(heartbeatMs, timer.signal).then(
          () => settle({ kind: 'heartbeatTimedOut', error: STATES_ERRORS.HeartbeatTimeout }),
          () => undefined,
        );
      };
      const settle = (outcome: TokenOutcome): void => {
        finish();
        resolve(outcome);
      };
      if (signal.aborted) {
        this.#close(token);
        reject(signal.reason);
        return;
      }
      this.#open.set(token, { settle, heartbeat: armHeartbeat });
      signal.addEventListener('abort', onAbort, { once: true });
      armHeartbeat();
    });
  }

  sendSuccess(token: string, output: string): TaskTokenReply {
    const open = this.#lookup(token);
    if ('code' in open) return open;
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch (error) {
      return { ok: false, code: 'InvalidOutput', message: `Invalid JSON output: ${(error as Error).message}` };
    }
    open.settle({ kind: 'success', output: parsed });
    return { ok: true };
  }

  sendFailure(token: string, error?: string, cause?: string): TaskTokenReply {
    const open = this.#lookup(token);
    if ('code' in open) return open;
    open.settle({ kind: 'failure', error: error ?? null, cause: cause ?? null });
    return { ok: true };
  }

  sendHeartbeat(token: string): TaskTokenReply {
    const open = this.#lookup(token);
    if ('code' in open) return open;
    open.heartbeat();
    return { ok: true };
  }

  #lookup(token: string): OpenToken | Extract<TaskTokenReply, { ok: false }> {
    const open = this.#open.get(token);
    if (open) return open;
    if (this.#closed.has(token)) {
      return { ok: false, code: 'TaskTimedOut', message: 'Task Timed Out: the task for this token has already been closed' };
    }
    return { ok: false, code: 'InvalidToken', message: 'Invalid Token: the provided task token is not valid' };
  }

  #close(token: string): void {
    this.#open.delete(token);
    this.#closed.add(token);
    if (this.#closed.size > CLOSED_TOKENS_KEPT) {
      const oldest = this.#closed.values().next();
      if (!oldest.done) this.#closed.delete(oldest.value);
    }
  }
}
