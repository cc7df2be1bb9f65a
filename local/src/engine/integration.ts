/**
 * The one interface between the engine and whatever a Task state calls. The engine looks an
 * integration up by resource ARN (see registry.ts) and never knows which service it is.
 *
 * Contract:
 * - request-response: `invoke` resolves with the service response (the state's raw result).
 * - sync (`.sync`): `invoke` calls `hooks.submitted(response)` once the job is started (history:
 *   TaskSubmitted) and resolves with the finished job's output, or throws StatesError.
 *   When `signal` aborts (StopExecution, a failing sibling, the state's timeout) it stops the job
 *   (best effort, as AWS does) and rejects.
 * - waitForTaskToken: `invoke` starts the job with `taskToken` in its parameters and resolves with
 *   the start response (history: TaskSubmitted); the engine then waits on the token. The integration
 *   must NOT stop the job when `signal` aborts: AWS never stops a callback task.
 * Errors: throw StatesError (`States.TaskFailed` with the task JSON as cause, `ECS.<Exception>`,
 * `AmazonECS.Unknown`, ...). Anything else becomes States.TaskFailed with the message as cause.
 */
import type { StatesError } from './errors.js';

export const INTEGRATION_PATTERNS = ['request-response', 'sync', 'waitForTaskToken'] as const;
export type IntegrationPattern = (typeof INTEGRATION_PATTERNS)[number];

export interface TaskInvocation {
  /** The full Resource ARN, e.g. arn:aws:states:::ecs:runTask.sync */
  readonly resource: string;
  readonly pattern: IntegrationPattern;
  /** Parameters (JSONPath) or Arguments (JSONata) after evaluation. */
  readonly parameters: unknown;
  /** The state attempt's token ($$.Task.Token): set for waitForTaskToken and .sync (a job may heartbeat with it). */
  readonly taskToken?: string;
  readonly signal: AbortSignal;
  readonly context: {
    readonly executionArn: string;
    readonly executionName: string;
    readonly stateMachineArn: string;
    readonly stateName: string;
    readonly region: string;
  };
}

export interface InvocationHooks {
  /** For sync and waitForTaskToken: the job was started; `output` is the start response. */
  submitted(output: unknown): void;
}

/** A problem with a Task's parameters as written; `path` is a JSON pointer inside them ('' for the whole). */
export interface ParameterProblem {
  readonly path: string;
  readonly message: string;
}

export interface Integration {
  /** e.g. 'ecs:runTask' — the resource ARN without the pattern suffix and the arn:aws:states::: prefix. */
  readonly serviceAction: string;
  readonly patterns: readonly IntegrationPattern[];
  invoke(invocation: TaskInvocation, hooks: InvocationHooks): Promise<unknown>;
  /**
   * Optional: checks a Task's `Parameters` (JSONPath) or `Arguments` (JSONata) as written in the
   * definition, at CreateStateMachine, before anything runs. Only what is written can be judged: a key
   * ending in `.$` or a `{% %}` value is filled at run time (its key, without `.$`, still counts).
   */
  validateParameters?(parameters: unknown): readonly ParameterProblem[];
}

export type IntegrationError = StatesError;

/** How the engine reaches integrations: the wiring hands it one (a registry, or a test case's mocks over it). */
export interface IntegrationResolver {
  /** e.g. arn:aws:states:::ecs:runTask.sync -> the ecs:runTask integration + pattern 'sync'; undefined when none. */
  resolve(resource: string): { integration: Integration; pattern: IntegrationPattern } | undefined;
  /** Why `resource` does not resolve, in words a user can act on; undefined when it resolves. */
  explainMissing(resource: string): string | undefined;
}
