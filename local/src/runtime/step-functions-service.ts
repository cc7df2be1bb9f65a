/**
 * Step Functions as the local runtime serves it: state machines, executions (started on the engine,
 * persisted with their histories), callback tokens. Every method takes and returns the
 * @aws-sdk/client-sfn shapes and throws ServiceError with AWS's error names and messages, so the
 * HTTP API, the CLI and library users share one behaviour.
 *
 * This class is the one public face, composed from one part per job that share a StepFunctionsContext:
 * state-machine-operations, execution-operations (with execution-redrive, and execution-runs, which
 * runs and paces the engine runs), task-token-operations and execution-lifecycle.
 */
import { ExecutionLifecycle, LIFECYCLE_LOCAL } from './execution-lifecycle.js';
import { EXECUTION_API, EXECUTION_LOCAL, ExecutionOperations } from './execution-operations.js';
import { ExecutionRedrive, REDRIVE_API } from './execution-redrive.js';
import { ExecutionRuns } from './execution-runs.js';
import { STATE_MACHINE_API, STATE_MACHINE_LOCAL, StateMachineOperations } from './state-machine-operations.js';
import { stepFunctionsContext, type StepFunctionsServiceOptions } from './step-functions-context.js';
import { TASK_TOKEN_API, TaskTokenOperations } from './task-token-operations.js';

export type { HistoryListener, StepFunctionsServiceOptions } from './step-functions-context.js';

/**
 * The Step Functions API operations this service serves, by SDK method name, gathered from the parts:
 * the runtime object and the HTTP API's handler table derive theirs from this list (a new operation: its
 * method and its name in its part's API list, and its wire entry in api/stepfunctions/operations.ts).
 */
export const STEP_FUNCTIONS_OPERATIONS = [...STATE_MACHINE_API, ...EXECUTION_API, ...REDRIVE_API, ...TASK_TOKEN_API] as const;
export type StepFunctionsOperation = (typeof STEP_FUNCTIONS_OPERATIONS)[number];
export type StepFunctionsOperations = Pick<StepFunctionsService, StepFunctionsOperation>;

/** The service's operations as plain functions bound to it (for an object that exposes them, e.g. the Runtime). */
export function boundOperations(service: StepFunctionsService): StepFunctionsOperations {
  return bindMethods(service, STEP_FUNCTIONS_OPERATIONS);
}

/** The methods the service takes from each part: its API operations and its local extras. */
const MACHINE_METHODS = [...STATE_MACHINE_API, ...STATE_MACHINE_LOCAL] as const;
const EXECUTION_METHODS = [...EXECUTION_API, ...EXECUTION_LOCAL] as const;

// The class declares only what it adds; this interface names the methods the constructor binds from the parts,
// from the same lists, so the two cannot drift apart.
export interface StepFunctionsService
  extends Pick<StateMachineOperations, (typeof MACHINE_METHODS)[number]>,
    Pick<ExecutionOperations, (typeof EXECUTION_METHODS)[number]>,
    Pick<ExecutionRedrive, (typeof REDRIVE_API)[number]>,
    Pick<TaskTokenOperations, (typeof TASK_TOKEN_API)[number]>,
    Pick<ExecutionLifecycle, (typeof LIFECYCLE_LOCAL)[number]> {}

export class StepFunctionsService {
  readonly #machines: StateMachineOperations;

  constructor(options: StepFunctionsServiceOptions) {
    const ctx = stepFunctionsContext(options);
    const runs = new ExecutionRuns(ctx);
    const machines = new StateMachineOperations(ctx);
    const executions = new ExecutionOperations(ctx, runs);
    const redrive = new ExecutionRedrive(ctx, runs, (definition) => machines.checkDefinition(definition));
    const lifecycle = new ExecutionLifecycle(ctx, (input) => executions.stopExecution(input));
    this.#machines = machines;
    Object.assign(
      this,
      bindMethods(machines, MACHINE_METHODS),
      bindMethods(executions, EXECUTION_METHODS),
      bindMethods(redrive, REDRIVE_API),
      bindMethods(new TaskTokenOperations(options.taskTokens), TASK_TOKEN_API),
      bindMethods(lifecycle, LIFECYCLE_LOCAL),
    );
  }

  get roleArn(): string {
    return this.#machines.roleArn;
  }
}

type MethodName<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

/** The named methods of target as plain functions bound to it. */
function bindMethods<T extends object, K extends MethodName<T>>(target: T, names: readonly K[]): Pick<T, K> {
  // fromEntries loses the per-key types; each entry is exactly target[name] bound, so the shape holds.
  return Object.fromEntries(names.map((name) => [name, (target[name] as (...args: unknown[]) => unknown).bind(target)])) as unknown as Pick<T, K>;
}
