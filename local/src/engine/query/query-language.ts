/**
 * The query language is a strategy per state (JSONPath or JSONata): it turns the raw state input into
 * what the state body works on, the body's result into the state output and variable assignments,
 * and reads the fields that may be literal, a *Path or an expression.
 */
import type { Catcher, QueryLanguageName, State } from '../../asl/types.js';
import type { EvaluationScope, Variables } from './scope.js';

export interface StateOutput {
  readonly output: unknown;
  /** Variables the state's Assign sets (evaluated against the variables as they were before the state). */
  readonly assigned?: Variables;
}

export interface QueryStrategy {
  readonly name: QueryLanguageName;
  /** InputPath + Parameters (JSONPath) or Arguments (JSONata), per the state type's capabilities. */
  effectiveInput(state: State, rawInput: unknown, scope: EvaluationScope): Promise<unknown>;
  /** ResultSelector, ResultPath, OutputPath and Assign (JSONPath) or Output and Assign (JSONata). */
  stateOutput(state: State, rawInput: unknown, result: unknown, scope: EvaluationScope): Promise<StateOutput>;
  /** A catcher's ResultPath (default $) and Assign, or its Output and Assign. */
  catchOutput(catcher: Catcher, rawInput: unknown, errorOutput: unknown, scope: EvaluationScope): Promise<StateOutput>;
  /**
   * A field that is a literal or a reference: `path` (e.g. TimeoutSecondsPath) is read from
   * `effectiveInput` in JSONPath; in JSONata `literal` may be an expression over `rawInput`.
   */
  fieldValue(
    literal: unknown,
    path: string | undefined,
    io: { rawInput: unknown; effectiveInput: unknown },
    scope: EvaluationScope,
    /** The literal field's ASL name (`Seconds`, `Items`, `Error`): causes name it. */
    field: string,
  ): Promise<unknown>;
  /** Evaluates a template (Assign or Output of a Choice rule, ItemSelector) against the state input; `field` names it in causes. */
  template(template: unknown, rawInput: unknown, scope: EvaluationScope, field: string): Promise<unknown>;
}

/**
 * State types that produce a result: a task's, the branches' or iterations', or a Pass state's Result.
 * ResultPath places it (JSONPath); TestState reports it as inspectionData.result.
 */
export const PRODUCES_RESULT: ReadonlySet<State['Type']> = new Set(['Task', 'Pass', 'Parallel', 'Map']);
/** Of those, the ones whose result comes from work done (not Pass): ResultSelector and JSONata's $states.result apply. */
export const SELECTS_RESULT: ReadonlySet<State['Type']> = new Set([...PRODUCES_RESULT].filter((type) => type !== 'Pass'));
