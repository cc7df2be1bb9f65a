/** The JSONata query language as a QueryStrategy (Arguments, Output, Assign over $states). */
import type { State } from '../../asl/types.js';
import { evaluateTemplate } from './jsonata.js';
import { SELECTS_RESULT, type QueryStrategy } from './query-language.js';
import type { Variables } from './scope.js';

const TAKES_ARGUMENTS: ReadonlySet<State['Type']> = new Set(['Task', 'Parallel']);

export const jsonataStrategy: QueryStrategy = {
  name: 'JSONata',

  async effectiveInput(state, rawInput, scope) {
    if (TAKES_ARGUMENTS.has(state.Type) && 'Arguments' in state && state.Arguments !== undefined) {
      return evaluateTemplate(state.Arguments, { input: rawInput }, scope, 'Arguments');
    }
    return rawInput;
  },

  async stateOutput(state, rawInput, result, scope) {
    const states = SELECTS_RESULT.has(state.Type) ? { input: rawInput, result } : { input: rawInput };
    const assignTemplate = 'Assign' in state ? state.Assign : undefined;
    const assigned = assignTemplate ? ((await evaluateTemplate(assignTemplate, states, scope, 'Assign')) as Variables) : undefined;
    const outputTemplate = 'Output' in state ? state.Output : undefined;
    const output = outputTemplate === undefined ? result : await evaluateTemplate(outputTemplate, states, scope, 'Output');
    return { output, assigned };
  },

  async catchOutput(catcher, rawInput, errorOutput, scope) {
    const states = { input: rawInput, errorOutput };
    // A catcher's own fields are not recorded failing on AWS: named as the state's are.
    const assigned = catcher.Assign ? ((await evaluateTemplate(catcher.Assign, states, scope, 'Assign')) as Variables) : undefined;
    const output = catcher.Output === undefined ? errorOutput : await evaluateTemplate(catcher.Output, states, scope, 'Output');
    return { output, assigned };
  },

  async fieldValue(literal, _path, io, scope, field) {
    return evaluateTemplate(literal, { input: io.rawInput }, scope, field);
  },

  async template(template, rawInput, scope, field) {
    return evaluateTemplate(template, { input: rawInput }, scope, field);
  },
};
