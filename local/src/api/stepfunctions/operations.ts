/**
 * The Step Functions operations served on the API port (awsJson1_0, X-Amz-Target AWSStepFunctions.<Op>):
 * one handler per operation, each a call into the runtime. Required members follow BC-SFN.
 */
import {
  CreateStateMachineInput$,
  DeleteStateMachineInput$,
  DescribeExecutionInput$,
  DescribeStateMachineInput$,
  GetExecutionHistoryInput$,
  ListExecutionsInput$,
  ListStateMachinesInput$,
  RedriveExecutionInput$,
  SendTaskFailureInput$,
  SendTaskHeartbeatInput$,
  SendTaskSuccessInput$,
  StartExecutionInput$,
  StopExecutionInput$,
  TestStateInput$,
  type TestStateInput,
  type TestStateOutput,
} from '@aws-sdk/client-sfn';
import type { StepFunctionsOperation, StepFunctionsOperations } from '../../runtime/step-functions-service.js';
import { defineOperation, type JsonService, type OperationTable } from '../aws-json/operation-table.js';

/** Operations served besides the service's SDK-shaped ones. */
export interface StepFunctionsExtras {
  readonly testState?: (input: TestStateInput) => Promise<TestStateOutput>;
}

/** One wire handler per operation of the service (the compiler asks for an entry when one is added). */
type StepFunctionsTable = Readonly<Record<Capitalize<StepFunctionsOperation>, OperationTable[string]>>;

export function stepFunctionsService(api: StepFunctionsOperations, extras: StepFunctionsExtras = {}): JsonService {
  const { testState } = extras;
  const operations: StepFunctionsTable = {
    CreateStateMachine: defineOperation(['name', 'definition', 'roleArn'], (input) => api.createStateMachine(input), CreateStateMachineInput$),
    DescribeStateMachine: defineOperation(['stateMachineArn'], (input) => api.describeStateMachine(input), DescribeStateMachineInput$),
    ListStateMachines: defineOperation([], (input) => api.listStateMachines(input), ListStateMachinesInput$),
    DeleteStateMachine: defineOperation(['stateMachineArn'], (input) => api.deleteStateMachine(input), DeleteStateMachineInput$),
    StartExecution: defineOperation(['stateMachineArn'], (input) => api.startExecution(input), StartExecutionInput$),
    DescribeExecution: defineOperation(['executionArn'], (input) => api.describeExecution(input), DescribeExecutionInput$),
    StopExecution: defineOperation(['executionArn'], (input) => api.stopExecution(input), StopExecutionInput$),
    ListExecutions: defineOperation([], (input) => api.listExecutions(input), ListExecutionsInput$),
    GetExecutionHistory: defineOperation(['executionArn'], (input) => api.getExecutionHistory(input), GetExecutionHistoryInput$),
    RedriveExecution: defineOperation(['executionArn'], (input) => api.redriveExecution(input), RedriveExecutionInput$),
    SendTaskSuccess: defineOperation(['taskToken', 'output'], (input) => api.sendTaskSuccess(input), SendTaskSuccessInput$),
    SendTaskFailure: defineOperation(['taskToken'], (input) => api.sendTaskFailure(input), SendTaskFailureInput$),
    SendTaskHeartbeat: defineOperation(['taskToken'], (input) => api.sendTaskHeartbeat(input), SendTaskHeartbeatInput$),
  };
  return {
    targetPrefix: 'AWSStepFunctions',
    contentType: 'application/x-amz-json-1.0',
    operations: {
      ...operations,
      ...(testState ? { TestState: defineOperation(['definition'], (input: Parameters<typeof testState>[0]) => testState(input), TestStateInput$) } : {}),
    },
  };
}
