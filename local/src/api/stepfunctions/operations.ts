/**
 * The Step Functions operations served on the API port (awsJson1_0, X-Amz-Target AWSStepFunctions.<Op>):
 * one handler per operation, each a call into the runtime. Required members follow BC-SFN.
 */
import type { Runtime } from '../../runtime/runtime-types.js';
import { defineOperation, type JsonService } from '../aws-json/operation-table.js';

export type StepFunctionsApi = Pick<
  Runtime,
  | 'createStateMachine'
  | 'describeStateMachine'
  | 'listStateMachines'
  | 'deleteStateMachine'
  | 'startExecution'
  | 'describeExecution'
  | 'stopExecution'
  | 'listExecutions'
  | 'getExecutionHistory'
  | 'sendTaskSuccess'
  | 'sendTaskFailure'
  | 'sendTaskHeartbeat'
>;

/** Operations served besides the runtime's SDK-shaped ones. */
export interface StepFunctionsExtras {
  readonly testState?: Runtime['testState'];
}

export function stepFunctionsService(api: StepFunctionsApi, extras: StepFunctionsExtras = {}): JsonService {
  const { testState } = extras;
  return {
    targetPrefix: 'AWSStepFunctions',
    contentType: 'application/x-amz-json-1.0',
    operations: {
      CreateStateMachine: defineOperation(['name', 'definition', 'roleArn'], (input) => api.createStateMachine(input)),
      DescribeStateMachine: defineOperation(['stateMachineArn'], (input) => api.describeStateMachine(input)),
      ListStateMachines: defineOperation([], (input) => api.listStateMachines(input)),
      DeleteStateMachine: defineOperation(['stateMachineArn'], (input) => api.deleteStateMachine(input)),
      StartExecution: defineOperation(['stateMachineArn'], (input) => api.startExecution(input)),
      DescribeExecution: defineOperation(['executionArn'], (input) => api.describeExecution(input)),
      StopExecution: defineOperation(['executionArn'], (input) => api.stopExecution(input)),
      ListExecutions: defineOperation([], (input) => api.listExecutions(input)),
      GetExecutionHistory: defineOperation(['executionArn'], (input) => api.getExecutionHistory(input)),
      SendTaskSuccess: defineOperation(['taskToken', 'output'], (input) => api.sendTaskSuccess(input)),
      SendTaskFailure: defineOperation(['taskToken'], (input) => api.sendTaskFailure(input)),
      SendTaskHeartbeat: defineOperation(['taskToken'], (input) => api.sendTaskHeartbeat(input)),
      ...(testState ? { TestState: defineOperation(['definition'], (input: Parameters<typeof testState>[0]) => testState(input)) } : {}),
    },
  };
}
