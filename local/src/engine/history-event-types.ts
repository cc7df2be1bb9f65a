/**
 * Every history event type Step Functions records: BC-SFN shape HistoryEventType (botocore's
 * stepfunctions 2016-11-23 model), in the model's order. A test holds it equal to the SDK's list.
 */
import type { StateType } from '../asl/types.js';

export const HISTORY_EVENT_TYPES = [
  'ActivityFailed', 'ActivityScheduled', 'ActivityScheduleFailed', 'ActivityStarted', 'ActivitySucceeded', 'ActivityTimedOut',
  'ChoiceStateEntered', 'ChoiceStateExited', 'ExecutionAborted', 'ExecutionFailed', 'ExecutionStarted', 'ExecutionSucceeded',
  'ExecutionTimedOut', 'FailStateEntered', 'LambdaFunctionFailed', 'LambdaFunctionScheduled', 'LambdaFunctionScheduleFailed',
  'LambdaFunctionStarted', 'LambdaFunctionStartFailed', 'LambdaFunctionSucceeded', 'LambdaFunctionTimedOut',
  'MapIterationAborted', 'MapIterationFailed', 'MapIterationStarted', 'MapIterationSucceeded', 'MapStateAborted',
  'MapStateEntered', 'MapStateExited', 'MapStateFailed', 'MapStateStarted', 'MapStateSucceeded', 'ParallelStateAborted',
  'ParallelStateEntered', 'ParallelStateExited', 'ParallelStateFailed', 'ParallelStateStarted', 'ParallelStateSucceeded',
  'PassStateEntered', 'PassStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'TaskFailed', 'TaskScheduled',
  'TaskStarted', 'TaskStartFailed', 'TaskStateAborted', 'TaskStateEntered', 'TaskStateExited', 'TaskSubmitFailed',
  'TaskSubmitted', 'TaskSucceeded', 'TaskTimedOut', 'WaitStateAborted', 'WaitStateEntered', 'WaitStateExited', 'MapRunAborted',
  'MapRunFailed', 'MapRunStarted', 'MapRunSucceeded', 'ExecutionRedriven', 'MapRunRedriven', 'EvaluationFailed',
] as const;
export type HistoryEventType = (typeof HISTORY_EVENT_TYPES)[number];

/** The event a state records when it exits; a Fail state records none. */
export function stateExitedType(stateType: StateType): HistoryEventType | undefined {
  return stateType === 'Fail' ? undefined : `${stateType}StateExited`;
}
