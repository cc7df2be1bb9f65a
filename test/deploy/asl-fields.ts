/**
 * Evaluates the JSONata fields of our ASL files with the jsonata library, the way Step Functions does:
 * `{% expr %}` strings with $states (input, context, result, errorOutput) and the workflow variables
 * bound, plus AWS's $parse. Used to check the workflows' own logic (input check, RunTask arguments,
 * retry decisions, outputs) without an engine.
 */
import jsonata from 'jsonata';
import { loadProject, fillPlaceholders } from '../../local/src/project/index.js';
import { REPO_ROOT } from './package-template.js';

export type Json = any;

export interface Scope {
  input?: Json;
  context?: Json;
  result?: Json;
  errorOutput?: Json;
}

export type Variables = Record<string, Json>;

/** The definition with the local runtime's placeholder values filled in (some replaced by `overrides`). */
export async function loadDefinition(name: string, overrides: Record<string, string> = {}): Promise<Json> {
  const project = await loadProject(REPO_ROOT);
  const machine = project.stateMachines.find((m) => m.name === name);
  if (!machine) throw new Error(`no state machine ${name}`);
  return JSON.parse(fillPlaceholders(machine.definitionText, { ...project.placeholders, ...overrides }));
}

/** One field: a `{% %}` string is evaluated, objects and arrays field by field, anything else as is. */
export async function evaluate(field: Json, scope: Scope, variables: Variables = {}): Promise<Json> {
  if (typeof field === 'string') {
    const match = /^\{%([\s\S]*)%\}$/.exec(field.trim());
    if (!match) return field;
    const expression = jsonata(match[1] as string);
    expression.registerFunction('parse', (text: string) => JSON.parse(text));
    const value = await expression.evaluate(undefined, { ...variables, states: scope });
    // As Step Functions does: the result is JSON (jsonata marks its sequences with extra properties).
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }
  if (Array.isArray(field)) return Promise.all(field.map((f) => evaluate(f, scope, variables)));
  if (field !== null && typeof field === 'object') {
    const entries = await Promise.all(Object.entries(field).map(async ([k, v]) => [k, await evaluate(v, scope, variables)] as const));
    return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  }
  return field;
}

/** A state's (or catcher's) Assign: every value sees the variables as they were before. */
export async function assign(fields: Record<string, Json> | undefined, scope: Scope, variables: Variables): Promise<Variables> {
  const updates = await evaluate(fields ?? {}, scope, variables);
  return { ...variables, ...updates };
}

export type Stop = { state: string; variables: Variables } | { state: string; error: string; cause: string };

/**
 * Follows Pass (Assign only), Choice and Fail states from `from` until it reaches another state type
 * (where a task would start) or a Fail: what the workflow decides before and between tasks.
 */
export async function walk(states: Record<string, Json>, from: string, scope: Scope, variables: Variables): Promise<Stop> {
  let name = from;
  let vars = variables;
  for (let steps = 0; steps < 50; steps++) {
    const state = states[name];
    if (!state) throw new Error(`no state ${name}`);
    if (state.Type === 'Pass') {
      vars = await assign(state.Assign, scope, vars);
      name = state.Next;
    } else if (state.Type === 'Choice') {
      let next = state.Default;
      for (const choice of state.Choices) {
        if ((await evaluate(choice.Condition, scope, vars)) === true) {
          next = choice.Next;
          break;
        }
      }
      name = next;
    } else if (state.Type === 'Fail') {
      return { state: name, error: await evaluate(state.Error, scope, vars), cause: await evaluate(state.Cause, scope, vars) };
    } else {
      return { state: name, variables: vars };
    }
  }
  throw new Error('walked more than 50 states');
}

export function executionContext(name: string, extra: Json = {}): Json {
  return { Execution: { Name: name, Id: `arn:aws:states:us-east-1:123456789012:execution:x:${name}` }, ...extra };
}
