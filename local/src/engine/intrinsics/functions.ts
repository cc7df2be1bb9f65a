/**
 * The intrinsic functions of the States Language (DG "Intrinsic functions"), one table keyed by
 * name. Every failure is States.IntrinsicFailure with a message naming the function.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { STATES_ERRORS, StatesError } from '../errors.js';
import { HASH_ALGORITHM_NAMES, hashHex } from '../hash.js';
import { javaRandomDouble } from '../java-random.js';

type IntrinsicFunction = (args: readonly unknown[], random: () => number) => unknown;

/** AWS caps States.ArrayRange at 1000 elements. */
const MAX_ARRAY_RANGE = 1000;

function failure(name: string, message: string): StatesError {
  return new StatesError(STATES_ERRORS.IntrinsicFailure, `${name}: ${message}`);
}

function arity(name: string, args: readonly unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw failure(name, `expected ${expected} argument(s), got ${args.length}`);
  }
}

function asString(name: string, value: unknown, what: string): string {
  if (typeof value !== 'string') throw failure(name, `${what} must be a string, got ${JSON.stringify(value)}`);
  return value;
}
function asArray(name: string, value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw failure(name, `${what} must be an array, got ${JSON.stringify(value)}`);
  return value;
}
function asInteger(name: string, value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw failure(name, `${what} must be an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}
/**
 * An argument AWS documents as "an integer; a non-integer value is rounded off to the nearest integer"
 * (States.ArrayPartition's chunk size, States.ArrayRange, States.MathAdd, States.MathRandom's range).
 * AWS rounds as Java's Math.round does, halves toward positive infinity (recorded: MathAdd(-2.5, 0)
 * = -2, MathAdd(2.5, 0) = 3), which is JavaScript's Math.round.
 */
function asRoundedInteger(name: string, value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw failure(name, `${what} must be a number, got ${JSON.stringify(value)}`);
  return Math.round(value);
}
function asObject(name: string, value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw failure(name, `${what} must be a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * A value as AWS's Java runtime prints it into States.Format: a string as itself, an object as a Java
 * Map (`{Id=arn:..., Name=x}`, recorded in intr_context_json_path), an array as a Java List
 * (`[a, b]`), strings inside them unquoted, numbers, booleans and null as JSON.
 */
function javaText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${key}=${javaText(item)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Fills `{}` placeholders; `\{` and `\}` are literal braces. */
function format(args: readonly unknown[]): string {
  const name = 'States.Format';
  if (args.length < 1) throw failure(name, 'expected a template string');
  const template = asString(name, args[0], 'the template');
  const values = args.slice(1);
  let out = '';
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '\\' && (template[i + 1] === '{' || template[i + 1] === '}' || template[i + 1] === '\\')) {
      out += template[i + 1];
      i++;
    } else if (ch === '{' && template[i + 1] === '}') {
      if (next >= values.length) throw failure(name, 'more placeholders than arguments');
      const value = values[next++];
      out += javaText(value);
      i++;
    } else {
      out += ch;
    }
  }
  if (next !== values.length) throw failure(name, `${values.length} argument(s) for ${next} placeholder(s)`);
  return out;
}

const FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = {
  'States.Format': (args) => format(args),
  'States.StringToJson': (args) => {
    arity('States.StringToJson', args, 1);
    const text = asString('States.StringToJson', args[0], 'the argument');
    // AWS parses as Jackson does: a blank string is no JSON value, and the result is null (recorded:
    // LocalStack test_json_manipulation.snapshot.json test_string_to_json, "" and " " give null).
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw failure('States.StringToJson', `not valid JSON: ${(error as Error).message}`);
    }
  },
  'States.JsonToString': (args) => {
    arity('States.JsonToString', args, 1);
    return JSON.stringify(args[0]);
  },
  'States.Array': (args) => [...args],
  'States.ArrayPartition': (args) => {
    const name = 'States.ArrayPartition';
    arity(name, args, 2);
    const array = asArray(name, args[0], 'the array');
    const size = asRoundedInteger(name, args[1], 'the chunk size');
    if (size <= 0) throw failure(name, 'the chunk size must be positive');
    const chunks: unknown[][] = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  },
  'States.ArrayContains': (args) => {
    arity('States.ArrayContains', args, 2);
    return asArray('States.ArrayContains', args[0], 'the array').some((item) => isDeepStrictEqual(item, args[1]));
  },
  'States.ArrayRange': (args) => {
    const name = 'States.ArrayRange';
    arity(name, args, 3);
    const first = asRoundedInteger(name, args[0], 'the first element');
    const last = asRoundedInteger(name, args[1], 'the last element');
    const step = asRoundedInteger(name, args[2], 'the step');
    if (step === 0) throw failure(name, 'the step must not be 0');
    const count = Math.floor((last - first) / step) + 1;
    if (count > MAX_ARRAY_RANGE) throw failure(name, `the range has more than ${MAX_ARRAY_RANGE} elements`);
    return Array.from({ length: Math.max(0, count) }, (_, i) => first + i * step);
  },
  'States.ArrayGetItem': (args) => {
    const name = 'States.ArrayGetItem';
    arity(name, args, 2);
    const array = asArray(name, args[0], 'the array');
    const index = asInteger(name, args[1], 'the index');
    if (index < 0 || index >= array.length) throw failure(name, `index ${index} is out of bounds (length ${array.length})`);
    return array[index];
  },
  'States.ArrayLength': (args) => {
    arity('States.ArrayLength', args, 1);
    return asArray('States.ArrayLength', args[0], 'the argument').length;
  },
  'States.ArrayUnique': (args) => {
    arity('States.ArrayUnique', args, 1);
    const unique: unknown[] = [];
    for (const item of asArray('States.ArrayUnique', args[0], 'the argument')) {
      if (!unique.some((seen) => isDeepStrictEqual(seen, item))) unique.push(item);
    }
    return unique;
  },
  'States.Base64Encode': (args) => {
    arity('States.Base64Encode', args, 1);
    return Buffer.from(asString('States.Base64Encode', args[0], 'the argument'), 'utf8').toString('base64');
  },
  'States.Base64Decode': (args) => {
    const name = 'States.Base64Decode';
    arity(name, args, 1);
    const text = asString(name, args[0], 'the argument');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw failure(name, 'the argument is not base64');
    return Buffer.from(text, 'base64').toString('utf8');
  },
  'States.Hash': (args) => {
    const name = 'States.Hash';
    arity(name, args, 2);
    const digest = hashHex(args[0], asString(name, args[1], 'the algorithm'));
    if (digest === undefined) throw failure(name, `the algorithm must be one of ${HASH_ALGORITHM_NAMES.join(', ')}`);
    return digest;
  },
  'States.JsonMerge': (args) => {
    const name = 'States.JsonMerge';
    arity(name, args, 3);
    if (args[2] !== false) throw failure(name, 'only shallow merges are supported: the third argument must be false');
    return { ...asObject(name, args[0], 'the first argument'), ...asObject(name, args[1], 'the second argument') };
  },
  'States.MathRandom': (args, random) => {
    const name = 'States.MathRandom';
    arity(name, args, 2, 3);
    const start = asRoundedInteger(name, args[0], 'the start');
    const end = asRoundedInteger(name, args[1], 'the end');
    if (end <= start) throw failure(name, 'the end must be greater than the start');
    const draw = args.length === 3 ? javaRandomDouble(asInteger(name, args[2], 'the seed')) : random();
    return start + Math.floor(draw * (end - start));
  },
  'States.MathAdd': (args) => {
    const name = 'States.MathAdd';
    arity(name, args, 2);
    return asRoundedInteger(name, args[0], 'the first argument') + asRoundedInteger(name, args[1], 'the second argument');
  },
  'States.StringSplit': (args) => {
    const name = 'States.StringSplit';
    arity(name, args, 2);
    const text = asString(name, args[0], 'the string');
    const delimiters = new Set(asString(name, args[1], 'the delimiter'));
    const parts: string[] = [];
    let current = '';
    for (const ch of text) {
      if (delimiters.has(ch)) {
        if (current) parts.push(current);
        current = '';
      } else {
        current += ch;
      }
    }
    if (current) parts.push(current);
    return parts;
  },
  'States.UUID': (args) => {
    arity('States.UUID', args, 0);
    return randomUUID();
  },
};

export function callIntrinsic(name: string, args: readonly unknown[], random: () => number): unknown {
  const fn = FUNCTIONS[name];
  if (!fn) throw new StatesError(STATES_ERRORS.IntrinsicFailure, `Unknown intrinsic function '${name}'`);
  return fn(args, random);
}

export function isKnownIntrinsic(name: string): boolean {
  return name in FUNCTIONS;
}
