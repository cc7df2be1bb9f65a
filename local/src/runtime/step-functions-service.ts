/**
 * Step Functions as the local runtime serves it: state machines, executions (started on the engine,
 * persisted with their histories), callback tokens. Every method takes and returns the
 * @aws-sdk/client-sfn shapes and throws ServiceError with AWS's error names and messages, so the
 * HTTP API, the CLI and library users share one behaviour.
 */
import { randomUUID } from 'node:crypto';
import type {
  CreateStateMachineInput,
  CreateStateMachineOutput,
  DeleteStateMachineInput,
  DeleteStateMachineOutput,
  DescribeExecutionInput,
  DescribeExecutionOutput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  HistoryEvent as SdkHistoryEvent,
  ListExecutionsInput,
  ListExecutionsOutput,
  ListStateMachinesInput,
  ListStateMachinesOutput,
  RedriveExecutionInput,
  RedriveExecutionOutput,
  SendTaskFailureInput,
  SendTaskFailureOutput,
  SendTaskHeartbeatInput,
  SendTaskHeartbeatOutput,
  SendTaskSuccessInput,
  SendTaskSuccessOutput,
  StartExecutionInput,
  StartExecutionOutput,
  StopExecutionInput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import type { StateMachineDefinition } from '../asl/types.js';
import { StatesError } from '../engine/errors.js';
import type { TaskTokenRegistry, TaskTokenReply } from '../engine/task-tokens.js';
import { closingEvent, historyEvent, isClosingEvent } from '../engine/history.js';
import type { ExecutionOutcome, HistoryEvent, LaneEvent, RunExecutionOptions } from '../engine/types.js';
import { ServiceError } from '../errors/service-error.js';
import { executionArn as buildExecutionArn, parseExecutionArn, parseStateMachineArn, stateMachineArn as buildStateMachineArn, type Identity } from './arns.js';
import { EXECUTION_STATUSES, type ExecutionRecord } from './execution-record.js';
import type { ExecutionStore } from './execution-store.js';
import { nestingProblem } from './json-nesting.js';
import { assertValidName } from './names.js';
import { page } from './paging.js';
import type { StateMachineRecord } from './state-machine-record.js';
import type { StateMachineStore } from './state-machine-store.js';

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

/** BC-SFN SensitiveData: input and output are at most 262144 characters. */
export const MAX_PAYLOAD_CHARS = 262_144;
/** The role project machines report (AWS requires one; nothing checks it locally). */
export const LOCAL_ROLE_ARN_SUFFIX = 'role/sfn-ecs-local';

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

/**
 * The Step Functions API operations this service serves, by SDK method name: the runtime object and the
 * HTTP API's handler table derive theirs from this list (a new operation: its method here, its table entry).
 */
export const STEP_FUNCTIONS_OPERATIONS = [
  'createStateMachine',
  'describeStateMachine',
  'listStateMachines',
  'deleteStateMachine',
  'startExecution',
  'describeExecution',
  'stopExecution',
  'listExecutions',
  'getExecutionHistory',
  'redriveExecution',
  'sendTaskSuccess',
  'sendTaskFailure',
  'sendTaskHeartbeat',
] as const;
export type StepFunctionsOperation = (typeof STEP_FUNCTIONS_OPERATIONS)[number];
export type StepFunctionsOperations = Pick<StepFunctionsService, StepFunctionsOperation>;

/** The service's operations as plain functions bound to it (for an object that exposes them, e.g. the Runtime). */
export function boundOperations(service: StepFunctionsService): StepFunctionsOperations {
  // fromEntries loses the per-key types; each entry is exactly service[name] bound, so the shape holds.
  return Object.fromEntries(STEP_FUNCTIONS_OPERATIONS.map((name) => [name, service[name].bind(service)])) as unknown as StepFunctionsOperations;
}

interface LiveExecution {
  record: ExecutionRecord;
  readonly events: HistoryEvent[];
  readonly controller: AbortController;
  readonly done: Promise<void>;
  /** Set while the run waits for its turn to start (see #startNextRun); starts it now. */
  start?: (() => void) | undefined;
}

function validation(member: string, constraint: string, value: unknown): ServiceError {
  return new ServiceError('ValidationException', `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`);
}

function fromTokenReply(reply: TaskTokenReply): Record<string, never> {
  if (!reply.ok) throw new ServiceError(reply.code, reply.message);
  return {};
}

export class StepFunctionsService {
  readonly #o: StepFunctionsServiceOptions;
  readonly #now: () => number;
  readonly #live = new Map<string, LiveExecution>();
  /** Runs recorded and answered, in the order they start (one per turn of the event loop). */
  #waitingRuns: LiveExecution[] = [];
  #nextRunScheduled = false;
  readonly #listeners = new Set<HistoryListener>();
  /** Executions whose redrive is being set up (between the checks and the launch). */
  readonly #redriving = new Set<string>();

  constructor(options: StepFunctionsServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  get roleArn(): string {
    return `arn:aws:iam::${this.#o.identity.accountId}:${LOCAL_ROLE_ARN_SUFFIX}`;
  }

  // ---- state machines ----

  /** Parses and validates a definition, or throws InvalidDefinition listing every problem. */
  checkDefinition(definition: string): StateMachineDefinition {
    let parsed: unknown;
    try {
      parsed = JSON.parse(definition);
    } catch (error) {
      throw new ServiceError('InvalidDefinition', `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${(error as Error).message}'`);
    }
    const result = this.#o.validate(parsed);
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
      stateMachineArn: buildStateMachineArn(this.#o.identity, name),
      definition,
      parsedDefinition,
      roleArn: this.roleArn,
      type: 'STANDARD',
      creationDate: this.#now(),
      source: 'project',
    };
    await this.#o.machines.put(record);
    return record;
  }

  async createStateMachine(input: CreateStateMachineInput): Promise<CreateStateMachineOutput> {
    assertValidName(input.name);
    if (input.type !== undefined && input.type !== 'STANDARD') {
      throw new ServiceError('ValidationException', `The local runtime runs STANDARD state machines only (got type ${String(input.type)})`);
    }
    if (typeof input.definition !== 'string') throw validation('definition', 'Member must not be null', input.definition);
    const parsedDefinition = this.checkDefinition(input.definition);
    const arn = buildStateMachineArn(this.#o.identity, input.name);
    const existing = this.#o.machines.get(arn);
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
      creationDate: this.#now(),
      source: 'api',
    };
    await this.#o.machines.put(record);
    return { stateMachineArn: arn, creationDate: new Date(record.creationDate) };
  }

  #machine(arn: unknown): StateMachineRecord {
    parseStateMachineArn(arn);
    const machine = this.#o.machines.get(arn as string);
    if (!machine) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
    return machine;
  }

  async describeStateMachine(input: DescribeStateMachineInput): Promise<DescribeStateMachineOutput> {
    const machine = this.#machine(input.stateMachineArn);
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
    const machines = this.#o.machines.list();
    const { items, nextToken } = page(machines, 'ListStateMachines', input.nextToken, input.maxResults);
    return {
      stateMachines: items.map((m) => ({ stateMachineArn: m.stateMachineArn, name: m.name, type: m.type, creationDate: new Date(m.creationDate) })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  async deleteStateMachine(input: DeleteStateMachineInput): Promise<DeleteStateMachineOutput> {
    parseStateMachineArn(input.stateMachineArn);
    // Deleting is idempotent on AWS; running executions carry on with their own copy of the definition.
    await this.#o.machines.delete(input.stateMachineArn!);
    return {};
  }

  // ---- executions ----

  async startExecution(input: StartExecutionInput): Promise<StartExecutionOutput> {
    const [machineArn, testCase] = splitTestCase(input.stateMachineArn);
    const machine = this.#machine(machineArn);
    if (testCase !== undefined) {
      if (!this.#o.checkTestCase) throw new ServiceError('InvalidArn', `Invalid Arn: 'A test case (#${testCase}) needs a mock configuration (sfn-ecs serve --mock-config FILE or SFN_MOCK_CONFIG)'`);
      this.#o.checkTestCase(machine.name, testCase);
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
    const arn = buildExecutionArn(this.#o.identity, machine.name, name);
    const existing = this.#o.executions.get(arn);
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
      startDate: this.#now(),
      input: inputText,
      ownerPid: process.pid,
      ...(testCase !== undefined ? { testCase } : {}),
    };
    await this.#o.executions.save(record);
    this.#o.executions.saveDefinition(record, machine.definition);
    this.#launch(record, machine, parsedInput, { testCase });
    return { executionArn: arn, startDate: new Date(record.startDate) };
  }

  #launch(record: ExecutionRecord, machine: StateMachineRecord, input: unknown, how: { testCase?: string | undefined; previous?: readonly LaneEvent[] }): void {
    const { testCase, previous } = how;
    const controller = new AbortController();
    const events: HistoryEvent[] = previous ? previous.map((entry) => entry.event) : [];
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const live: LiveExecution = { record, events, controller, done };
    this.#live.set(record.executionArn, live);
    const onEvent = (event: HistoryEvent, lane?: string): void => {
      events.push(event);
      this.#o.executions.appendEvent(live.record, event, lane);
      for (const listener of this.#listeners) {
        try {
          listener(event, record.executionArn);
        } catch {
          // a broken live view must not break the execution
        }
      }
    };
    const run = async (): Promise<ExecutionOutcome> => {
      try {
        return await this.#o.run({
          definition: machine.parsedDefinition,
          input,
          context: {
            executionArn: record.executionArn,
            executionName: record.name,
            stateMachineArn: machine.stateMachineArn,
            stateMachineName: machine.name,
            roleArn: machine.roleArn,
            startTime: new Date(record.startDate).toISOString(),
            region: this.#o.identity.region,
            ...(record.redriveCount !== undefined ? { redriveCount: record.redriveCount } : {}),
            ...(record.redriveDate !== undefined ? { redriveTime: new Date(record.redriveDate).toISOString() } : {}),
          },
          signal: controller.signal,
          onEvent,
          ...(previous ? { redrive: { previous } } : {}),
          ...(testCase !== undefined ? { testCase } : {}),
        });
      } catch (error) {
        return { status: 'FAILED', error: 'States.Runtime', cause: `The local engine failed: ${(error as Error)?.message ?? String(error)}` };
      }
    };
    // StartExecution answers once the execution is recorded; its first steps (the engine's first
    // states, a task's RunTask) run on a later turn of the event loop, never on the caller's clock.
    const outcome = new Promise<ExecutionOutcome>((resolve) => {
      live.start = () => {
        live.start = undefined;
        resolve(run());
      };
    });
    this.#waitingRuns.push(live);
    this.#scheduleNextRun();
    void outcome
      .then(async (outcome) => {
        // Stopped (StopExecution) or failed by the runtime (a write error) while the engine ran.
        const stopped = live.record.status !== 'RUNNING';
        const final: ExecutionRecord = stopped
          ? live.record
          : {
              ...live.record,
              status: outcome.status,
              stopDate: this.#now(),
              ...(outcome.status === 'SUCCEEDED' ? { output: outcome.output } : {}),
              ...(outcome.status !== 'SUCCEEDED' && outcome.error !== undefined ? { error: outcome.error } : {}),
              ...(outcome.status !== 'SUCCEEDED' && outcome.cause !== undefined ? { cause: outcome.cause } : {}),
            };
        const last = events.at(-1);
        if (!isClosingEvent(last?.type)) onEvent(this.#terminalEvent(final, last));
        live.record = { ...final, lastEventId: events.at(-1)?.id ?? 0 };
        await this.#o.executions.save(live.record);
        await this.#o.executions.flush(final.executionArn);
        await this.#o.afterExecution?.(final.executionArn).catch(() => undefined);
      })
      .finally(() => {
        // A redrive may already have launched the next attempt while this one's tasks were stopping.
        if (this.#live.get(record.executionArn) === live) this.#live.delete(record.executionArn);
        settle();
      });
  }

  /**
   * Starts one waiting run per turn of the event loop: between two starts Node reads its sockets, so
   * the StartExecution calls of a burst are answered between the first steps of the executions
   * already started (a Pass evaluating JSONata, a RunTask), not after all of them.
   */
  #scheduleNextRun(): void {
    if (this.#nextRunScheduled || this.#waitingRuns.length === 0) return;
    this.#nextRunScheduled = true;
    setImmediate(() => {
      this.#nextRunScheduled = false;
      let next = this.#waitingRuns.shift();
      // Runs started early (a request needed their history) are skipped.
      while (next && !next.start) next = this.#waitingRuns.shift();
      next?.start?.();
      this.#scheduleNextRun();
    });
  }

  /** The closing event when the engine ended without one (it threw, or was stopped mid-state). */
  #terminalEvent(record: ExecutionRecord, last: HistoryEvent | undefined): HistoryEvent {
    const status = record.status === 'SUCCEEDED' || record.status === 'TIMED_OUT' || record.status === 'ABORTED' ? record.status : 'FAILED';
    const { type, details, linksToPrevious } = closingEvent({ ...record, status });
    return historyEvent((last?.id ?? 0) + 1, linksToPrevious ? (last?.id ?? 0) : 0, new Date(record.stopDate ?? this.#now()), type, details);
  }

  #execution(arn: unknown): ExecutionRecord {
    parseExecutionArn(arn);
    const record = this.#o.executions.get(arn as string);
    if (!record) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
    return this.#live.get(record.executionArn)?.record ?? record;
  }

  async describeExecution(input: DescribeExecutionInput): Promise<DescribeExecutionOutput> {
    const record = this.#execution(input.executionArn);
    const withData = input.includedData !== 'METADATA_ONLY';
    const notRedrivable = this.#notRedrivable(record);
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

  /** Why RedriveExecution would refuse this execution now (AWS's redriveStatusReason), or undefined. */
  #notRedrivable(record: ExecutionRecord): string | undefined {
    if (record.status === 'RUNNING' || record.status === 'SUCCEEDED') return `Execution is ${record.status} and cannot be redriven`;
    if (!this.#o.machines.get(record.stateMachineArn)) return 'State machine is in DELETING status';
    const now = this.#now();
    if (now - record.startDate > REDRIVE_LIMITS.maxOpenMs) return 'Execution has exceeded the max execution time';
    if (record.stopDate !== undefined && now - record.stopDate > REDRIVE_LIMITS.redrivablePeriodMs) return 'Execution redrivable period exceeded';
    if ((record.lastEventId ?? 0) >= REDRIVE_LIMITS.maxHistoryEvents) return 'Execution history event limit exceeded';
    return undefined;
  }

  /**
   * RedriveExecution: the same execution continues from the states that did not succeed (the engine
   * replays the persisted history to keep what completed), with the definition and input it started with.
   */
  async redriveExecution(input: RedriveExecutionInput): Promise<RedriveExecutionOutput> {
    const record = this.#execution(input.executionArn);
    const token = input.clientToken;
    if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > 64)) {
      throw validation('clientToken', 'Member must have length between 1 and 64', token);
    }
    const now = this.#now();
    // BC-SFN: idempotent answers for the last 10 client tokens, each for 15 minutes after first use.
    const repeated = record.redriveTokens?.find((t) => t.token === token && now - t.date <= REDRIVE_LIMITS.clientTokenMs);
    if (token !== undefined && repeated) return { redriveDate: new Date(repeated.date) };
    const reason = this.#notRedrivable(record);
    if (reason !== undefined) throw new ServiceError('ExecutionNotRedrivable', reason);
    if (this.#redriving.has(record.executionArn)) throw new ServiceError('ExecutionNotRedrivable', 'Execution is RUNNING and cannot be redriven');
    this.#redriving.add(record.executionArn);
    try {
      const machine = this.#machine(record.stateMachineArn);
      const definitionText = (await this.#o.executions.readDefinition(record)) ?? machine.definition;
      // The execution keeps the definition it started with; validated again unless it is the machine's own.
      const definition = definitionText === machine.definition ? machine.parsedDefinition : this.checkDefinition(definitionText);
      const previous = await this.#o.executions.readLaneHistory(record);
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
      await this.#o.executions.save(redriven);
      this.#launch(redriven, { ...machine, parsedDefinition: definition }, JSON.parse(record.input) as unknown, { previous, testCase: record.testCase });
      return { redriveDate: new Date(now) };
    } finally {
      this.#redriving.delete(record.executionArn);
    }
  }

  async stopExecution(input: StopExecutionInput): Promise<StopExecutionOutput> {
    const record = this.#execution(input.executionArn);
    if (input.error !== undefined && input.error.length > 256) throw validation('error', 'Member must have length less than or equal to 256', input.error);
    if (input.cause !== undefined && input.cause.length > 32768) throw validation('cause', 'Member must have length less than or equal to 32768', '...');
    const live = this.#live.get(record.executionArn);
    if (!live || live.record.status !== 'RUNNING') return { stopDate: new Date(record.stopDate ?? this.#now()) };
    live.start?.();
    live.record = {
      ...live.record,
      status: 'ABORTED',
      stopDate: this.#now(),
      ...(input.error !== undefined ? { error: input.error } : {}),
      ...(input.cause !== undefined ? { cause: input.cause } : {}),
    };
    await this.#o.executions.save(live.record);
    live.controller.abort(new ExecutionStoppedError(input.error, input.cause));
    return { stopDate: new Date(live.record.stopDate!) };
  }

  async listExecutions(input: ListExecutionsInput): Promise<ListExecutionsOutput> {
    if (input.stateMachineArn === undefined) {
      throw new ServiceError('ValidationException', 'Must provide a StateMachine ARN or MapRun ARN');
    }
    parseStateMachineArn(input.stateMachineArn);
    const all = this.#o.executions.list().filter((e) => e.stateMachineArn === input.stateMachineArn);
    if (!this.#o.machines.get(input.stateMachineArn) && all.length === 0) {
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
      .map((e) => this.#live.get(e.executionArn)?.record ?? e)
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
    const record = this.#execution(executionArn);
    const live = this.#live.get(record.executionArn);
    // A run still waiting for its turn starts now: its history begins with ExecutionStarted at once.
    live?.start?.();
    if (live) return [...live.events];
    return this.#o.executions.readHistory(record);
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

  // ---- callback tokens ----

  async sendTaskSuccess(input: SendTaskSuccessInput): Promise<SendTaskSuccessOutput> {
    assertToken(input.taskToken);
    if (typeof input.output !== 'string') throw validation('output', 'Member must not be null', input.output);
    if (input.output.length > MAX_PAYLOAD_CHARS) throw validation('output', `Member must have length less than or equal to ${MAX_PAYLOAD_CHARS}`, '...');
    return fromTokenReply(this.#o.taskTokens.sendSuccess(input.taskToken!, input.output));
  }

  async sendTaskFailure(input: SendTaskFailureInput): Promise<SendTaskFailureOutput> {
    assertToken(input.taskToken);
    if (input.error !== undefined && input.error.length > 256) throw validation('error', 'Member must have length less than or equal to 256', input.error);
    if (input.cause !== undefined && input.cause.length > 32768) throw validation('cause', 'Member must have length less than or equal to 32768', '...');
    return fromTokenReply(this.#o.taskTokens.sendFailure(input.taskToken!, input.error, input.cause));
  }

  async sendTaskHeartbeat(input: SendTaskHeartbeatInput): Promise<SendTaskHeartbeatOutput> {
    assertToken(input.taskToken);
    return fromTokenReply(this.#o.taskTokens.sendHeartbeat(input.taskToken!));
  }

  // ---- local extras ----

  /** Resolves with the final DescribeExecution once the execution has ended and its .sync tasks have stopped. */
  async waitForExecution(executionArn: string, signal?: AbortSignal): Promise<DescribeExecutionOutput> {
    this.#execution(executionArn);
    const live = this.#live.get(executionArn);
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

  /** Every history event of every execution, as it happens. Returns an unsubscribe function. */
  onHistoryEvent(listener: HistoryListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** ARNs of executions still running. */
  runningExecutions(): string[] {
    return [...this.#live.keys()];
  }

  /** Stops every running execution and waits (at most timeoutMs) for them to wind down. */
  async stopAll(cause: string, timeoutMs: number): Promise<void> {
    const lives = [...this.#live.values()];
    await Promise.all(lives.map((l) => this.stopExecution({ executionArn: l.record.executionArn, error: 'LocalRuntime.Shutdown', cause }).catch(() => undefined)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(lives.map((l) => l.done)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /**
   * Marks executions left RUNNING by a process that died as ABORTED, closing their histories, so a
   * restart never shows an execution as running that nothing runs.
   */
  /**
   * The runtime could not write the execution's history or record (e.g. a full disk): it fails with
   * States.Runtime and a cause naming the error, and its tasks are stopped, rather than running on
   * with a history that would not survive a restart.
   */
  failOnStorageError(executionArn: string, error: Error): void {
    const live = this.#live.get(executionArn);
    if (!live || live.record.status !== 'RUNNING') return;
    live.record = {
      ...live.record,
      status: 'FAILED',
      stopDate: this.#now(),
      error: 'States.Runtime',
      cause: `The local runtime could not write this execution's history or record to its data folder: ${error.message}`,
    };
    live.controller.abort(new StatesError(live.record.error!, live.record.cause));
  }

  /** Marks executions a previous runtime left RUNNING (the data folder lock means no live runtime owns them). */
  async recoverInterrupted(): Promise<number> {
    let count = 0;
    for (const record of this.#o.executions.list()) {
      if (record.status !== 'RUNNING' || this.#live.has(record.executionArn)) continue;
      const events = await this.#o.executions.readHistory(record);
      const last = events.at(-1);
      const final: ExecutionRecord = {
        ...record,
        status: 'ABORTED',
        stopDate: this.#now(),
        error: 'LocalRuntime.Interrupted',
        cause: 'The local runtime stopped while this execution was running (the process exited or was killed); its tasks were not resumed.',
      };
      this.#o.executions.appendEvent(final, this.#terminalEvent(final, last));
      await this.#o.executions.save(final);
      count += 1;
    }
    await this.#o.executions.flush();
    return count;
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

/** BC-SFN TaskToken: 1 to 2048 characters. */
function assertToken(token: unknown): void {
  if (typeof token !== 'string') throw validation('taskToken', 'Member must not be null', token);
  if (token.length < 1) throw validation('taskToken', 'Member must have length greater than or equal to 1', token);
  if (token.length > 2048) throw validation('taskToken', 'Member must have length less than or equal to 2048', `${token.slice(0, 20)}...`);
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
