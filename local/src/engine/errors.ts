/**
 * Errors raised while a state machine runs. One type carries any ASL error name (States.* or a
 * custom one such as Worker.Failed or ECS.InvalidParameterException) with its cause.
 * Integrations throw StatesError to fail a task state; the engine turns anything else into
 * States.Runtime at one boundary (toStatesError).
 */
export const STATES_ERRORS = {
  ALL: 'States.ALL',
  TaskFailed: 'States.TaskFailed',
  Timeout: 'States.Timeout',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Permissions: 'States.Permissions',
  Runtime: 'States.Runtime',
  DataLimitExceeded: 'States.DataLimitExceeded',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  QueryEvaluationError: 'States.QueryEvaluationError',
} as const;
export type StatesErrorName = (typeof STATES_ERRORS)[keyof typeof STATES_ERRORS];

/**
 * `cause` is the ASL Cause string, as Catch ({"Error","Cause"}), history and DescribeExecution
 * carry it; every caller reads it that way, so it keeps that meaning and type. That shadows
 * Error.cause, so the error a StatesError was made from (`options.cause`) is kept in
 * `originalError` instead, where it is not overwritten.
 */
export class StatesError extends Error {
  override readonly name = 'StatesError';
  /** What `{ cause }` in the options held: the thrown value this error was made from, if any. */
  readonly originalError: unknown;
  constructor(
    /** The ASL error name matched by ErrorEquals; null when SendTaskFailure gave none. */
    readonly error: string | null,
    /** The ASL Cause string (for ECS .sync failures: the stopped Task as JSON text). */
    override readonly cause?: string | null,
    options?: { cause?: unknown },
  ) {
    super(`${error ?? 'null'}${cause ? `: ${cause}` : ''}`);
    this.originalError = options?.cause;
    // Keep the original's stack visible in logs, as Node shows `[cause]` for a plain Error.
    if (options?.cause instanceof Error && options.cause.stack) this.stack = `${this.stack ?? this.message}\nCaused by: ${options.cause.stack}`;
  }
}
