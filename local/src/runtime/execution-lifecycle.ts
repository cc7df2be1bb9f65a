/**
 * The runtime's hold on its executions as a whole: which run, the live history feed, stopping them all
 * at shutdown, failing one its storage failed, and closing those a previous runtime left RUNNING.
 */
import type { StopExecutionInput, StopExecutionOutput } from '@aws-sdk/client-sfn';
import { StatesError } from '../engine/errors.js';
import type { ExecutionRecord } from './execution-record.js';
import { terminalEvent, type HistoryListener, type StepFunctionsContext } from './step-functions-context.js';

/** The local methods the service takes from this part (no API operation). */
export const LIFECYCLE_LOCAL = ['onHistoryEvent', 'runningExecutions', 'stopAll', 'failOnStorageError', 'recoverInterrupted'] as const;

export class ExecutionLifecycle {
  readonly #ctx: StepFunctionsContext;
  readonly #stopExecution: (input: StopExecutionInput) => Promise<StopExecutionOutput>;

  constructor(ctx: StepFunctionsContext, stopExecution: (input: StopExecutionInput) => Promise<StopExecutionOutput>) {
    this.#ctx = ctx;
    this.#stopExecution = stopExecution;
  }

  /** Every history event of every execution, as it happens. Returns an unsubscribe function. */
  onHistoryEvent(listener: HistoryListener): () => void {
    this.#ctx.listeners.add(listener);
    return () => this.#ctx.listeners.delete(listener);
  }

  /** ARNs of executions still running. */
  runningExecutions(): string[] {
    return [...this.#ctx.live.keys()];
  }

  /** Stops every running execution and waits (at most timeoutMs) for them to wind down. */
  async stopAll(cause: string, timeoutMs: number): Promise<void> {
    const lives = [...this.#ctx.live.values()];
    await Promise.all(lives.map((l) => this.#stopExecution({ executionArn: l.record.executionArn, error: 'LocalRuntime.Shutdown', cause }).catch(() => undefined)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(lives.map((l) => l.done)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /**
   * The runtime could not write the execution's history or record (e.g. a full disk): it fails with
   * States.Runtime and a cause naming the error, and its tasks are stopped, rather than running on
   * with a history that would not survive a restart.
   */
  failOnStorageError(executionArn: string, error: Error): void {
    const live = this.#ctx.live.get(executionArn);
    if (!live || live.record.status !== 'RUNNING') return;
    live.record = {
      ...live.record,
      status: 'FAILED',
      stopDate: this.#ctx.now(),
      error: 'States.Runtime',
      cause: `The local runtime could not write this execution's history or record to its data folder: ${error.message}`,
    };
    live.controller.abort(new StatesError(live.record.error!, live.record.cause));
  }

  /**
   * Marks executions a previous runtime left RUNNING (the data folder lock means no live runtime owns
   * them) as ABORTED, closing their histories, so a restart never shows an execution as running that
   * nothing runs.
   */
  async recoverInterrupted(): Promise<number> {
    let count = 0;
    for (const record of this.#ctx.options.executions.list()) {
      if (record.status !== 'RUNNING' || this.#ctx.live.has(record.executionArn)) continue;
      const events = await this.#ctx.options.executions.readHistory(record);
      const last = events.at(-1);
      const final: ExecutionRecord = {
        ...record,
        status: 'ABORTED',
        stopDate: this.#ctx.now(),
        error: 'LocalRuntime.Interrupted',
        cause: 'The local runtime stopped while this execution was running (the process exited or was killed); its tasks were not resumed.',
      };
      this.#ctx.options.executions.appendEvent(final, terminalEvent(this.#ctx, final, last));
      await this.#ctx.options.executions.save(final);
      count += 1;
    }
    await this.#ctx.options.executions.flush();
    return count;
  }
}
