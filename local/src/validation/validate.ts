/**
 * Validates a state machine definition at CreateStateMachine: asl-validator's schema and graph
 * checks plus the checks it misses, all problems at once, each with a JSON-pointer-like path
 * (e.g. `/States/Run/Retry/0`). Where asl-validator 4 refuses something AWS accepts, AWS wins: the
 * named rules in validator-overrules.ts. A definition that passes comes back typed: the engine runs
 * it as a StateMachineDefinition and never looks at raw JSON.
 *
 * With task checks (the runtime's integrations), every Task's Resource must be one that can run here
 * and its Parameters/Arguments as written must suit the integration (Integration.validateParameters).
 */
import jsonata from 'jsonata';
import { runAslValidator } from '../asl/compiled-asl-validator.js';
import { isIntrinsicCall, parseIntrinsic } from '../engine/intrinsics/parser.js';
import { isKnownIntrinsic } from '../engine/intrinsics/functions.js';
import type { IntegrationResolver, ParameterProblem } from '../engine/integration.js';
import { QUERY_LANGUAGES, type QueryLanguageName, type StateMachineDefinition } from '../asl/types.js';
import { isJsonObject as isObject, walkStates, type JsonObject as Json } from '../asl/walk-states.js';
import { forAslValidator } from './validator-overrules.js';

export interface ValidationError {
  readonly path: string;
  readonly message: string;
}

export type DefinitionVerdict = { readonly ok: true; readonly definition: StateMachineDefinition } | { readonly ok: false; readonly errors: readonly ValidationError[] };
const STATE_TYPES = new Set(['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const EXPRESSION = /^\{%([\s\S]*)%\}$/;
/** Retrier bounds from DG "Error handling". */
const RETRIER_BOUNDS = {
  IntervalSeconds: { min: 1, max: 99_999_999 },
  MaxAttempts: { min: 0, max: 99_999_999 },
  MaxDelaySeconds: { min: 1, max: 31_622_401 },
} as const;

function statePathByName(definition: Json, stateName: string): string | undefined {
  return walkStates(definition).states.find((state) => state.name === stateName)?.path;
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

/** What the Task checks ask of the integrations: the engine's resolver, or a description of built-in ones (lint). */
export interface TaskResolver {
  resolve(resource: string): { readonly integration: { validateParameters?(parameters: unknown): readonly ParameterProblem[] } } | undefined;
  explainMissing: IntegrationResolver['explainMissing'];
}

export interface TaskChecks {
  /** Every Task Resource must resolve here, and its parameters pass the integration's validateParameters. */
  readonly integrations: TaskResolver;
  /** States a mock configuration answers: their Resource need not resolve (mocks stand in for services the laptop cannot reach). */
  readonly isMocked?: (stateName: string) => boolean;
}

export interface TaskProblem extends ValidationError {
  /**
   * unknown-resource: AWS refuses the Resource at CreateStateMachine and nothing here answers it;
   * not-local: AWS takes it, but no integration or mock here answers it (the state fails when reached);
   * parameters: the integration refuses its parameters as written.
   */
  readonly kind: 'unknown-resource' | 'not-local' | 'parameters';
}

/**
 * AWS's words for a Resource it does not know (CreateStateMachine, SCHEMA_VALIDATION_FAILED), then
 * what to do about it locally.
 */
function resourceNotRecognised(resource: string, why: string): string {
  return `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. (${why})`;
}

/**
 * The shapes of Resource AWS accepts at CreateStateMachine: an optimized or AWS SDK service integration
 * (`arn:aws:states:::sns:publish`, `…:::aws-sdk:s3:getObject`, with `.sync`/`.waitForTaskToken`), a Lambda
 * function or an activity. A Resource of another shape AWS refuses; one of these shapes it takes, even when
 * no local integration answers it (that execution fails when it reaches the state, as it would on an
 * account without the resource).
 */
const AWS_RESOURCE_SHAPES = [
  /^arn:aws[\w-]*:states:::(?:aws-sdk:)?[a-z0-9-]+:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*?(?:\.sync(?::2)?|\.waitForTaskToken)?$/,
  /^arn:aws[\w-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]{1,64}(?::[\w$-]+)?$/,
  /^arn:aws[\w-]*:states:[a-z0-9-]+:\d{12}:activity:[\w.-]{1,80}$/,
];

export function isAwsResourceShape(resource: string): boolean {
  return AWS_RESOURCE_SHAPES.some((shape) => shape.test(resource));
}

/** The Task states whose Resource AWS would refuse and none here answers, or whose parameters as written its integration refuses. */
export function taskProblems(definition: unknown, checks: TaskChecks): TaskProblem[] {
  const problems: TaskProblem[] = [];
  for (const { name, state, path } of walkStates(definition).states) {
    if (state.Type !== 'Task' || typeof state.Resource !== 'string' || EXPRESSION.test(state.Resource)) continue;
    const resolved = checks.integrations.resolve(state.Resource);
    if (!resolved) {
      if (checks.isMocked?.(name)) continue;
      const why = checks.integrations.explainMissing(state.Resource) ?? `no integration answers it`;
      problems.push(
        isAwsResourceShape(state.Resource)
          ? { kind: 'not-local', path: `${path}/Resource`, message: why }
          : { kind: 'unknown-resource', path: `${path}/Resource`, message: resourceNotRecognised(state.Resource, why) },
      );
      continue;
    }
    const field = state.Arguments !== undefined ? 'Arguments' : 'Parameters';
    if (state[field] === undefined || !resolved.integration.validateParameters) continue;
    for (const problem of resolved.integration.validateParameters(state[field])) {
      problems.push({ kind: 'parameters', path: `${path}/${field}${problem.path}`, message: problem.message });
    }
  }
  return problems;
}

/**
 * `verdict` with the problems AWS would refuse at CreateStateMachine added (none when `checks` is undefined or
 * the definition is already refused). A resource AWS takes but nothing here answers is not one of them.
 */
export function withTaskChecks(verdict: DefinitionVerdict, checks: TaskChecks | undefined): DefinitionVerdict {
  if (!verdict.ok || !checks) return verdict;
  const problems = taskProblems(verdict.definition, checks).filter((problem) => problem.kind !== 'not-local');
  return problems.length === 0 ? verdict : { ok: false, errors: problems.map(({ path, message }) => ({ path, message })) };
}

/** Everything but the Task checks: the definition on its own, as asl-validator and the rules above judge it. */
export function validateStructure(definition: unknown): DefinitionVerdict {
  if (!isObject(definition)) return { ok: false, errors: [{ path: '/', message: 'The definition must be a JSON object' }] };
  const rootLanguage = (definition.QueryLanguage as QueryLanguageName | undefined) ?? 'JSONPath';
  const errors: ValidationError[] = [];
  if (!QUERY_LANGUAGES.includes(rootLanguage)) errors.push({ path: '/QueryLanguage', message: 'QueryLanguage must be JSONPath or JSONata' });
  for (const { node, path } of walkStates(definition).machines) {
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
  return passed(definition, unique) ? { ok: true, definition } : { ok: false, errors: unique };
}

/** The one place raw JSON becomes the typed definition: when every check above found nothing. */
function passed(definition: unknown, errors: readonly ValidationError[]): definition is StateMachineDefinition {
  return errors.length === 0;
}

export interface ValidateOptions {
  /** When given, every Task's Resource and parameters are checked against these integrations too. */
  readonly tasks?: TaskChecks;
}

export function validateDefinition(definition: unknown, options: ValidateOptions = {}): DefinitionVerdict {
  return withTaskChecks(validateStructure(definition), options.tasks);
}
