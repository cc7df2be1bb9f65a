/** The JSONPath query language as a QueryStrategy (InputPath, Parameters, ResultSelector, ResultPath, OutputPath). */
import type { Catcher, State } from '../../asl/types.js';
import { applyPath, applyResultPath, evaluateDynamicValue, evaluatePayloadTemplate, PathNotFound } from './jsonpath.js';
import { STATES_ERRORS, StatesError } from '../errors.js';
import { preview } from '../payload-limit.js';
import { PRODUCES_RESULT, SELECTS_RESULT, type QueryStrategy, type StateOutput } from './query-language.js';
import type { EvaluationScope, Variables } from './scope.js';

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

  async fieldValue(literal, path, io, scope) {
    if (path === undefined) return literal;
    try {
      // ErrorPath and CausePath also accept intrinsic functions (DG "Fail workflow state").
      return evaluateDynamicValue(path, io.effectiveInput, scope);
    } catch (error) {
      if (error instanceof PathNotFound) {
        throw new StatesError(STATES_ERRORS.Runtime, `Invalid path '${path}': No results for path in '${preview(io.effectiveInput)}'`);
      }
      throw error;
    }
  },

  async template(template, rawInput, scope) {
    return evaluatePayloadTemplate(template, rawInput, scope);
  },
};
