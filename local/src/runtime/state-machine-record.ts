import type { StateMachineDefinition } from '../asl/types.js';

/** A registered state machine: its definition as text (placeholders filled) and parsed. */
export interface StateMachineRecord {
  readonly name: string;
  readonly stateMachineArn: string;
  readonly definition: string;
  readonly parsedDefinition: StateMachineDefinition;
  readonly roleArn: string;
  readonly type: 'STANDARD';
  readonly creationDate: number;
  /** project: from statemachines/*.asl.json (registered at every start); api: CreateStateMachine. */
  readonly source: 'project' | 'api';
}
