/**
 * The Context object ($$ in JSONPath, $states.context in JSONata), built fresh for every state and
 * every Map item, never mutated (DG "Accessing execution data from the Context object").
 */
import type { ExecutionContext } from './types.js';

export interface ContextObject {
  readonly Execution: {
    readonly Id: string;
    readonly Input: unknown;
    readonly Name: string;
    readonly RoleArn: string;
    readonly StartTime: string;
    readonly RedriveCount: number;
    /** Present once the execution has been redriven. */
    readonly RedriveTime?: string;
  };
  readonly StateMachine: { readonly Id: string; readonly Name: string };
  readonly State: { readonly Name: string; readonly EnteredTime: string; readonly RetryCount: number };
  readonly Task?: { readonly Token: string };
  readonly Map?: { readonly Item: { readonly Index: number; readonly Value: unknown } };
}

export function stateContext(
  execution: ExecutionContext,
  executionInput: unknown,
  state: { name: string; enteredTime: string; retryCount: number },
): ContextObject {
  return {
    Execution: {
      Id: execution.executionArn,
      Input: executionInput,
      Name: execution.executionName,
      RoleArn: execution.roleArn,
      StartTime: execution.startTime,
      RedriveCount: execution.redriveCount ?? 0,
      ...(execution.redriveTime !== undefined ? { RedriveTime: execution.redriveTime } : {}),
    },
    StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineName },
    State: { Name: state.name, EnteredTime: state.enteredTime, RetryCount: state.retryCount },
  };
}

export function withTaskToken(context: ContextObject, token: string): ContextObject {
  return { ...context, Task: { Token: token } };
}

export function withMapItem(context: ContextObject, index: number, value: unknown): ContextObject {
  return { ...context, Map: { Item: { Index: index, Value: value } } };
}
