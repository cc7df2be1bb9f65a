/**
 * What every state sees while an execution runs: the execution-wide environment (integrations,
 * tokens, clock, history) and its own lane (signal, event cursor, retry counters).
 */
import type { QueryLanguageName, StateMachineDefinition } from '../asl/types.js';
import type { IntegrationResolver } from './integration.js';
import type { HistoryWriter, EventCursor } from './history.js';
import type { ExecutionLimits } from './limits.js';
import type { QueryStrategy } from './query/query-language.js';
import type { EvaluationScope, Variables } from './query/scope.js';
import { TOP_LANE, type RedrivePlan } from './redrive-plan.js';
import type { TaskTokenRegistry } from './task-tokens.js';
import type { Clock } from './clock.js';
import type { ExecutionContext } from './types.js';

export interface ExecutionEnv {
  readonly execution: ExecutionContext;
  readonly executionInput: unknown;
  readonly integrations: IntegrationResolver;
  readonly taskTokens: TaskTokenRegistry;
  readonly clock: Clock;
  readonly timeScale: number;
  readonly history: HistoryWriter;
  /** Set when the execution is redriven: what its previous attempts completed. */
  readonly redrive?: RedrivePlan;
  readonly limits: ExecutionLimits;
  /** The top-level QueryLanguage; states without their own inherit it. */
  readonly rootLanguage: QueryLanguageName;
}

/** One chain of states: the execution itself, a Parallel branch or a Map iteration. */
export interface Lane {
  readonly signal: AbortSignal;
  /** Which lane this is (redrive-plan.ts keys): reported with each of its events. */
  readonly key: string;
  readonly cursor: EventCursor;
  /** Attempts used per retrier, per state name: they persist across visits to the state. */
  readonly retryCounts: Map<string, number[]>;
}

/** Runs a nested state machine (Parallel branch, Map item processor) in a new lane. */
export type RunBranch = (
  definition: StateMachineDefinition,
  input: unknown,
  lane: Lane,
  variables: Variables,
) => Promise<unknown>;

/** What a state-type module receives besides its state and effective input. */
export interface StateEnv {
  readonly exec: ExecutionEnv;
  readonly lane: Lane;
  readonly stateName: string;
  readonly rawInput: unknown;
  readonly query: QueryStrategy;
  readonly scope: EvaluationScope;
  /** Set for waitForTaskToken and .sync tasks: this attempt's token (also in $$.Task.Token). */
  readonly taskToken?: string;
  readonly runBranch: RunBranch;
}

/** What a state-type module returns: its result and, for Choice, where to go next. */
export interface StepResult {
  readonly result: unknown;
  readonly next?: string;
  /** Variables set by the state body itself (a Choice rule's Assign). */
  readonly assigned?: Variables;
  /** Replaces the computed output (a Choice rule's JSONata Output). */
  readonly output?: { readonly value: unknown };
}

export function newLane(signal: AbortSignal, previousEventId: number, key: string = TOP_LANE): Lane {
  return { signal, key, cursor: { last: previousEventId, lane: key }, retryCounts: new Map() };
}
