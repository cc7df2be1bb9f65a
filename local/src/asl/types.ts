/**
 * Amazon States Language definition types: one discriminated union on `Type`, shared fields as
 * small capability interfaces composed per state (https://states-language.net/spec.html).
 * Values are as written in the definition; `{% %}` strings are JSONata expressions.
 */
export const QUERY_LANGUAGES = ['JSONPath', 'JSONata'] as const;
export type QueryLanguageName = (typeof QUERY_LANGUAGES)[number];

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
  readonly Comment?: string;
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
  readonly Output?: unknown;
  readonly Assign?: Record<string, unknown>;
  readonly Comment?: string;
}

interface StateBase {
  readonly Comment?: string;
  readonly QueryLanguage?: QueryLanguageName;
}
interface Transition {
  readonly Next?: string;
  readonly End?: boolean;
}
interface InputOutput {
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
  /** JSONata only. */
  readonly Output?: unknown;
  readonly Assign?: Record<string, unknown>;
}
interface WithResult {
  readonly ResultPath?: string | null;
  readonly ResultSelector?: Record<string, unknown>;
}
interface WithParameters {
  readonly Parameters?: unknown;
  /** JSONata only. */
  readonly Arguments?: unknown;
}
interface Retryable {
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface PassState extends StateBase, Transition, InputOutput, WithParameters {
  readonly Type: 'Pass';
  readonly Result?: unknown;
  readonly ResultPath?: string | null;
}
export interface TaskState extends StateBase, Transition, InputOutput, WithResult, WithParameters, Retryable {
  readonly Type: 'Task';
  readonly Resource: string;
  readonly TimeoutSeconds?: number | string;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number | string;
  readonly HeartbeatSecondsPath?: string;
  readonly Credentials?: unknown;
}
export interface ChoiceRule {
  readonly Next?: string;
  readonly Variable?: string;
  readonly Condition?: unknown;
  readonly And?: readonly ChoiceRule[];
  readonly Or?: readonly ChoiceRule[];
  readonly Not?: ChoiceRule;
  readonly Assign?: Record<string, unknown>;
  readonly Output?: unknown;
  readonly [comparator: string]: unknown;
}
export interface ChoiceState extends StateBase, InputOutput {
  readonly Type: 'Choice';
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
}
export interface WaitState extends StateBase, Transition, InputOutput {
  readonly Type: 'Wait';
  readonly Seconds?: number | string;
  readonly SecondsPath?: string;
  readonly Timestamp?: string;
  readonly TimestampPath?: string;
}
export interface SucceedState extends StateBase, InputOutput {
  readonly Type: 'Succeed';
}
export interface FailState extends StateBase {
  readonly Type: 'Fail';
  readonly Error?: string;
  readonly ErrorPath?: string;
  readonly Cause?: string;
  readonly CausePath?: string;
}
export interface ParallelState extends StateBase, Transition, InputOutput, WithResult, WithParameters, Retryable {
  readonly Type: 'Parallel';
  readonly Branches: readonly StateMachineDefinition[];
}
export interface MapState extends StateBase, Transition, InputOutput, WithResult, WithParameters, Retryable {
  readonly Type: 'Map';
  readonly ItemsPath?: string;
  readonly Items?: unknown;
  readonly ItemSelector?: unknown;
  readonly ItemProcessor?: StateMachineDefinition & { readonly ProcessorConfig?: { readonly Mode?: string } };
  readonly Iterator?: StateMachineDefinition;
  readonly MaxConcurrency?: number | string;
  readonly MaxConcurrencyPath?: string;
  readonly ToleratedFailureCount?: number | string;
  readonly ToleratedFailureCountPath?: string;
  readonly ToleratedFailurePercentage?: number | string;
  readonly ToleratedFailurePercentagePath?: string;
}

export type State =
  | PassState
  | TaskState
  | ChoiceState
  | WaitState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;
export type StateType = State['Type'];
export type StateOfType<T extends StateType> = Extract<State, { Type: T }>;

export interface StateMachineDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
  readonly QueryLanguage?: QueryLanguageName;
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
  readonly Version?: string;
}
