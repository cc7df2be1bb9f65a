/**
 * asl-validator 4 is the first pass over a definition, but AWS is the judge: where its schema refuses
 * a definition AWS ran, the shape is rewritten (in a copy given to asl-validator only) into one it
 * accepts, by a named rule with the reason and the AWS-run definition that shows it
 * (test/fixtures/conformance, recorded on AWS). Everything else asl-validator says stands.
 */
import type { QueryLanguageName } from '../asl/types.js';
import { isJsonObject as isObject, walkStates, type JsonObject as Json } from '../asl/walk-states.js';

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

export interface StateRewrite {
  /** What asl-validator refuses that AWS accepts. */
  readonly rule: string;
  /** Why AWS's reading wins, with the evidence. */
  readonly reason: string;
  /** Conformance case ids (AWS recordings) whose definitions need this rule. */
  readonly evidence: readonly string[];
  /** Rewrites one state of the copy in place. */
  readonly apply: (state: Json, language: QueryLanguageName) => void;
}

/** JSONPath payload template arrays: asl-validator's items schema refuses null and `{% %}`-looking strings. */
function neutraliseTemplateArrays(value: unknown, inArray = false): unknown {
  if (Array.isArray(value)) return value.map((item) => neutraliseTemplateArrays(item, true));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, neutraliseTemplateArrays(item)]));
  if (inArray && value === null) return 0;
  if (inArray && typeof value === 'string' && EXPRESSION.test(value)) return 'literal';
  return value;
}

const JSONPATH_TEMPLATE_FIELDS = ['Assign', 'Parameters', 'ResultSelector', 'ItemSelector'] as const;

/** The copy of `definition` given to asl-validator: every rewrite applied to every state. */
export function forAslValidator(definition: Json, rootLanguage: QueryLanguageName, rewrites: readonly StateRewrite[] = STATE_REWRITES): Json {
  const copy = structuredClone(definition);
  for (const { state } of walkStates(copy).states) {
    const language = (state.QueryLanguage as QueryLanguageName | undefined) ?? rootLanguage;
    for (const rewrite of rewrites) rewrite.apply(state, language);
  }
  return copy;
}

export const STATE_REWRITES: readonly StateRewrite[] = [
  {
    rule: 'jsonpath-template-array-items',
    reason:
      "asl-validator's JSONPath payload template lets an array hold only objects, arrays, numbers, booleans and strings that do not look like JSONata; " +
      'AWS takes null and `{% ... %}` strings there as literal values (in JSONPath nothing but a `.$` key is evaluated).',
    evidence: ['assign-constant-literals'],
    apply: (state, language) => {
      if (language !== 'JSONPath') return;
      for (const field of JSONPATH_TEMPLATE_FIELDS) if (state[field] !== undefined) state[field] = neutraliseTemplateArrays(state[field]);
      for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
        if (isObject(catcher) && catcher.Assign !== undefined) catcher.Assign = neutraliseTemplateArrays(catcher.Assign);
      }
    },
  },
  {
    rule: 'choice-condition-boolean',
    reason: 'asl-validator requires a Choice rule\'s Condition to be a `{% %}` string; AWS also takes a literal true or false.',
    evidence: ['scn-choice-condition-constant-jsonata'],
    apply: (state) => {
      if (state.Type !== 'Choice' || !Array.isArray(state.Choices)) return;
      for (const rule of state.Choices) {
        if (isObject(rule) && typeof rule.Condition === 'boolean') rule.Condition = `{% ${String(rule.Condition)} %}`;
      }
    },
  },
  {
    rule: 'jsonata-output-any-json',
    reason: 'asl-validator requires a JSONata Output to be an object or an expression; AWS takes any JSON value as the output (null, a number, a boolean, a string, an array).',
    evidence: ['output-any-null', 'output-any-int', 'output-any-float', 'output-any-bool', 'output-any-str-lit', 'output-any-list-empty'],
    apply: (state, language) => {
      if (language === 'JSONata' && 'Output' in state && !isObject(state.Output) && !(typeof state.Output === 'string' && EXPRESSION.test(state.Output))) {
        state.Output = {};
      }
    },
  },
];
