/**
 * What the runtime remembers about one execution (persisted as JSON; times in epoch milliseconds).
 */
export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: number;
  readonly stopDate?: number;
  /** JSON text, as StartExecution received it. */
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  /** The process running it while RUNNING: another runtime on the same data folder leaves it alone. */
  readonly ownerPid?: number;
  /**
   * Set when a damaged history line was found at start: the history was cut before it (a copy of the
   * original is in <data>/quarantine/); the record itself (status, input, output) is intact.
   */
  readonly damaged?: string;
}
