/**
 * The Step Functions operations served on the API port (awsJson1_0, X-Amz-Target AWSStepFunctions.<Op>):
 * one handler per operation, each a call into the runtime. Required members follow BC-SFN.
 */
import type { TestStateInput, TestStateOutput } from '@aws-sdk/client-sfn';
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
      CreateStateMachine: defineOperation(['name', 'definition', 'roleArn'], (input) => api.createStateMachine(input), { name: 'string', definition: 'string', roleArn: 'string', type: 'string', loggingConfiguration: 'structure', tracingConfiguration: 'structure', tags: 'list', publish: 'boolean', versionDescription: 'string' }),
      DescribeStateMachine: defineOperation(['stateMachineArn'], (input) => api.describeStateMachine(input), { stateMachineArn: 'string', includedData: 'string' }),
      ListStateMachines: defineOperation([], (input) => api.listStateMachines(input), { maxResults: 'number', nextToken: 'string' }),
      DeleteStateMachine: defineOperation(['stateMachineArn'], (input) => api.deleteStateMachine(input), { stateMachineArn: 'string' }),
      StartExecution: defineOperation(['stateMachineArn'], (input) => api.startExecution(input), { stateMachineArn: 'string', name: 'string', input: 'string', traceHeader: 'string' }),
      DescribeExecution: defineOperation(['executionArn'], (input) => api.describeExecution(input), { executionArn: 'string', includedData: 'string' }),
      StopExecution: defineOperation(['executionArn'], (input) => api.stopExecution(input), { executionArn: 'string', error: 'string', cause: 'string' }),
      ListExecutions: defineOperation([], (input) => api.listExecutions(input), { stateMachineArn: 'string', statusFilter: 'string', maxResults: 'number', nextToken: 'string', mapRunArn: 'string', redriveFilter: 'string' }),
      GetExecutionHistory: defineOperation(['executionArn'], (input) => api.getExecutionHistory(input), { executionArn: 'string', maxResults: 'number', reverseOrder: 'boolean', nextToken: 'string', includeExecutionData: 'boolean' }),
      SendTaskSuccess: defineOperation(['taskToken', 'output'], (input) => api.sendTaskSuccess(input), { taskToken: 'string', output: 'string' }),
      SendTaskFailure: defineOperation(['taskToken'], (input) => api.sendTaskFailure(input), { taskToken: 'string', error: 'string', cause: 'string' }),
      SendTaskHeartbeat: defineOperation(['taskToken'], (input) => api.sendTaskHeartbeat(input), { taskToken: 'string' }),
  };
  return {
    targetPrefix: 'AWSStepFunctions',
    contentType: 'application/x-amz-json-1.0',
    operations: {
      ...operations,
      ...(testState ? { TestState: defineOperation(['definition'], (input: Parameters<typeof testState>[0]) => testState(input), { definition: 'string', roleArn: 'string', input: 'string', inspectionLevel: 'string', revealSecrets: 'boolean', stateName: 'string', variables: 'string', mock: 'structure', context: 'string', stateConfiguration: 'structure' }) } : {}),
    },
  };
}
