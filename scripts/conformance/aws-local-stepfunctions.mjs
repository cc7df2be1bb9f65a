/**
 * The differential half of the conformance harness: the corpus's definitions run on
 * aws-local-stepfunctions (an independent interpreter, JSONPath only), compared with AWS's recorded
 * outcome the way run.py compares them. Its misses are listed with the reason seen, never fixed here.
 * Histories are not compared: the package keeps no event history in AWS's shape.
 */
import { StateMachine } from 'aws-local-stepfunctions';

const EXECUTION_NAME = 'conf-exec';
const ARN_PREFIX = 'arn:aws:states:us-east-1:123456789012:';
const PER_CASE_MS = 30_000;

/** Every nested state machine of a definition (top level, Parallel branches, Map processors). */
function* machines(node) {
  yield node;
  for (const state of Object.values(node.States ?? {})) {
    for (const branch of state.Branches ?? []) yield* machines(branch);
    if (state.ItemProcessor) yield* machines(state.ItemProcessor);
    if (state.Iterator) yield* machines(state.Iterator);
  }
}

function usesJsonata(definition) {
  if (definition.QueryLanguage === 'JSONata') return true;
  return [...machines(definition)].some((m) => Object.values(m.States ?? {}).some((s) => s.QueryLanguage === 'JSONata'));
}

/** Wait and Retry take no time, as sfn-ecs's time scale makes them short. */
function overrides(definition) {
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  for (const machine of machines(definition)) {
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
      if (state.Retry) retryIntervalOverrides[name] = 0;
    }
  }
  return { waitTimeOverrides, retryIntervalOverrides };
}

/** JSON equality that keeps booleans and numbers apart (JavaScript has one number type: 1 equals 1.0 here). */
function same(a, b) {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a !== null && typeof a === 'object') {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return a === b;
}

/** The package validates each definition with asl-validator (about half a second); the choice grids share definitions. */
const machinesByText = new Map();

function machineFor(definition) {
  const text = JSON.stringify(definition);
  if (!machinesByText.has(text)) {
    try {
      machinesByText.set(text, { machine: new StateMachine(definition, { validationOptions: { checkArn: false, checkPaths: false } }) });
    } catch (error) {
      machinesByText.set(text, { refused: String(error.message ?? error).slice(0, 200) });
    }
  }
  return machinesByText.get(text);
}

async function runOne(testCase) {
  const { definition, input, expect } = testCase;
  if (usesJsonata(definition)) return { match: false, problem: 'JSONata is not supported' };
  const { machine, refused } = machineFor(definition);
  if (!machine) return { match: false, problem: `definition refused: ${refused}` };
  const name = testCase.id;
  const context = {
    Execution: { Id: `${ARN_PREFIX}execution:${name}:${EXECUTION_NAME}`, Input: input, Name: EXECUTION_NAME, RoleArn: 'arn:aws:iam::123456789012:role/conformance', StartTime: new Date().toISOString() },
    StateMachine: { Id: `${ARN_PREFIX}stateMachine:${name}`, Name: name },
  };
  const execution = machine.run(input, { overrides: overrides(definition), context, noThrowOnAbort: true });
  const timer = setTimeout(() => execution.abort(), PER_CASE_MS);
  let got;
  try {
    const output = await execution.result;
    got = output === null ? { status: 'TIMED_OUT' } : { status: 'SUCCEEDED', output };
  } catch (error) {
    const cause = error?.cause;
    got = { status: 'FAILED', error: cause?.name ?? error?.name, cause: cause?.message ?? error?.message };
  } finally {
    clearTimeout(timer);
  }
  if (got.status !== expect.status) return { match: false, problem: `status ${got.status} (${got.error ?? ''}: ${String(got.cause ?? '').slice(0, 160)})` };
  if (got.status === 'SUCCEEDED') return same(expect.output, got.output) ? { match: true } : { match: false, problem: 'different output' };
  if (got.error !== expect.error) return { match: false, problem: `error ${got.error}` };
  if (expect.cause !== undefined && got.cause !== expect.cause) return { match: false, problem: 'different cause' };
  return { match: true };
}

/** Runs every case (one at a time: the package runs in this process). Returns {id: {match, features, problem?}}. */
export async function runOnAwsLocalStepFunctions(cases) {
  const results = {};
  for (const testCase of cases) {
    const outcome = await runOne(testCase).catch((error) => ({ match: false, problem: `crashed: ${String(error?.message ?? error).slice(0, 200)}` }));
    results[testCase.id] = { ...outcome, features: testCase.features };
  }
  return results;
}
