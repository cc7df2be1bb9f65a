/**
 * Validates a state machine definition at CreateStateMachine: asl-validator's schema and graph
 * checks plus the checks it misses, all problems at once, each with a JSON-pointer-like path
 * (e.g. `/States/Run/Retry/0`). Where asl-validator 4 refuses something AWS accepts, AWS wins: the
 * named rules in validator-overrules.ts.
 */
import jsonata from 'jsonata';
import { runAslValidator } from '../asl/compiled-asl-validator.js';
import { isIntrinsicCall, parseIntrinsic } from '../engine/intrinsics/parser.js';
import { isKnownIntrinsic } from '../engine/intrinsics/functions.js';
import type { IntegrationResolver } from '../engine/integration.js';
import { QUERY_LANGUAGES, type QueryLanguageName } from '../asl/types.js';
import { forAslValidator } from './validator-overrules.js';

export interface ValidationError {
  readonly path: string;
  readonly message: string;
}


type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const STATE_TYPES = new Set(['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const EXPRESSION = /^\{%([\s\S]*)%\}$/;
/** Retrier bounds from DG "Error handling". */
const RETRIER_BOUNDS = {
  IntervalSeconds: { min: 1, max: 99_999_999 },
  MaxAttempts: { min: 0, max: 99_999_999 },
  MaxDelaySeconds: { min: 1, max: 31_622_401 },
} as const;

interface Machine {
  readonly node: Json;
  readonly path: string;
}

/** Every (nested) state machine in the definition: the top level, Parallel branches and Map processors. */
function machines(root: Json): Machine[] {
  const out: Machine[] = [];
  const visit = (node: Json, path: string): void => {
    out.push({ node, path });
    if (!isObject(node.States)) return;
    for (const [name, state] of Object.entries(node.States)) {
      if (!isObject(state)) continue;
      const statePath = `${path}/States/${name}`;
      if (Array.isArray(state.Branches)) {
        state.Branches.forEach((branch, i) => isObject(branch) && visit(branch, `${statePath}/Branches/${i}`));
      }
      for (const key of ['ItemProcessor', 'Iterator']) {
        const processor = state[key];
        if (isObject(processor)) visit(processor, `${statePath}/${key}`);
      }
    }
  };
  visit(root, '');
  return out;
}

function statePathByName(definition: Json, stateName: string): string | undefined {
  for (const { node, path } of machines(definition)) {
    if (isObject(node.States) && Object.hasOwn(node.States, stateName)) return `${path}/States/${stateName}`;
  }
  return undefined;
}

function fromAslValidator(definition: Json, rootLanguage: QueryLanguageName): ValidationError[] {
  const result = runAslValidator(forAslValidator(definition, rootLanguage));
  return result.errors.flatMap((error): ValidationError[] => {
    if (error.schemaError) return [{ path: error.schemaError.instancePath || '/', message: error.Message }];
    // Transition targets are checked below with their paths.
    if (error.Message.startsWith("Missing 'StartAt'")) return [];
    const stateName = /State (\S+) is not reachable/.exec(error.Message)?.[1];
    const path = (stateName && statePathByName(definition, stateName)) || '/';
    return [{ path, message: `${error['Error code']}: ${error.Message}` }];
  });
}

function checkErrorEquals(list: unknown, path: string, isLast: boolean, errors: ValidationError[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((name, i) => {
    if (name === 'States.ALL' && (list.length !== 1 || !isLast)) {
      errors.push({ path: `${path}/ErrorEquals/${i}`, message: 'States.ALL must appear alone in ErrorEquals, in the last retrier or catcher' });
    }
  });
}

function checkRetriers(state: Json, path: string, errors: ValidationError[]): void {
  const retriers = Array.isArray(state.Retry) ? state.Retry : [];
  retriers.forEach((retrier, i) => {
    if (!isObject(retrier)) return;
    const at = `${path}/Retry/${i}`;
    checkErrorEquals(retrier.ErrorEquals, at, i === retriers.length - 1, errors);
    for (const [field, { min, max }] of Object.entries(RETRIER_BOUNDS)) {
      const value = retrier[field];
      if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)) {
        errors.push({ path: `${at}/${field}`, message: `${field} must be an integer from ${min} to ${max}` });
      }
    }
    if (retrier.BackoffRate !== undefined && (typeof retrier.BackoffRate !== 'number' || retrier.BackoffRate < 1)) {
      errors.push({ path: `${at}/BackoffRate`, message: 'BackoffRate must be a number >= 1.0' });
    }
    if (retrier.JitterStrategy !== undefined && retrier.JitterStrategy !== 'FULL' && retrier.JitterStrategy !== 'NONE') {
      errors.push({ path: `${at}/JitterStrategy`, message: 'JitterStrategy must be FULL or NONE' });
    }
  });
  const catchers = Array.isArray(state.Catch) ? state.Catch : [];
  catchers.forEach((catcher, i) => {
    if (isObject(catcher)) checkErrorEquals(catcher.ErrorEquals, `${path}/Catch/${i}`, i === catchers.length - 1, errors);
  });
}

/** `.$` values must be paths or well-formed intrinsic calls; `{% %}` strings must compile. */
function checkExpressions(value: unknown, path: string, language: QueryLanguageName, errors: ValidationError[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkExpressions(item, `${path}/${i}`, language, errors));
    return;
  }
  if (typeof value === 'string' && language === 'JSONata') {
    const match = EXPRESSION.exec(value);
    if (match) {
      try {
        jsonata((match[1] as string).trim());
      } catch (error) {
        errors.push({ path, message: `Invalid JSONata expression: ${(error as Error).message}` });
      }
    }
    return;
  }
  if (!isObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key}`;
    if (language === 'JSONPath' && key.endsWith('.$')) {
      if (typeof item !== 'string') {
        errors.push({ path: at, message: `The value of '${key}' must be a path or an intrinsic function call` });
      } else if (isIntrinsicCall(item)) {
        try {
          const checkCalls = (call: ReturnType<typeof parseIntrinsic>): void => {
            if (!isKnownIntrinsic(call.name)) throw new Error(`unknown intrinsic function '${call.name}'`);
            for (const arg of call.args) if (arg.kind === 'call') checkCalls(arg);
          };
          checkCalls(parseIntrinsic(item.trim()));
        } catch (error) {
          errors.push({ path: at, message: (error as Error).message });
        }
      } else if (!item.startsWith('$')) {
        errors.push({ path: at, message: `The value of '${key}' must start with '$' or be an intrinsic function call` });
      }
    } else {
      checkExpressions(item, at, language, errors);
    }
  }
}

const TEMPLATE_FIELDS = ['Parameters', 'ResultSelector', 'ItemSelector', 'Arguments', 'Output', 'Assign', 'Items'];

function checkState(name: string, state: Json, path: string, states: Json, rootLanguage: QueryLanguageName, errors: ValidationError[]): void {
  if (typeof state.Type !== 'string' || !STATE_TYPES.has(state.Type)) {
    errors.push({ path: `${path}/Type`, message: `Unknown state type ${JSON.stringify(state.Type)}` });
    return;
  }
  if (state.QueryLanguage !== undefined && !QUERY_LANGUAGES.includes(state.QueryLanguage as QueryLanguageName)) {
    errors.push({ path: `${path}/QueryLanguage`, message: 'QueryLanguage must be JSONPath or JSONata' });
  }
  if (rootLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath') {
    errors.push({ path: `${path}/QueryLanguage`, message: 'A state cannot use JSONPath when the state machine uses JSONata' });
  }
  const language = (state.QueryLanguage as QueryLanguageName | undefined) ?? rootLanguage;
  const targets: [string, unknown][] = [['Next', state.Next], ['Default', state.Default]];
  if (Array.isArray(state.Catch)) state.Catch.forEach((c, i) => isObject(c) && targets.push([`Catch/${i}/Next`, c.Next]));
  if (Array.isArray(state.Choices)) state.Choices.forEach((c, i) => isObject(c) && targets.push([`Choices/${i}/Next`, c.Next]));
  for (const [field, target] of targets) {
    if (typeof target === 'string' && !Object.hasOwn(states, target)) {
      errors.push({ path: `${path}/${field}`, message: `The transition target '${target}' of state '${name}' does not exist` });
    }
  }
  checkRetriers(state, path, errors);
  if (state.Type === 'Map') {
    // Distributed Map items from S3 need AWS; a DISTRIBUTED processor over inline items runs inline.
    for (const field of ['ItemReader', 'ResultWriter', 'ItemBatcher'] as const) {
      if (state[field] !== undefined) errors.push({ path: `${path}/${field}`, message: `${field} (Distributed Map) is not supported by the local runtime` });
    }
  }
  if (typeof state.TimeoutSeconds === 'number' && typeof state.HeartbeatSeconds === 'number' && state.HeartbeatSeconds >= state.TimeoutSeconds) {
    errors.push({ path: `${path}/HeartbeatSeconds`, message: 'HeartbeatSeconds must be smaller than TimeoutSeconds' });
  }
  if (language === 'JSONPath') {
    for (const field of ['Arguments', 'Output'] as const) {
      if (state[field] !== undefined) errors.push({ path: `${path}/${field}`, message: `${field} is only allowed in JSONata states` });
    }
  } else {
    for (const field of ['InputPath', 'OutputPath', 'Parameters', 'ResultPath', 'ResultSelector', 'ItemsPath'] as const) {
      if (state[field] !== undefined) errors.push({ path: `${path}/${field}`, message: `${field} is only allowed in JSONPath states; use Arguments, Output or Items in JSONata` });
    }
  }
  for (const field of TEMPLATE_FIELDS) {
    if (state[field] !== undefined) checkExpressions(state[field], `${path}/${field}`, language, errors);
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((c, i) => {
      if (!isObject(c)) return;
      if (c.Assign !== undefined) checkExpressions(c.Assign, `${path}/Catch/${i}/Assign`, language, errors);
      if (c.Output !== undefined) checkExpressions(c.Output, `${path}/Catch/${i}/Output`, language, errors);
    });
  }
}

export interface ValidateOptions {
  /** When given, every Task Resource must resolve to a registered integration and pattern. */
  readonly integrations?: IntegrationResolver;
}

function checkResources(definition: Json, integrations: IntegrationResolver, errors: ValidationError[]): void {
  for (const { node, path } of machines(definition)) {
    if (!isObject(node.States)) continue;
    for (const [name, state] of Object.entries(node.States)) {
      if (!isObject(state) || state.Type !== 'Task' || typeof state.Resource !== 'string' || EXPRESSION.test(state.Resource)) continue;
      const problem = integrations.explainMissing(state.Resource);
      if (problem) errors.push({ path: `${path}/States/${name}/Resource`, message: problem });
    }
  }
}

export function validateDefinition(definition: unknown, options: ValidateOptions = {}): { ok: true } | { ok: false; errors: ValidationError[] } {
  if (!isObject(definition)) return { ok: false, errors: [{ path: '/', message: 'The definition must be a JSON object' }] };
  const rootLanguage = (definition.QueryLanguage as QueryLanguageName | undefined) ?? 'JSONPath';
  const errors: ValidationError[] = [];
  if (!QUERY_LANGUAGES.includes(rootLanguage)) errors.push({ path: '/QueryLanguage', message: 'QueryLanguage must be JSONPath or JSONata' });
  for (const { node, path } of machines(definition)) {
    if (!isObject(node.States)) {
      errors.push({ path: `${path}/States`, message: 'States must be an object of named states' });
      continue;
    }
    if (typeof node.StartAt !== 'string' || !Object.hasOwn(node.States, node.StartAt)) {
      errors.push({ path: `${path}/StartAt`, message: `StartAt must name a state in States, got ${JSON.stringify(node.StartAt)}` });
    }
    for (const [name, state] of Object.entries(node.States)) {
      if (isObject(state)) checkState(name, state, `${path}/States/${name}`, node.States, rootLanguage, errors);
      else errors.push({ path: `${path}/States/${name}`, message: 'A state must be an object' });
    }
  }
  if (options.integrations) checkResources(definition, options.integrations, errors);
  try {
    errors.push(...fromAslValidator(definition, rootLanguage));
  } catch (error) {
    errors.push({ path: '/', message: `The definition could not be checked: ${(error as Error).message}` });
  }
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.length === 0 ? { ok: true } : { ok: false, errors: unique };
}
