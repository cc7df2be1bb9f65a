/** JSONPath Choice rules: data-test expressions and And / Or / Not (https://states-language.net/spec.html#choice-state). */
import type { ChoiceRule } from '../../asl/types.js';
import { STATES_ERRORS, StatesError } from '../errors.js';
import { PathNotFound, readPath } from '../query/jsonpath.js';
import type { EvaluationScope } from '../query/scope.js';

type Kind = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
type Op = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

const OPS: readonly Op[] = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'];
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

function typed(kind: Kind, value: unknown): string | number | boolean | undefined {
  switch (kind) {
    case 'String':
      return typeof value === 'string' ? value : undefined;
    case 'Numeric':
      return typeof value === 'number' ? value : undefined;
    case 'Boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'Timestamp':
      return isTimestamp(value) ? Date.parse(value) : undefined;
  }
}

function compare(op: Op, a: string | number | boolean, b: string | number | boolean): boolean {
  switch (op) {
    case 'Equals':
      return a === b;
    case 'LessThan':
      return a < b;
    case 'GreaterThan':
      return a > b;
    case 'LessThanEquals':
      return a <= b;
    case 'GreaterThanEquals':
      return a >= b;
  }
}

/** StringMatches: `*` matches any run of characters; `\*` and `\\` are literal. */
function wildcardMatch(value: string, pattern: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) {
      source += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (ch === '*') {
      source += '[\\s\\S]*';
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`).test(value);
}

function read(path: string, input: unknown, scope: EvaluationScope): { found: boolean; value?: unknown } {
  try {
    return { found: true, value: readPath(path, input, scope) };
  } catch (error) {
    if (error instanceof PathNotFound) return { found: false };
    throw error;
  }
}

export function evaluateChoiceRule(rule: ChoiceRule, input: unknown, scope: EvaluationScope): boolean {
  if (rule.And) return rule.And.every((r) => evaluateChoiceRule(r, input, scope));
  if (rule.Or) return rule.Or.some((r) => evaluateChoiceRule(r, input, scope));
  if (rule.Not) return !evaluateChoiceRule(rule.Not, input, scope);
  if (rule.Variable === undefined) throw new StatesError(STATES_ERRORS.Runtime, 'A Choice rule has no Variable');
  const variable = read(rule.Variable, input, scope);
  if (rule.IsPresent !== undefined) return variable.found === rule.IsPresent;
  if (!variable.found) {
    throw new StatesError(
      STATES_ERRORS.Runtime,
      `Invalid path '${rule.Variable}': The choice state's condition path references an invalid value.`,
    );
  }
  const value = variable.value;
  if (rule.IsNull !== undefined) return (value === null) === rule.IsNull;
  if (rule.IsNumeric !== undefined) return (typeof value === 'number') === rule.IsNumeric;
  if (rule.IsString !== undefined) return (typeof value === 'string') === rule.IsString;
  if (rule.IsBoolean !== undefined) return (typeof value === 'boolean') === rule.IsBoolean;
  if (rule.IsTimestamp !== undefined) return isTimestamp(value) === rule.IsTimestamp;
  if (rule.StringMatches !== undefined) {
    return typeof value === 'string' && typeof rule.StringMatches === 'string' && wildcardMatch(value, rule.StringMatches);
  }
  for (const kind of ['String', 'Numeric', 'Boolean', 'Timestamp'] as const) {
    for (const op of OPS) {
      if (kind === 'Boolean' && op !== 'Equals') continue;
      const literalKey = `${kind}${op}`;
      const pathKey = `${literalKey}Path`;
      if (rule[literalKey] === undefined && rule[pathKey] === undefined) continue;
      let expected: unknown = rule[literalKey];
      if (rule[pathKey] !== undefined) {
        const other = read(String(rule[pathKey]), input, scope);
        if (!other.found) {
          throw new StatesError(STATES_ERRORS.Runtime, `Invalid path '${String(rule[pathKey])}': The choice state's condition path references an invalid value.`);
        }
        expected = other.value;
      }
      const a = typed(kind, value);
      const b = typed(kind, expected);
      return a !== undefined && b !== undefined && compare(op, a, b);
    }
  }
  throw new StatesError(STATES_ERRORS.Runtime, `A Choice rule on '${rule.Variable}' has no comparison operator`);
}
