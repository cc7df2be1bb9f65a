/**
 * Choice: the first matching rule picks Next (JSONPath rules or JSONata Condition); a rule may carry
 * Assign (and Output in JSONata). No match and no Default is States.NoChoiceMatched.
 */
import type { ChoiceRule, ChoiceState } from '../../asl/types.js';
import { jsonataUnexpectedType, noChoiceMatched } from '../causes.js';
import type { StateEnv, StepResult } from '../execution-env.js';
import { evaluateExpression, expressionBody } from '../query/jsonata.js';
import type { Variables } from '../query/scope.js';
import { evaluateChoiceRule } from './choice-rules.js';

async function matches(rule: ChoiceRule, input: unknown, env: StateEnv): Promise<boolean> {
  if (env.query.name === 'JSONPath') return evaluateChoiceRule(rule, input, env.scope);
  if (typeof rule.Condition === 'boolean') return rule.Condition;
  const value = await evaluateExpression(String(rule.Condition), { input: env.rawInput }, env.scope, 'Condition');
  if (typeof value !== 'boolean') throw jsonataUnexpectedType(expressionBody(String(rule.Condition)), 'Condition', 'boolean', value);
  return value;
}

export async function runChoice(state: ChoiceState, input: unknown, env: StateEnv): Promise<StepResult> {
  for (const rule of state.Choices) {
    if (!(await matches(rule, input, env))) continue;
    const assigned = rule.Assign ? ((await env.query.template(rule.Assign, input, env.scope, 'Assign')) as Variables) : undefined;
    const output = rule.Output !== undefined ? { value: await env.query.template(rule.Output, input, env.scope, 'Output') } : undefined;
    return { result: input, next: rule.Next, assigned, output };
  }
  if (state.Default !== undefined) return { result: input, next: state.Default };
  throw noChoiceMatched(env.stateName);
}
