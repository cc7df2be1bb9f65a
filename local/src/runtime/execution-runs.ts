/**
 * Runs executions on the engine: each run's live state, its history events (stored and fanned out to
 * the listeners) and its closing record; RunStartPacer decides when each run takes its first steps.
 */
import { isClosingEvent } from '../engine/history.js';
import type { ExecutionOutcome, HistoryEvent, LaneEvent } from '../engine/types.js';
import type { ExecutionRecord } from './execution-record.js';
import { RunStartPacer } from './run-start-pacer.js';
import type { StateMachineRecord } from './state-machine-record.js';
import { terminalEvent, type LiveExecution, type StepFunctionsContext } from './step-functions-context.js';

export class ExecutionRuns {
  readonly #ctx: StepFunctionsContext;
  readonly #pacer = new RunStartPacer();

  constructor(ctx: StepFunctionsContext) {
    this.#ctx = ctx;
  }

  /** Runs `answer`, a call that launches runs, with run starts held until it is answered (see RunStartPacer). */
  answering<T>(answer: () => Promise<T>): Promise<T> {
    return this.#pacer.answering(answer);
  }

  /** Starts the run of an execution already recorded (StartExecution, RedriveExecution). */
  launch(record: ExecutionRecord, machine: StateMachineRecord, input: unknown, how: { testCase?: string | undefined; previous?: readonly LaneEvent[] }): void {
    const { testCase, previous } = how;
    const controller = new AbortController();
    const events: HistoryEvent[] = previous ? previous.map((entry) => entry.event) : [];
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const live: LiveExecution = { record, events, controller, done };
    this.#ctx.live.set(record.executionArn, live);
    const onEvent = (event: HistoryEvent, lane?: string): void => {
      events.push(event);
      this.#ctx.options.executions.appendEvent(live.record, event, lane);
      for (const listener of this.#ctx.listeners) {
        try {
          listener(event, record.executionArn);
        } catch {
          // a broken live view must not break the execution
        }
      }
    };
    const run = async (): Promise<ExecutionOutcome> => {
      try {
        return await this.#ctx.options.run({
          definition: machine.parsedDefinition,
          input,
          context: {
            executionArn: record.executionArn,
            executionName: record.name,
            stateMachineArn: machine.stateMachineArn,
            stateMachineName: machine.name,
            roleArn: machine.roleArn,
            startTime: new Date(record.startDate).toISOString(),
            region: this.#ctx.options.identity.region,
            ...(record.redriveCount !== undefined ? { redriveCount: record.redriveCount } : {}),
            ...(record.redriveDate !== undefined ? { redriveTime: new Date(record.redriveDate).toISOString() } : {}),
          },
          signal: controller.signal,
          onEvent,
          ...(previous ? { redrive: { previous } } : {}),
          ...(testCase !== undefined ? { testCase } : {}),
        });
      } catch (error) {
        return { status: 'FAILED', error: 'States.Runtime', cause: `The local engine failed: ${(error as Error)?.message ?? String(error)}` };
      }
    };
    const outcome = new Promise<ExecutionOutcome>((resolve) => {
      live.start = () => {
        live.start = undefined;
        resolve(run());
      };
    });
    this.#pacer.enqueue(live);
    void outcome
      .then(async (outcome) => {
        // Stopped (StopExecution) or failed by the runtime (a write error) while the engine ran.
        const stopped = live.record.status !== 'RUNNING';
        const final: ExecutionRecord = stopped
          ? live.record
          : {
              ...live.record,
              status: outcome.status,
              stopDate: this.#ctx.now(),
              ...(outcome.status === 'SUCCEEDED' ? { output: outcome.output } : {}),
              ...(outcome.status !== 'SUCCEEDED' && outcome.error !== undefined ? { error: outcome.error } : {}),
              ...(outcome.status !== 'SUCCEEDED' && outcome.cause !== undefined ? { cause: outcome.cause } : {}),
            };
        const last = events.at(-1);
        if (!isClosingEvent(last?.type)) onEvent(terminalEvent(this.#ctx, final, last));
        live.record = { ...final, lastEventId: events.at(-1)?.id ?? 0 };
        await this.#ctx.options.executions.save(live.record);
        await this.#ctx.options.executions.flush(final.executionArn);
        await this.#ctx.options.afterExecution?.(final.executionArn).catch(() => undefined);
      })
      .finally(() => {
        // A redrive may already have launched the next attempt while this one's tasks were stopping.
        if (this.#ctx.live.get(record.executionArn) === live) this.#ctx.live.delete(record.executionArn);
        settle();
      });
  }
}
