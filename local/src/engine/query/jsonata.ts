/**
 * JSONata evaluation for states in the JSONata query language. A string `{% expr %}` is an
 * expression; objects and arrays are walked and their expression strings evaluated. Expressions see
 * `$states` {input, result?, errorOutput?, context}, every variable as `$name`, and the functions
 * Step Functions adds ($partition, $range, $hash, $random, $uuid, $parse). Failures and undefined
 * results are States.QueryEvaluationError.
 */
import { randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { STATES_ERRORS, StatesError } from '../errors.js';
import { HASH_ALGORITHM_NAMES, hashHex } from '../hash.js';
import { javaRandomDouble } from '../java-random.js';
import type { EvaluationScope } from './scope.js';

type Expression = ReturnType<typeof jsonata>;

export interface StatesBinding {
  readonly input: unknown;
  readonly result?: unknown;
  readonly errorOutput?: unknown;
}

const EXPRESSION = /^\s*\{%([\s\S]*)%\}\s*$/;
const compiled = new Map<string, Expression>();
/** Compiled expressions kept; definitions are few, so this bound is only a guard. */
const MAX_COMPILED = 5_000;

export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && EXPRESSION.test(value);
}

/** Compiles `{% %}` text (cached); a syntax error is States.QueryEvaluationError. */
export function compileJsonata(text: string): Expression {
  const source = (EXPRESSION.exec(text)?.[1] ?? text).trim();
  let expression = compiled.get(source);
  if (!expression) {
    try {
      expression = jsonata(source);
    } catch (error) {
      throw new StatesError(STATES_ERRORS.QueryEvaluationError, `Invalid JSONata expression '${source}': ${(error as Error).message}`);
    }
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(source, expression);
  }
  return expression;
}

function stepFunctionsFunctions(random: () => number): Record<string, unknown> {
  return {
    partition: (array: unknown[], size: number) => {
      if (!Array.isArray(array) || !Number.isInteger(size) || size <= 0) {
        throw new Error('$partition expects an array and a positive integer size');
      }
      const chunks: unknown[][] = [];
      for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
      return chunks;
    },
    // The end is included, as measured on AWS: $range(0, 6, 2) = [0, 2, 4, 6].
    range: (start: number, end: number, step = 1) => {
      if (step === 0) throw new Error('$range step must not be 0');
      const out: number[] = [];
      for (let value = start; step > 0 ? value <= end : value >= end; value += step) {
        out.push(value);
        if (out.length > 1_000) throw new Error('$range produces more than 1000 elements');
      }
      return out;
    },
    hash: (value: unknown, algorithm: string) => {
      const digest = hashHex(value, algorithm);
      if (digest === undefined) throw new Error(`$hash algorithm must be one of ${HASH_ALGORITHM_NAMES.join(', ')}`);
      return digest;
    },
    random: (seed?: number) => (seed === undefined ? random() : javaRandomDouble(seed)),
    uuid: () => randomUUID(),
    parse: (text: string) => JSON.parse(text),
    // Step Functions does not offer $eval (reference section 9).
    eval: () => {
      throw new Error('$eval is not available in Step Functions');
    },
  };
}

/** Evaluates one expression string. */
export async function evaluateExpression(text: string, states: StatesBinding, scope: EvaluationScope): Promise<unknown> {
  const expression = compileJsonata(text);
  const bindings: Record<string, unknown> = {
    ...scope.variables,
    ...stepFunctionsFunctions(scope.random),
    states: { ...states, context: scope.context },
  };
  let value: unknown;
  try {
    value = await expression.evaluate(states.input, bindings);
  } catch (error) {
    const message = (error as { message?: string }).message ?? String(error);
    throw new StatesError(STATES_ERRORS.QueryEvaluationError, `The JSONata expression '${text}' failed: ${message}`);
  }
  if (value === undefined) {
    throw new StatesError(STATES_ERRORS.QueryEvaluationError, `The JSONata expression '${text}' returned nothing (undefined)`);
  }
  return normalise(value);
}

/** JSONata sequences are arrays with extra flags; hand back plain JSON values. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = normalise(item);
    return out;
  }
  if (typeof value === 'function') return undefined;
  return value;
}

/** Evaluates a template: expression strings anywhere inside objects and arrays; other values as they are. */
export async function evaluateTemplate(template: unknown, states: StatesBinding, scope: EvaluationScope): Promise<unknown> {
  if (isJsonataExpression(template)) return evaluateExpression(template, states, scope);
  if (Array.isArray(template)) {
    const out: unknown[] = [];
    for (const item of template) out.push(await evaluateTemplate(item, states, scope));
    return out;
  }
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) out[key] = await evaluateTemplate(value, states, scope);
    return out;
  }
  return template;
}
