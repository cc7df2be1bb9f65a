/**
 * JSONata evaluation for states in the JSONata query language. A string `{% expr %}` is an
 * expression; objects and arrays are walked and their expression strings evaluated. Expressions see
 * `$states` {input, result?, errorOutput?, context}, every variable as `$name`, and the functions
 * Step Functions adds ($partition, $range, $hash, $random, $uuid, $parse). Failures and undefined
 * results are States.QueryEvaluationError.
 */
import { randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { jsonataReturnedNothing, jsonataThrew, jsonataUnsupportedResult } from '../causes.js';
import { HASH_ALGORITHM_NAMES, hashHex } from '../hash.js';
import { javaRandomDouble } from '../java-random.js';
import type { EvaluationScope } from './scope.js';

type Expression = ReturnType<typeof jsonata>;

export interface StatesBinding {
  readonly input: unknown;
  readonly result?: unknown;
  readonly errorOutput?: unknown;
}

/**
 * An expression string starts with `{%` and ends with `%}`, nothing outside them (AWS's ASL lexer:
 * the string token `"{%` ... `%}"`, as LocalStack's grammar transcribes it); ` {% 1 %}` is a literal.
 */
const EXPRESSION = /^\{%([\s\S]*)%\}$/;
const compiled = new Map<string, Expression>();
/** Compiled expressions kept; definitions are few, so this bound is only a guard. */
const MAX_COMPILED = 5_000;

export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && EXPRESSION.test(value);
}

/** The expression inside `{% %}`, trimmed, as AWS quotes it in causes. */
export function expressionBody(text: string): string {
  return (EXPRESSION.exec(text)?.[1] ?? text).trim();
}

interface JsonataError {
  readonly code?: string;
  readonly message?: string;
}

/** Compiles `{% %}` text (cached); a syntax error is States.QueryEvaluationError naming the field. */
export function compileJsonata(text: string, field = ''): Expression {
  const source = expressionBody(text);
  let expression = compiled.get(source);
  if (!expression) {
    try {
      expression = jsonata(source);
    } catch (error) {
      const { code, message } = error as JsonataError;
      throw jsonataThrew(source, field, code, message ?? String(error));
    }
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(source, expression);
  }
  return expression;
}

/** Marks an array as a JSONata sequence (jsonata's own flag): a sequence of one value evaluates to that value. */
function asSequence<T>(values: T[]): T[] {
  Object.defineProperty(values, 'sequence', { value: true });
  return values;
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
    // The end is included, as measured on AWS: $range(0, 6, 2) = [0, 2, 4, 6]. The result is a JSONata
    // sequence, so one element stands alone: $range(1, 9, 9) is 1, not [1] (recorded: LocalStack
    // test_array_jsonata.snapshot.json test_array_range), while $partition's array stays an array.
    range: (start: number, end: number, step = 1) => {
      if (step === 0) throw new Error('$range step must not be 0');
      const out: number[] = [];
      for (let value = start; step > 0 ? value <= end : value >= end; value += step) {
        out.push(value);
        if (out.length > 1_000) throw new Error('$range produces more than 1000 elements');
      }
      return asSequence(out);
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

/** A JSONata function value (a lambda or a native function): not JSON, so not a field's value. */
function isFunctionValue(value: unknown): boolean {
  return typeof value === 'function' || (typeof value === 'object' && value !== null && (value as { _jsonata_lambda?: unknown })._jsonata_lambda === true);
}

/** Evaluates one expression string; `field` is where it stands (`Output/result`, `Items`), as AWS names it in causes. */
export async function evaluateExpression(text: string, states: StatesBinding, scope: EvaluationScope, field = ''): Promise<unknown> {
  const expression = compileJsonata(text, field);
  const bindings: Record<string, unknown> = {
    ...scope.variables,
    ...stepFunctionsFunctions(scope.random),
    states: { ...states, context: scope.context },
  };
  let value: unknown;
  try {
    value = await expression.evaluate(states.input, bindings);
  } catch (error) {
    const { code, message } = error as JsonataError;
    throw jsonataThrew(expressionBody(text), field, code, message ?? String(error));
  }
  if (value === undefined) throw jsonataReturnedNothing(expressionBody(text), field);
  if (isFunctionValue(value)) throw jsonataUnsupportedResult(expressionBody(text), field);
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

/**
 * Evaluates a template: expression strings anywhere inside objects and arrays; other values as they
 * are. `field` names the template (`Output`); nested values extend it with `/key` (`Output/result`),
 * as AWS names them in causes. Array positions extend it with `/index` (not recorded on AWS).
 */
export async function evaluateTemplate(template: unknown, states: StatesBinding, scope: EvaluationScope, field = ''): Promise<unknown> {
  if (isJsonataExpression(template)) return evaluateExpression(template, states, scope, field);
  if (Array.isArray(template)) {
    const out: unknown[] = [];
    for (const [index, item] of template.entries()) out.push(await evaluateTemplate(item, states, scope, `${field}/${index}`));
    return out;
  }
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) out[key] = await evaluateTemplate(value, states, scope, `${field}/${key}`);
    return out;
  }
  return template;
}
