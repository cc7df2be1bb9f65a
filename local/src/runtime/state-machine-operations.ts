/**
 * The state machine operations (CreateStateMachine, DescribeStateMachine, ListStateMachines,
 * DeleteStateMachine) and the project's own machines, with definitions validated on the way in.
 */
import type {
  CreateStateMachineInput,
  CreateStateMachineOutput,
  DeleteStateMachineInput,
  DeleteStateMachineOutput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  ListStateMachinesInput,
  ListStateMachinesOutput,
} from '@aws-sdk/client-sfn';
import type { StateMachineDefinition } from '../asl/types.js';
import { ServiceError } from '../errors/service-error.js';
import { parseStateMachineArn, stateMachineArn as buildStateMachineArn } from './arns.js';
import { assertValidName } from './names.js';
import { page } from './paging.js';
import type { StateMachineRecord } from './state-machine-record.js';
import { findMachine, validation, type StepFunctionsContext } from './step-functions-context.js';

/** The role project machines report (AWS requires one; nothing checks it locally). */
export const LOCAL_ROLE_ARN_SUFFIX = 'role/sfn-ecs-local';

/** The Step Functions API operations this part serves, and the local methods the service takes from it. */
export const STATE_MACHINE_API = ['createStateMachine', 'describeStateMachine', 'listStateMachines', 'deleteStateMachine'] as const;
export const STATE_MACHINE_LOCAL = ['checkDefinition', 'registerProjectMachine'] as const;

export class StateMachineOperations {
  readonly #ctx: StepFunctionsContext;

  constructor(ctx: StepFunctionsContext) {
    this.#ctx = ctx;
  }

  get roleArn(): string {
    return `arn:aws:iam::${this.#ctx.options.identity.accountId}:${LOCAL_ROLE_ARN_SUFFIX}`;
  }

  /** Parses and validates a definition, or throws InvalidDefinition listing every problem. */
  checkDefinition(definition: string): StateMachineDefinition {
    let parsed: unknown;
    try {
      parsed = JSON.parse(definition);
    } catch (error) {
      throw new ServiceError('InvalidDefinition', `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${(error as Error).message}'`);
    }
    const result = this.#ctx.options.validate(parsed);
    if (!result.ok) {
      const problems = result.errors.map((e) => `SCHEMA_VALIDATION_FAILED: ${e.message} at ${e.path || '/'}`).join(', ');
      throw new ServiceError('InvalidDefinition', `Invalid State Machine Definition: '${problems}'`);
    }
    return result.definition;
  }

  /** Registers (or replaces) a machine from the project's statemachines folder. */
  async registerProjectMachine(name: string, definition: string): Promise<StateMachineRecord> {
    assertValidName(name);
    const parsedDefinition = this.checkDefinition(definition);
    const record: StateMachineRecord = {
      name,
      stateMachineArn: buildStateMachineArn(this.#ctx.options.identity, name),
      definition,
      parsedDefinition,
      roleArn: this.roleArn,
      type: 'STANDARD',
      creationDate: this.#ctx.now(),
      source: 'project',
    };
    await this.#ctx.options.machines.put(record);
    return record;
  }

  async createStateMachine(input: CreateStateMachineInput): Promise<CreateStateMachineOutput> {
    assertValidName(input.name);
    if (input.type !== undefined && input.type !== 'STANDARD') {
      throw new ServiceError('ValidationException', `The local runtime runs STANDARD state machines only (got type ${String(input.type)})`);
    }
    if (typeof input.definition !== 'string') throw validation('definition', 'Member must not be null', input.definition);
    const parsedDefinition = this.checkDefinition(input.definition);
    const arn = buildStateMachineArn(this.#ctx.options.identity, input.name);
    const existing = this.#ctx.options.machines.get(arn);
    if (existing) {
      // CreateStateMachine is idempotent for an identical definition and role (BC-SFN).
      if (existing.definition === input.definition && existing.roleArn === input.roleArn) {
        return { stateMachineArn: arn, creationDate: new Date(existing.creationDate) };
      }
      throw new ServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const record: StateMachineRecord = {
      name: input.name,
      stateMachineArn: arn,
      definition: input.definition,
      parsedDefinition,
      roleArn: input.roleArn ?? this.roleArn,
      type: 'STANDARD',
      creationDate: this.#ctx.now(),
      source: 'api',
    };
    await this.#ctx.options.machines.put(record);
    return { stateMachineArn: arn, creationDate: new Date(record.creationDate) };
  }

  async describeStateMachine(input: DescribeStateMachineInput): Promise<DescribeStateMachineOutput> {
    const machine = findMachine(this.#ctx, input.stateMachineArn);
    return {
      stateMachineArn: machine.stateMachineArn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definition,
      roleArn: machine.roleArn,
      type: machine.type,
      creationDate: new Date(machine.creationDate),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    };
  }

  async listStateMachines(input: ListStateMachinesInput = {}): Promise<ListStateMachinesOutput> {
    const machines = this.#ctx.options.machines.list();
    const { items, nextToken } = page(machines, 'ListStateMachines', input.nextToken, input.maxResults);
    return {
      stateMachines: items.map((m) => ({ stateMachineArn: m.stateMachineArn, name: m.name, type: m.type, creationDate: new Date(m.creationDate) })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  async deleteStateMachine(input: DeleteStateMachineInput): Promise<DeleteStateMachineOutput> {
    parseStateMachineArn(input.stateMachineArn);
    // Deleting is idempotent on AWS; running executions carry on with their own copy of the definition.
    await this.#ctx.options.machines.delete(input.stateMachineArn!);
    return {};
  }
}
