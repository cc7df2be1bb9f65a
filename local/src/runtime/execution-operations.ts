/**
 * The execution operations but RedriveExecution: StartExecution, DescribeExecution, StopExecution,
 * ListExecutions, GetExecutionHistory, and the local waitForExecution.
 */
import { randomUUID } from 'node:crypto';
import type {
  DescribeExecutionInput,
  DescribeExecutionOutput,
  ExecutionListItem,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  HistoryEvent as SdkHistoryEvent,
  ListExecutionsInput,
  ListExecutionsOutput,
  StartExecutionInput,
  StartExecutionOutput,
  StopExecutionInput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../engine/types.js';
import { ServiceError } from '../errors/service-error.js';
import { executionArn as buildExecutionArn, parseStateMachineArn } from './arns.js';
import { EXECUTION_STATUSES, type ExecutionRecord } from './execution-record.js';
import { whyNotRedrivable } from './execution-redrive.js';
import type { ExecutionRuns } from './execution-runs.js';
import { nestingProblem } from './json-nesting.js';
import { assertValidName } from './names.js';
import { page } from './paging.js';
import { findExecution, findMachine, MAX_PAYLOAD_CHARS, validation, type StepFunctionsContext } from './step-functions-context.js';

/** The Step Functions API operations this part serves, and the local methods the service takes from it. */
export const EXECUTION_API = ['startExecution', 'describeExecution', 'stopExecution', 'listExecutions', 'getExecutionHistory'] as const;
export const EXECUTION_LOCAL = ['history', 'waitForExecution'] as const;

export class ExecutionOperations {
  readonly #ctx: StepFunctionsContext;
  readonly #runs: ExecutionRuns;

  constructor(ctx: StepFunctionsContext, runs: ExecutionRuns) {
    this.#ctx = ctx;
    this.#runs = runs;
  }

  startExecution(input: StartExecutionInput): Promise<StartExecutionOutput> {
    return this.#runs.answering(() => this.#startExecution(input));
  }

  async #startExecution(input: StartExecutionInput): Promise<StartExecutionOutput> {
    const [machineArn, testCase] = splitTestCase(input.stateMachineArn);
    const machine = findMachine(this.#ctx, machineArn);
    if (testCase !== undefined) {
      if (!this.#ctx.options.checkTestCase) throw new ServiceError('InvalidArn', `Invalid Arn: 'A test case (#${testCase}) needs a mock configuration (sfn-ecs serve --mock-config FILE or SFN_MOCK_CONFIG)'`);
      this.#ctx.options.checkTestCase(machine.name, testCase);
    }
    const name = input.name ?? randomUUID();
    assertValidName(name);
    const inputText = input.input ?? '{}';
    if (typeof inputText !== 'string') throw new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: 'input must be a string of JSON text'`);
    if (inputText.length > MAX_PAYLOAD_CHARS) {
      throw validation('input', `Member must have length less than or equal to ${MAX_PAYLOAD_CHARS}`, `${inputText.slice(0, 20)}...`);
    }
    const tooDeep = nestingProblem(inputText);
    if (tooDeep !== undefined) throw new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${tooDeep}'`);
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(inputText);
    } catch (error) {
      throw new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(error as Error).message}'`);
    }
    const arn = buildExecutionArn(this.#ctx.options.identity, machine.name, name);
    const existing = this.#ctx.options.executions.get(arn);
    if (existing) {
      // Standard workflows: the same name and input while still running is idempotent (BC-SFN StartExecution).
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn: arn, startDate: new Date(existing.startDate) };
      }
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: machine.stateMachineArn,
      stateMachineName: machine.name,
      name,
      status: 'RUNNING',
      startDate: this.#ctx.now(),
      input: inputText,
      ownerPid: process.pid,
      ...(testCase !== undefined ? { testCase } : {}),
    };
    await this.#ctx.options.executions.save(record, machine.definition);
    this.#runs.launch(record, machine, parsedInput, { testCase });
    return { executionArn: arn, startDate: new Date(record.startDate) };
  }
  async describeExecution(input: DescribeExecutionInput): Promise<DescribeExecutionOutput> {
    const record = findExecution(this.#ctx, input.executionArn);
    const withData = input.includedData !== 'METADATA_ONLY';
    const notRedrivable = whyNotRedrivable(this.#ctx, record);
    return {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: new Date(record.startDate),
      ...(record.stopDate !== undefined ? { stopDate: new Date(record.stopDate) } : {}),
      ...(withData ? { input: record.input } : {}),
      inputDetails: { included: withData },
      ...(withData && record.output !== undefined ? { output: record.output } : {}),
      ...(record.status === 'SUCCEEDED' ? { outputDetails: { included: withData } } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
      redriveCount: record.redriveCount ?? 0,
      ...(record.redriveDate !== undefined ? { redriveDate: new Date(record.redriveDate) } : {}),
      ...(notRedrivable === undefined ? { redriveStatus: 'REDRIVABLE' } : { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: notRedrivable }),
    };
  }
  async stopExecution(input: StopExecutionInput): Promise<StopExecutionOutput> {
    const record = findExecution(this.#ctx, input.executionArn);
    if (input.error !== undefined && input.error.length > 256) throw validation('error', 'Member must have length less than or equal to 256', input.error);
    if (input.cause !== undefined && input.cause.length > 32768) throw validation('cause', 'Member must have length less than or equal to 32768', '...');
    const live = this.#ctx.live.get(record.executionArn);
    if (!live || live.record.status !== 'RUNNING') return { stopDate: new Date(record.stopDate ?? this.#ctx.now()) };
    live.start?.();
    live.record = {
      ...live.record,
      status: 'ABORTED',
      stopDate: this.#ctx.now(),
      ...(input.error !== undefined ? { error: input.error } : {}),
      ...(input.cause !== undefined ? { cause: input.cause } : {}),
    };
    await this.#ctx.options.executions.save(live.record);
    live.controller.abort(new ExecutionStoppedError(input.error, input.cause));
    return { stopDate: new Date(live.record.stopDate!) };
  }

  async listExecutions(input: ListExecutionsInput): Promise<ListExecutionsOutput> {
    if (input.stateMachineArn === undefined) {
      throw new ServiceError('ValidationException', 'Must provide a StateMachine ARN or MapRun ARN');
    }
    parseStateMachineArn(input.stateMachineArn);
    const all = this.#ctx.options.executions.list().filter((e) => e.stateMachineArn === input.stateMachineArn);
    if (!this.#ctx.options.machines.get(input.stateMachineArn) && all.length === 0) {
      throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${input.stateMachineArn}'`);
    }
    const filter = input.statusFilter as string | undefined;
    if (filter !== undefined && !(EXECUTION_STATUSES as readonly string[]).includes(filter) && filter !== 'PENDING_REDRIVE') {
      throw validation('statusFilter', 'Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]', filter);
    }
    const redriveFilter = input.redriveFilter as string | undefined;
    if (redriveFilter !== undefined && redriveFilter !== 'REDRIVEN' && redriveFilter !== 'NOT_REDRIVEN') {
      throw validation('redriveFilter', 'Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]', redriveFilter);
    }
    const matching = all
      .map((e) => this.#ctx.live.get(e.executionArn)?.record ?? e)
      .filter((e) => filter === undefined || e.status === filter)
      .filter((e) => redriveFilter === undefined || (redriveFilter === 'REDRIVEN') === (e.redriveCount ?? 0) > 0);
    const scope = `ListExecutions:${input.stateMachineArn}:${filter ?? ''}:${redriveFilter ?? ''}`;
    const { items, nextToken } = page(matching, scope, input.nextToken, input.maxResults);
    const executions: ExecutionListItem[] = items.map((e) => ({
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: new Date(e.startDate),
      ...(e.stopDate !== undefined ? { stopDate: new Date(e.stopDate) } : {}),
      redriveCount: e.redriveCount ?? 0,
      ...(e.redriveDate !== undefined ? { redriveDate: new Date(e.redriveDate) } : {}),
    }));
    return { executions, ...(nextToken ? { nextToken } : {}) };
  }

  /** The events so far: from memory while running, from disk afterwards. */
  async history(executionArn: string): Promise<readonly HistoryEvent[]> {
    const record = findExecution(this.#ctx, executionArn);
    const live = this.#ctx.live.get(record.executionArn);
    // A run still waiting for its turn starts now: its history begins with ExecutionStarted at once.
    live?.start?.();
    if (live) return [...live.events];
    return this.#ctx.options.executions.readHistory(record);
  }

  async getExecutionHistory(input: GetExecutionHistoryInput): Promise<GetExecutionHistoryOutput> {
    const events = await this.history(input.executionArn!);
    const ordered = input.reverseOrder ? [...events].reverse() : events;
    const scope = `GetExecutionHistory:${input.executionArn}:${input.reverseOrder ? 'r' : 'f'}`;
    const { items, nextToken } = page(ordered, scope, input.nextToken, input.maxResults);
    const withData = input.includeExecutionData !== false;
    return {
      events: items.map((e) => (withData ? e : withoutData(e)) as unknown as SdkHistoryEvent),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  /** Resolves with the final DescribeExecution once the execution has ended and its .sync tasks have stopped. */
  async waitForExecution(executionArn: string, signal?: AbortSignal): Promise<DescribeExecutionOutput> {
    findExecution(this.#ctx, executionArn);
    const live = this.#ctx.live.get(executionArn);
    if (live) {
      await new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = (): void => reject(signal!.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        void live.done.then(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
    return this.describeExecution({ executionArn });
  }
}

/** The abort reason StopExecution hands the engine. */
export class ExecutionStoppedError extends Error {
  override readonly name = 'ExecutionStoppedError';
  constructor(
    readonly error: string | undefined,
    override readonly cause: string | undefined,
  ) {
    super(`Execution stopped${error ? `: ${error}` : ''}`);
  }
}

/** `<stateMachineArn>#<TestCaseName>` -> [arn, test case]; a plain ARN -> [arn, undefined]. */
function splitTestCase(arn: string | undefined): [string | undefined, string | undefined] {
  const at = arn?.indexOf('#') ?? -1;
  if (arn === undefined || at < 0) return [arn, undefined];
  return [arn.slice(0, at), arn.slice(at + 1)];
}

/** includeExecutionData=false: the events without their input and output payloads. */
function withoutData(event: HistoryEvent): HistoryEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (!key.endsWith('EventDetails') || value === null || typeof value !== 'object') continue;
    const { input: _input, output: _output, ...rest } = value as Record<string, unknown>;
    copy[key] = rest;
  }
  return copy as unknown as HistoryEvent;
}
