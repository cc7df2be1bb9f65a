/**
 * Step Functions ARNs: building them and checking the ones clients send, with AWS's InvalidArn messages.
 * arn:aws:states:<region>:<account>:stateMachine:<name>
 * arn:aws:states:<region>:<account>:execution:<stateMachineName>:<executionName>
 */
import { ServiceError } from '../errors/service-error.js';

export interface Identity {
  readonly region: string;
  readonly accountId: string;
}

export function stateMachineArn(identity: Identity, name: string): string {
  return `arn:aws:states:${identity.region}:${identity.accountId}:stateMachine:${name}`;
}

export function executionArn(identity: Identity, stateMachineName: string, executionName: string): string {
  return `arn:aws:states:${identity.region}:${identity.accountId}:execution:${stateMachineName}:${executionName}`;
}

type ResourceType = 'stateMachine' | 'execution';

function invalidArn(reason: string): ServiceError {
  return new ServiceError('InvalidArn', `Invalid Arn: '${reason}'`);
}

/** Parses a states ARN of the expected resource type, or throws InvalidArn as AWS words it. */
function parse(arn: unknown, expected: ResourceType): string[] {
  if (typeof arn !== 'string') throw invalidArn(`Invalid ARN prefix: ${String(arn)}`);
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'states') throw invalidArn(`Invalid ARN prefix: ${arn}`);
  if (parts[5] !== expected) throw invalidArn(`Resource type not valid in this context: ${parts[5] ?? ''}`);
  const rest = parts.slice(6);
  const wanted = expected === 'stateMachine' ? 1 : 2;
  if (rest.length !== wanted || rest.some((p) => p === '')) throw invalidArn(`Invalid Arn resource id: ${arn}`);
  return rest;
}

/** The state machine name in a state machine ARN (throws InvalidArn). */
export function parseStateMachineArn(arn: unknown): { name: string } {
  const [name] = parse(arn, 'stateMachine');
  return { name: name! };
}

/** The state machine and execution names in an execution ARN (throws InvalidArn). */
export function parseExecutionArn(arn: unknown): { stateMachineName: string; executionName: string } {
  const [stateMachineName, executionName] = parse(arn, 'execution');
  return { stateMachineName: stateMachineName!, executionName: executionName! };
}
