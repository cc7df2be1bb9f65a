/** The JSONPath query language as a QueryStrategy (InputPath, Parameters, ResultSelector, ResultPath, OutputPath). */
import type { Catcher, State } from '../../asl/types.js';
import { applyPath, applyResultPath, evaluateDynamicValue, evaluatePayloadTemplate, PathNotFound } from './jsonpath.js';
import { invalidPath, jsonPathFieldNotFound, secondsPathNotFound } from '../causes.js';
import { PRODUCES_RESULT, SELECTS_RESULT, type QueryStrategy, type StateOutput } from './query-language.js';
import type { EvaluationScope, Variables } from './scope.js';

/**
 * A `<field>Path` that selects nothing, in the words AWS records for that field: SecondsPath has its
 * own sentence, ErrorPath/CausePath the `.$` field one, the rest (TimeoutSecondsPath, ItemsPath, ...)
 * Jayway's "Invalid path" (recorded for TimeoutSecondsPath; the others are assumed to share it).
 */
function pathFieldNotFound(field: string, error: PathNotFound, input: unknown): Error {
  if (field === 'Seconds') return secondsPathNotFound(error.path);
  if (field === 'Error' || field === 'Cause') return jsonPathFieldNotFound(error.path, `${field}Path`, input);
  return invalidPath(error.path, error.problem);
}

const TAKES_PARAMETERS: ReadonlySet<State['Type']> = new Set(['Task', 'Pass', 'Parallel']);

function assign(template: Record<string, unknown> | undefined, value: unknown, scope: EvaluationScope): Variables | undefined {
  if (!template) return undefined;
  return evaluatePayloadTemplate(template, value, scope) as Variables;
}

export const jsonPathStrategy: QueryStrategy = {
  name: 'JSONPath',

  async effectiveInput(state, rawInput, scope) {
    if (state.Type === 'Fail') return rawInput;
    const input = applyPath(state.InputPath, rawInput, scope, 'InputPath');
    if (TAKES_PARAMETERS.has(state.Type) && 'Parameters' in state && state.Parameters !== undefined) {
      return evaluatePayloadTemplate(state.Parameters, input, scope);
    }
    return input;
  },

  async stateOutput(state: State, rawInput, result, scope): Promise<StateOutput> {
    if (state.Type === 'Fail') return { output: result };
    let selected = result;
    if (SELECTS_RESULT.has(state.Type) && 'ResultSelector' in state && state.ResultSelector) {
      selected = evaluatePayloadTemplate(state.ResultSelector, result, scope);
    }
    const assigned = assign(state.Assign, selected, scope);
    const combined = PRODUCES_RESULT.has(state.Type)
      ? applyResultPath((state as { ResultPath?: string | null }).ResultPath, rawInput, selected)
      : selected;
    return { output: applyPath(state.OutputPath, combined, scope, 'OutputPath'), assigned };
  },

  async catchOutput(catcher: Catcher, rawInput, errorOutput, scope) {
    const assigned = assign(catcher.Assign, errorOutput, scope);
    return { output: applyResultPath(catcher.ResultPath, rawInput, errorOutput), assigned };
  },

  async fieldValue(literal, path, io, scope, field) {
    if (path === undefined) return literal;
    try {
      // ErrorPath and CausePath also accept intrinsic functions (DG "Fail workflow state").
      return evaluateDynamicValue(path, io.effectiveInput, scope);
    } catch (error) {
      if (error instanceof PathNotFound) throw pathFieldNotFound(field, error, io.effectiveInput);
      throw error;
    }
  },

  async template(template, rawInput, scope) {
    return evaluatePayloadTemplate(template, rawInput, scope);
  },
};
