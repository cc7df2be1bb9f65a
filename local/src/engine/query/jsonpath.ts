/**
 * JSONPath data access for states in the JSONPath query language: paths over the input ($), the
 * Context object ($$) and variables ($name), payload templates (`.$` keys), intrinsic calls and
 * ResultPath. Simple definite paths are read directly; anything else goes through jsonpath-plus.
 */
import { JSONPath } from 'jsonpath-plus';
import { STATES_ERRORS, StatesError } from '../errors.js';
import { callIntrinsic } from '../intrinsics/functions.js';
import { preview } from '../payload-limit.js';
import { bracketPath, jsonPathFieldNotFound, invalidPath } from '../causes.js';
import { isIntrinsicCall, parseIntrinsic, type IntrinsicArgument } from '../intrinsics/parser.js';
import type { EvaluationScope } from './scope.js';

type Segment = string | number;

/**
 * Thrown when a definite path selects nothing; callers turn it into the situation's cause.
 * `problem` is what Jayway JsonPath (AWS's JSONPath engine) reports: the leaf is absent ("No results
 * for path: <the whole path>") or a property before it is ("Missing property in path <path up to
 * it>"), both recorded on AWS. An index out of range is "No results" in Jayway; a property read from
 * a non-object has a Java-specific message in Jayway that AWS's recordings do not show: "No results".
 */
export class PathNotFound extends Error {
  override readonly name = 'PathNotFound';
  constructor(
    readonly path: string,
    readonly problem: { readonly kind: 'noResults' | 'missingProperty'; readonly at: string } = { kind: 'noResults', at: path },
  ) {
    super(`Invalid path '${path}'`);
  }
}

const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;
const SIMPLE_SEGMENTS = /^(?:\.[^.[\]*@?,:()'"\s]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\])*$/;

/** Parses `.a['b'][0]` into segments; undefined when the path needs a full JSONPath engine. */
function simpleSegments(rest: string): Segment[] | undefined {
  if (!SIMPLE_SEGMENTS.test(rest)) return undefined;
  const segments: Segment[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g;
  for (let match = re.exec(rest); match; match = re.exec(rest)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push((match[3] ?? match[4]) as string);
  }
  return segments;
}

function readSegments(root: unknown, segments: readonly Segment[], path: string, rootText: string): unknown {
  let current = root;
  const noResults = (): PathNotFound => new PathNotFound(path, { kind: 'noResults', at: bracketPath(rootText, segments) });
  for (const [i, segment] of segments.entries()) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) throw noResults();
      current = current[segment];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) throw noResults();
      if (!Object.hasOwn(current, segment)) {
        if (i === segments.length - 1) throw noResults();
        throw new PathNotFound(path, { kind: 'missingProperty', at: bracketPath(rootText, segments.slice(0, i + 1)) });
      }
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** Splits a path into its root value and the `$...` remainder to apply to it. */
function resolveRoot(path: string, input: unknown, scope: EvaluationScope): { root: unknown; rest: string; rootText: string } {
  if (path.startsWith('$$')) return { root: scope.context, rest: path.slice(2), rootText: '$$' };
  const variable = VARIABLE.exec(path);
  if (variable) {
    const name = variable[1] as string;
    if (!Object.hasOwn(scope.variables, name)) throw new PathNotFound(path);
    return { root: scope.variables[name], rest: path.slice(variable[0].length), rootText: variable[0] };
  }
  if (!path.startsWith('$')) throw new StatesError(STATES_ERRORS.Runtime, `Invalid JSONPath '${path}': it must start with '$'`);
  return { root: input, rest: path.slice(1), rootText: '$' };
}

/** Reads a Path; a definite path yields one value, an indefinite one (wildcards, filters, ..) a list. */
export function readPath(path: string, input: unknown, scope: EvaluationScope): unknown {
  const { root, rest, rootText } = resolveRoot(path, input, scope);
  const segments = simpleSegments(rest);
  if (segments) return readSegments(root, segments, path, rootText);
  if (root === null || typeof root !== 'object') throw new PathNotFound(path);
  return JSONPath({ path: `$${rest}`, json: root as object, wrap: true, resultType: 'value' }) as unknown[];
}

function evaluateArgument(argument: IntrinsicArgument, input: unknown, scope: EvaluationScope): unknown {
  switch (argument.kind) {
    case 'literal':
      return argument.value;
    case 'path':
      try {
        return readPath(argument.path, input, scope);
      } catch (error) {
        if (error instanceof PathNotFound) {
          throw new StatesError(STATES_ERRORS.IntrinsicFailure, `The path '${argument.path}' could not be found in the input`);
        }
        throw error;
      }
    case 'call':
      return callIntrinsic(
        argument.name,
        argument.args.map((arg) =>
          // Only States.Format gives `\{` and `\}` a meaning; elsewhere they are plain braces.
          arg.kind === 'literal' && typeof arg.value === 'string' && argument.name !== 'States.Format'
            ? arg.value.replace(/\\([{}])/g, '$1')
            : evaluateArgument(arg, input, scope),
        ),
        scope.random,
      );
  }
}

/** Evaluates the value of a `.$` field: a path or an intrinsic function call. */
export function evaluateDynamicValue(expression: string, input: unknown, scope: EvaluationScope): unknown {
  if (isIntrinsicCall(expression)) return evaluateArgument(parseIntrinsic(expression.trim()), input, scope);
  return readPath(expression, input, scope);
}

/**
 * Payload template (Parameters, ResultSelector, ItemSelector, Assign): keys ending in `.$` are
 * evaluated and lose the suffix. A path that selects nothing fails with States.Runtime, naming the field.
 */
export function evaluatePayloadTemplate(template: unknown, input: unknown, scope: EvaluationScope): unknown {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, input, scope));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      try {
        out[key.slice(0, -2)] = evaluateDynamicValue(value, input, scope);
      } catch (error) {
        if (error instanceof PathNotFound) throw jsonPathFieldNotFound(value, key, input);
        throw error;
      }
    } else {
      out[key] = evaluatePayloadTemplate(value, input, scope);
    }
  }
  return out;
}

/** InputPath / OutputPath: null discards the value ({}); a missing path is States.Runtime. */
export function applyPath(path: string | null | undefined, value: unknown, scope: EvaluationScope, field: string): unknown {
  if (path === undefined || path === '$') return value;
  if (path === null) return {};
  try {
    return readPath(path, value, scope);
  } catch (error) {
    if (error instanceof PathNotFound) throw invalidPath(path, error.problem);
    throw error;
  }
}

/** ResultPath: puts `result` into a copy of `input` at a reference path; null keeps the input. */
export function applyResultPath(resultPath: string | null | undefined, input: unknown, result: unknown): unknown {
  if (resultPath === undefined || resultPath === '$') return result;
  if (resultPath === null) return input;
  const segments = resultPath.startsWith('$') ? simpleSegments(resultPath.slice(1)) : undefined;
  if (!segments) throw new StatesError(STATES_ERRORS.ResultPathMatchFailure, `Invalid ResultPath '${resultPath}': it must be a reference path`);
  const mismatch = (): StatesError =>
    new StatesError(
      STATES_ERRORS.ResultPathMatchFailure,
      `Unable to apply ResultPath '${resultPath}' to input '${preview(input)}'`,
    );
  if (typeof input !== 'object' || input === null) throw mismatch();
  const root: unknown = structuredClone(input);
  let current = root as Record<string | number, unknown>;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) {
      current[segment] = result;
      return;
    }
    const next = current[segment];
    if (next === undefined) current[segment] = {};
    else if (typeof next !== 'object' || next === null) throw mismatch();
    current = current[segment] as Record<string | number, unknown>;
  });
  return root;
}
