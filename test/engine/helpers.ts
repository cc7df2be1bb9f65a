/**
 * Test plumbing for engine tests: a registry with plug-in test integrations (the engine's extension
 * point, not a mock of AWS) and a runner that collects history events.
 */
import { StatesError } from '../../local/src/engine/errors.js';
import { abortableSleep, type Clock } from '../../local/src/engine/clock.js';
import { runExecution } from '../../local/src/engine/run-execution.js';
import { TaskTokenRegistry } from '../../local/src/engine/task-tokens.js';
import type { ExecutionOutcome, HistoryEvent, RunExecutionOptions } from '../../local/src/engine/types.js';
import type { Integration, IntegrationResolver, TaskInvocation } from '../../local/src/engine/integration.js';
import { integrationResolver, integrationTable } from '../../local/src/integrations/registry.js';
import type { StateMachineDefinition } from '../../local/src/asl/types.js';

export const ECHO = 'arn:aws:states:::test:echo';
export const HANG = 'arn:aws:states:::test:hang.sync';
export const CALLBACK = 'arn:aws:states:::test:callback.waitForTaskToken';

export interface Harness {
  readonly integrations: IntegrationResolver;
  /** Adds (or replaces) a test integration under its serviceAction. */
  register(integration: Integration): void;
  readonly taskTokens: TaskTokenRegistry;
  /** Every invocation each test integration saw, in order. */
  readonly invocations: TaskInvocation[];
  /** Signals of test:hang invocations whose signal aborted. */
  readonly abortedHangs: TaskInvocation[];
  /** Called by test:callback with each invocation once it is "started". */
  onCallback: (invocation: TaskInvocation) => void;
  /** Called by test:hang once its job is "running". */
  onHang: (invocation: TaskInvocation) => void;
  /** How long test:hang takes to "stop its job" after its signal aborts. */
  stopDelayMs: number;
  /** test:hang invocations whose job has finished stopping. */
  readonly stoppedHangs: TaskInvocation[];
}

/**
 * test:echo returns its parameters; `{"fail": {"error", "cause"}}` fails, and with `"times": n`
 * only the first n calls for that `key` fail. test:hang(.sync) submits, then waits for its signal.
 * test:callback(.waitForTaskToken) hands the invocation to `harness.onCallback`.
 */
export function createHarness(): Harness {
  const table = integrationTable<Integration>([]);
  const invocations: TaskInvocation[] = [];
  const abortedHangs: TaskInvocation[] = [];
  const failuresByKey = new Map<string, number>();
  const harness: Harness = {
    integrations: integrationResolver(table),
    register: (integration) => void table.set(integration.serviceAction, integration),
    taskTokens: new TaskTokenRegistry(),
    invocations,
    abortedHangs,
    onCallback: () => undefined,
    onHang: () => undefined,
    stopDelayMs: 0,
    stoppedHangs: [],
  };
  const echo: Integration = {
    serviceAction: 'test:echo',
    patterns: ['request-response'],
    async invoke(invocation) {
      invocations.push(invocation);
      const params = invocation.parameters as { fail?: { error?: string; cause?: string; times?: number }; key?: string; throwPlain?: string } | null;
      if (params && typeof params === 'object' && params.throwPlain) throw new Error(params.throwPlain);
      if (params && typeof params === 'object' && params.fail) {
        const key = params.key ?? 'default';
        const seen = failuresByKey.get(key) ?? 0;
        failuresByKey.set(key, seen + 1);
        if (params.fail.times === undefined || seen < params.fail.times) {
          throw new StatesError(params.fail.error ?? 'Test.Failed', params.fail.cause ?? 'failed on demand');
        }
      }
      return invocation.parameters;
    },
  };
  const hang: Integration = {
    serviceAction: 'test:hang',
    patterns: ['sync', 'request-response'],
    invoke(invocation, hooks) {
      invocations.push(invocation);
      hooks.submitted({ started: true });
      queueMicrotask(() => harness.onHang(invocation));
      return new Promise((_resolve, reject) => {
        if (invocation.signal.aborted) {
          abortedHangs.push(invocation);
          reject(new Error('stopped before it started'));
          return;
        }
        invocation.signal.addEventListener(
          'abort',
          () => {
            abortedHangs.push(invocation);
            setTimeout(() => {
              harness.stoppedHangs.push(invocation);
              reject(new Error('stopped'));
            }, harness.stopDelayMs);
          },
          { once: true },
        );
      });
    },
  };
  const callback: Integration = {
    serviceAction: 'test:callback',
    patterns: ['waitForTaskToken'],
    async invoke(invocation, hooks) {
      invocations.push(invocation);
      hooks.submitted({ started: true });
      queueMicrotask(() => harness.onCallback(invocation));
      return { started: true };
    },
  };
  for (const integration of [echo, hang, callback]) harness.register(integration);
  return harness;
}

export const CONTEXT = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:test:run-1',
  executionName: 'run-1',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:test',
  stateMachineName: 'test',
  roleArn: 'arn:aws:iam::123456789012:role/sfn-ecs-local',
  startTime: '2026-01-01T00:00:00.000Z',
  region: 'us-east-1',
} as const;

export interface RunResult {
  readonly outcome: ExecutionOutcome;
  readonly events: HistoryEvent[];
  /** Parsed output of a SUCCEEDED execution. */
  readonly output: unknown;
}

/**
 * Engine tests hand the engine definitions as written, without validation: some are ones validation
 * refuses (an unknown intrinsic, an unreachable state), to test what the engine itself does with them.
 */
export function asWritten(definition: unknown): StateMachineDefinition {
  return definition as StateMachineDefinition;
}

export async function run(
  definition: unknown,
  input: unknown = {},
  options: Partial<Pick<RunExecutionOptions, 'signal' | 'timeScale' | 'clock'>> & { harness?: Harness } = {},
): Promise<RunResult> {
  const harness = options.harness ?? createHarness();
  const events: HistoryEvent[] = [];
  const outcome = await runExecution({
    definition: asWritten(definition),
    input,
    context: CONTEXT,
    integrations: harness.integrations,
    taskTokens: harness.taskTokens,
    signal: options.signal ?? new AbortController().signal,
    onEvent: (event) => events.push(event),
    timeScale: options.timeScale ?? 0.001,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { outcome, events, output: outcome.status === 'SUCCEEDED' ? JSON.parse(outcome.output) : undefined };
}

export function eventTypes(events: readonly HistoryEvent[]): string[] {
  return events.map((event) => event.type);
}

/** A one-state machine around `state`, named `S`. */
export function single(state: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { StartAt: 'S', States: { S: { ...state } }, ...extra };
}

/** A clock whose time runs `speed` times faster than real time, for timeout and heartbeat tests. */
export function fastClock(speed: number): import('../../local/src/engine/types.js').Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * speed,
    sleep: (ms, signal) => abortableSleep(ms / speed, signal),
    random: () => Math.random(),
  };
}

/** A clock that moves only when the test says so: sleeps fire in order of their deadlines. */
export interface ManualClock extends Clock {
  /** Moves time forward by ms, firing every sleep due on the way, and lets the engine react. */
  advance(ms: number): Promise<void>;
}

/** Lets pending promise chains and immediate callbacks run (bounded: 20 turns of the event loop). */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

export function manualClock(startMs: number = Date.parse('2026-01-01T00:00:00.000Z')): ManualClock {
  let now = startMs;
  const timers = new Set<{ at: number; fire: () => void }>();
  return {
    now: () => now,
    random: () => 0.5,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        const timer = {
          at: now + Math.max(0, ms),
          fire: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          timers.delete(timer);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        timers.add(timer);
      });
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (let fired = 0; fired < 10_000; fired++) {
        const due = [...timers].filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers.delete(due);
        now = due.at;
        due.fire();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}

/** A promise with its resolve function, for integrations whose start or job the test controls. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
