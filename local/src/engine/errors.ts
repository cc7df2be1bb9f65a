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

export class StatesError extends Error {
  override readonly name = 'StatesError';
  constructor(
    /** The ASL error name matched by ErrorEquals; null when SendTaskFailure gave none. */
    readonly error: string | null,
    /** The cause string (for ECS .sync failures: the stopped Task as JSON text). */
    override readonly cause?: string | null,
    options?: { cause?: unknown },
  ) {
    super(`${error ?? 'null'}${cause ? `: ${cause}` : ''}`, options);
  }
}
