/** A finished execution as a test reads it: status, parsed output, error, history and helpers over it. */
import type { DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import type { HistoryEvent, HistoryEventType } from '../engine/types.js';

export interface ExecutionResult {
  readonly executionArn: string;
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'RUNNING' | 'PENDING_REDRIVE';
  /** The output, parsed (undefined unless SUCCEEDED). */
  readonly output: unknown;
  readonly error?: string;
  readonly cause?: string;
  /** Every history event, in order (AWS's GetExecutionHistory shape). */
  readonly history: readonly HistoryEvent[];
  /** The names of the states entered, in order (a retried state appears once per visit). */
  readonly statesEntered: readonly string[];
  /** The DescribeExecution record. */
  readonly describe: DescribeExecutionOutput;
}

/** Entered-state names, in order. */
export function enteredStates(history: readonly HistoryEvent[]): string[] {
  return history
    .filter((event) => event.type.endsWith('StateEntered'))
    .map((event) => (event.stateEnteredEventDetails as { name: string }).name);
}

/** The events of one type, e.g. 'TaskFailed'. */
export function eventsOfType(history: readonly HistoryEvent[], type: HistoryEventType): HistoryEvent[] {
  return history.filter((event) => event.type === type);
}

export function toExecutionResult(describe: DescribeExecutionOutput, history: readonly HistoryEvent[]): ExecutionResult {
  return {
    executionArn: describe.executionArn!,
    status: describe.status as ExecutionResult['status'],
    output: describe.output !== undefined ? JSON.parse(describe.output) : undefined,
    ...(describe.error !== undefined ? { error: describe.error } : {}),
    ...(describe.cause !== undefined ? { cause: describe.cause } : {}),
    history,
    statesEntered: enteredStates(history),
    describe,
  };
}
