/**
 * RedriveExecution and its rules: when an execution can be redriven (DescribeExecution's
 * redriveStatus says the same), client-token idempotency, and the relaunch on the recorded history.
 */
import type { RedriveExecutionInput, RedriveExecutionOutput } from '@aws-sdk/client-sfn';
import type { StateMachineDefinition } from '../asl/types.js';
import { ServiceError } from '../errors/service-error.js';
import type { ExecutionRecord } from './execution-record.js';
import type { ExecutionRuns } from './execution-runs.js';
import { findExecution, findMachine, validation, type StepFunctionsContext } from './step-functions-context.js';

/** RedriveExecution's rules (BC-SFN RedriveExecution, ClientToken). */
const DAY_MS = 86_400_000;
export const REDRIVE_LIMITS = {
  /** Redrivable for 14 days after the execution stopped. */
  redrivablePeriodMs: 14 * DAY_MS,
  /** Not once the execution has been open for over a year (the max execution time). */
  maxOpenMs: 365 * DAY_MS,
  /** The history must stay under 24,999 events, leaving room for ExecutionRedriven and one more. */
  maxHistoryEvents: 24_999,
  /** Idempotent answers for the last 10 client tokens... */
  clientTokens: 10,
  /** ...for 15 minutes after each was first used. */
  clientTokenMs: 15 * 60_000,
} as const;

/** Why RedriveExecution would refuse this execution now (AWS's redriveStatusReason), or undefined. */
export function whyNotRedrivable(ctx: StepFunctionsContext, record: ExecutionRecord): string | undefined {
  if (record.status === 'RUNNING' || record.status === 'SUCCEEDED') return `Execution is ${record.status} and cannot be redriven`;
  if (!ctx.options.machines.get(record.stateMachineArn)) return 'State machine is in DELETING status';
  const now = ctx.now();
  if (now - record.startDate > REDRIVE_LIMITS.maxOpenMs) return 'Execution has exceeded the max execution time';
  if (record.stopDate !== undefined && now - record.stopDate > REDRIVE_LIMITS.redrivablePeriodMs) return 'Execution redrivable period exceeded';
  if ((record.lastEventId ?? 0) >= REDRIVE_LIMITS.maxHistoryEvents) return 'Execution history event limit exceeded';
  return undefined;
}

/** The Step Functions API operation this part serves. */
export const REDRIVE_API = ['redriveExecution'] as const;

export class ExecutionRedrive {
  readonly #ctx: StepFunctionsContext;
  readonly #runs: ExecutionRuns;
  readonly #checkDefinition: (definition: string) => StateMachineDefinition;
  /** Executions whose redrive is being set up (between the checks and the launch). */
  readonly #redriving = new Set<string>();

  constructor(ctx: StepFunctionsContext, runs: ExecutionRuns, checkDefinition: (definition: string) => StateMachineDefinition) {
    this.#ctx = ctx;
    this.#runs = runs;
    this.#checkDefinition = checkDefinition;
  }

  /**
   * RedriveExecution: the same execution continues from the states that did not succeed (the engine
   * replays the persisted history to keep what completed), with the definition and input it started with.
   */
  redriveExecution(input: RedriveExecutionInput): Promise<RedriveExecutionOutput> {
    return this.#runs.answering(() => this.#redriveExecution(input));
  }

  async #redriveExecution(input: RedriveExecutionInput): Promise<RedriveExecutionOutput> {
    const record = findExecution(this.#ctx, input.executionArn);
    const token = input.clientToken;
    if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > 64)) {
      throw validation('clientToken', 'Member must have length between 1 and 64', token);
    }
    const now = this.#ctx.now();
    // BC-SFN: idempotent answers for the last 10 client tokens, each for 15 minutes after first use.
    const repeated = record.redriveTokens?.find((t) => t.token === token && now - t.date <= REDRIVE_LIMITS.clientTokenMs);
    if (token !== undefined && repeated) return { redriveDate: new Date(repeated.date) };
    const reason = whyNotRedrivable(this.#ctx, record);
    if (reason !== undefined) throw new ServiceError('ExecutionNotRedrivable', reason);
    if (this.#redriving.has(record.executionArn)) throw new ServiceError('ExecutionNotRedrivable', 'Execution is RUNNING and cannot be redriven');
    this.#redriving.add(record.executionArn);
    try {
      const machine = findMachine(this.#ctx, record.stateMachineArn);
      const definitionText = (await this.#ctx.options.executions.readDefinition(record)) ?? machine.definition;
      // The execution keeps the definition it started with; validated again unless it is the machine's own.
      const definition = definitionText === machine.definition ? machine.parsedDefinition : this.#checkDefinition(definitionText);
      const previous = await this.#ctx.options.executions.readLaneHistory(record);
      const redriven: ExecutionRecord = {
        executionArn: record.executionArn,
        stateMachineArn: record.stateMachineArn,
        stateMachineName: record.stateMachineName,
        name: record.name,
        status: 'RUNNING',
        startDate: record.startDate,
        input: record.input,
        ownerPid: process.pid,
        redriveCount: (record.redriveCount ?? 0) + 1,
        redriveDate: now,
        redriveTokens: [...(record.redriveTokens ?? []).filter((t) => now - t.date <= REDRIVE_LIMITS.clientTokenMs), ...(token !== undefined ? [{ token, date: now }] : [])].slice(-REDRIVE_LIMITS.clientTokens),
        ...(record.damaged !== undefined ? { damaged: record.damaged } : {}),
        ...(record.testCase !== undefined ? { testCase: record.testCase } : {}),
      };
      await this.#ctx.options.executions.save(redriven);
      this.#runs.launch(redriven, { ...machine, parsedDefinition: definition }, JSON.parse(record.input) as unknown, { previous, testCase: record.testCase });
      return { redriveDate: new Date(now) };
    } finally {
      this.#redriving.delete(record.executionArn);
    }
  }
}
