/**
 * What the parts of the Step Functions service share, handed to each explicitly: the options the
 * service was built with, its clock, the executions this process runs and the history listeners;
 * plus the lookups and checks more than one part needs.
 */
import type { StateMachineDefinition } from '../asl/types.js';
import { closingEvent, historyEvent } from '../engine/history.js';
import type { TaskTokenRegistry } from '../engine/task-tokens.js';
import type { ExecutionOutcome, HistoryEvent, RunExecutionOptions } from '../engine/types.js';
import { ServiceError } from '../errors/service-error.js';
import { parseExecutionArn, parseStateMachineArn, type Identity } from './arns.js';
import type { ExecutionRecord } from './execution-record.js';
import type { ExecutionStore } from './execution-store.js';
import type { StateMachineRecord } from './state-machine-record.js';
import type { StateMachineStore } from './state-machine-store.js';

/** BC-SFN SensitiveData: input and output are at most 262144 characters. */
export const MAX_PAYLOAD_CHARS = 262_144;

/** What validation says of a definition: the definition typed, or every problem with its path. */
export type DefinitionValidation = { readonly ok: true; readonly definition: StateMachineDefinition } | { readonly ok: false; readonly errors: readonly { path: string; message: string }[] };

export interface StepFunctionsServiceOptions {
  readonly identity: Identity;
  readonly machines: StateMachineStore;
  readonly executions: ExecutionStore;
  readonly taskTokens: TaskTokenRegistry;
  readonly validate: (definition: unknown) => DefinitionValidation;
  /** Runs one execution on the engine; everything but signal/onEvent/definition/input/context is bound by the caller. */
  readonly run: (options: Pick<RunExecutionOptions, 'definition' | 'input' | 'context' | 'signal' | 'onEvent' | 'redrive'> & { readonly testCase?: string }) => Promise<ExecutionOutcome>;
  /**
   * Checks a mock test case chosen as Step Functions Local does (StartExecution on
   * `<stateMachineArn>#<TestCaseName>`); throws ServiceError when the case does not exist.
   */
  readonly checkTestCase?: (stateMachineName: string, testCase: string) => void;
  /**
   * Called once an execution has ended, before waitForExecution resolves: lets the runtime wait for
   * the .sync tasks the engine stopped (best effort, bounded) so "finished" also means "processes gone".
   */
  readonly afterExecution?: (executionArn: string) => Promise<void>;
  readonly now?: () => number;
}

export type HistoryListener = (event: HistoryEvent, executionArn: string) => void;

export interface LiveExecution {
  record: ExecutionRecord;
  readonly events: HistoryEvent[];
  readonly controller: AbortController;
  readonly done: Promise<void>;
  /** Set while the run waits for its turn to start (see RunStartPacer); starts it now. */
  start?: (() => void) | undefined;
}

export interface StepFunctionsContext {
  readonly options: StepFunctionsServiceOptions;
  readonly now: () => number;
  /** The executions this process runs, by ARN. */
  readonly live: Map<string, LiveExecution>;
  readonly listeners: Set<HistoryListener>;
}

export function stepFunctionsContext(options: StepFunctionsServiceOptions): StepFunctionsContext {
  return { options, now: options.now ?? Date.now, live: new Map(), listeners: new Set() };
}

export function validation(member: string, constraint: string, value: unknown): ServiceError {
  return new ServiceError('ValidationException', `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`);
}

/** The machine an ARN names, or StateMachineDoesNotExist. */
export function findMachine(ctx: StepFunctionsContext, arn: unknown): StateMachineRecord {
  parseStateMachineArn(arn);
  const machine = ctx.options.machines.get(arn as string);
  if (!machine) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
  return machine;
}

/** The execution an ARN names (its live record while it runs), or ExecutionDoesNotExist. */
export function findExecution(ctx: StepFunctionsContext, arn: unknown): ExecutionRecord {
  parseExecutionArn(arn);
  const record = ctx.options.executions.get(arn as string);
  if (!record) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
  return ctx.live.get(record.executionArn)?.record ?? record;
}

/** The closing event when the engine ended without one (it threw, or was stopped mid-state). */
export function terminalEvent(ctx: StepFunctionsContext, record: ExecutionRecord, last: HistoryEvent | undefined): HistoryEvent {
  const status = record.status === 'SUCCEEDED' || record.status === 'TIMED_OUT' || record.status === 'ABORTED' ? record.status : 'FAILED';
  const { type, details, linksToPrevious } = closingEvent({ ...record, status });
  return historyEvent((last?.id ?? 0) + 1, linksToPrevious ? (last?.id ?? 0) : 0, new Date(record.stopDate ?? ctx.now()), type, details);
}
