/**
 * The engine's public contract: what a caller (local/src/runtime) hands to runExecution and what it
 * gets back. The engine knows no HTTP, no store and no AWS service; it reports progress only as
 * history events in AWS's shape (BC-SFN HistoryEvent).
 */
import type { StateMachineDefinition } from '../asl/types.js';
import type { HistoryEventType } from './history-event-types.js';
import type { IntegrationResolver } from './integration.js';
import type { ExecutionLimits } from './limits.js';
import type { Clock } from './clock.js';
import type { TaskTokenRegistry } from './task-tokens.js';

// Clock lives in clock.ts (task-tokens.ts needs it, and this file imports task-tokens' types);
// re-exported here so existing `import type { Clock } from './types.js'` keeps working.
export type { Clock } from './clock.js';
export type { HistoryEventType } from './history-event-types.js';

/** One history event exactly as GetExecutionHistory returns it (timestamp as a Date). */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Date;
  readonly type: HistoryEventType;
  /** `<lowerCamelType>EventDetails`, or stateEnteredEventDetails / stateExitedEventDetails. */
  readonly [details: string]: unknown;
}

export interface ExecutionContext {
  readonly executionArn: string;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  /** ISO-8601 start time, as $$.Execution.StartTime shows it. */
  readonly startTime: string;
  readonly region: string;
  /** How many times the execution has been redriven ($$.Execution.RedriveCount); 0 when never. */
  readonly redriveCount?: number;
  /** ISO-8601 time of the latest redrive ($$.Execution.RedriveTime), when redriven. */
  readonly redriveTime?: string;
}

/** A history event with the lane it was written on (undefined for events that belong to no lane). */
export interface LaneEvent {
  readonly event: HistoryEvent;
  readonly lane?: string;
}

export interface RedriveOptions {
  /** Every event of the previous attempts, with the lane each was written on. */
  readonly previous: readonly LaneEvent[];
}

export type ExecutionOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: string }
  | { readonly status: 'FAILED'; readonly error?: string; readonly cause?: string }
  | { readonly status: 'TIMED_OUT'; readonly error?: string; readonly cause?: string }
  | { readonly status: 'ABORTED'; readonly error?: string; readonly cause?: string };

export interface RunExecutionOptions {
  /** The validated ASL definition (validation/validate.ts; placeholders already filled by the caller). */
  readonly definition: StateMachineDefinition;
  /** The parsed execution input. */
  readonly input: unknown;
  readonly context: ExecutionContext;
  readonly integrations: IntegrationResolver;
  readonly taskTokens: TaskTokenRegistry;
  /** Aborted by StopExecution; the engine then stops .sync tasks and reports ABORTED. */
  readonly signal: AbortSignal;
  /**
   * Called for every history event, in order, ids assigned by the engine; `lane` says which lane
   * (the execution, a branch, an iteration) wrote it: keep it with the event to redrive later.
   */
  readonly onEvent: (event: HistoryEvent, lane?: string) => void;
  /** Redrives the execution: continues after these events of its previous attempts (RedriveExecution). */
  readonly redrive?: RedriveOptions;
  readonly clock?: Clock;
  /** Multiplies Wait durations and Retry intervals: 0.01 runs them 100 times faster. Default 1. */
  readonly timeScale?: number;
  /** AWS's quotas by default; lower ones make a small test fail where full size would. */
  readonly limits?: Partial<ExecutionLimits>;
}
