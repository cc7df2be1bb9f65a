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
  /** The mock test case it runs (StartExecution on `<stateMachineArn>#<TestCase>`); a redrive keeps it. */
  readonly testCase?: string;
  /** Times redriven (RedriveExecution); absent when never. */
  readonly redriveCount?: number;
  /** When it was last redriven. */
  readonly redriveDate?: number;
  /** The client tokens of its latest redrives (AWS answers the last 10 idempotently for 15 minutes). */
  readonly redriveTokens?: readonly { readonly token: string; readonly date: number }[];
  /** The id of its last history event once it has ended (AWS refuses a redrive near 25,000 events). */
  readonly lastEventId?: number;
}
