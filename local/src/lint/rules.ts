/**
 * The mistakes that cost Step Functions users hours, each found with the state's path and a one-line
 * fix. Pure functions over a parsed definition; lint.ts runs them with asl-validator's checks.
 */
import { STATES_ERRORS } from '../engine/errors.js';
import { errorMatches } from '../engine/error-matching.js';
import { parseResourceArn } from '../engine/resource-arn.js';
import { isJsonObject as isObject, walkStates, type JsonObject as Json, type MachineAt, type StateAt } from '../asl/walk-states.js';

export type LintSeverity = 'error' | 'warning';

export interface LintFinding {
  readonly severity: LintSeverity;
  /** Rule id, e.g. callback-without-timeout. */
  readonly rule: string;
  /** JSON-pointer-like path, e.g. /States/Run worker/Retry/0/ErrorEquals/1 */
  readonly path: string;
  readonly message: string;
  /** One line saying what to change. */
  readonly fix: string;
}

const KNOWN_STATES_ERRORS = new Set<string>(Object.values(STATES_ERRORS));
/** Service prefixes users mistype, with the spelling that matches. Matching is exact and case-sensitive. */
const PREFIX_SPELLINGS: Readonly<Record<string, string>> = { ecs: 'ECS', amazonecs: 'AmazonECS', states: 'States', lambda: 'Lambda' };

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length]!;
}

function closestStatesError(name: string): string | undefined {
  let best: string | undefined;
  let distance = Infinity;
  for (const known of KNOWN_STATES_ERRORS) {
    const d = levenshtein(name.toLowerCase(), known.toLowerCase());
    if (d < distance) [best, distance] = [known, d];
  }
  return distance <= 4 ? best : undefined;
}

/** ErrorEquals names that can never match: a misspelt States.* name, or a service prefix in the wrong case. */
function errorNameFindings(name: unknown, path: string): LintFinding[] {
  if (typeof name !== 'string') return [];
  const dot = name.indexOf('.');
  const prefix = dot > 0 ? name.slice(0, dot) : name;
  const right = PREFIX_SPELLINGS[prefix.toLowerCase()];
  if (right !== undefined && prefix !== right) {
    const fixed = `${right}${name.slice(prefix.length)}`;
    return [{ severity: 'error', rule: 'error-name-never-matches', path, message: `'${name}' never matches: error names are case-sensitive and the service raises '${fixed}'`, fix: `Write "${fixed}".` }];
  }
  if (prefix === 'States' && !KNOWN_STATES_ERRORS.has(name)) {
    const suggestion = closestStatesError(name);
    return [
      {
        severity: 'error',
        rule: 'error-name-never-matches',
        path,
        message: `'${name}' is not a Step Functions error name, so it never matches (names starting with States. are reserved)`,
        fix: suggestion ? `Write "${suggestion}".` : `Use one of ${[...KNOWN_STATES_ERRORS].join(', ')}, or a custom name without the States. prefix.`,
      },
    ];
  }
  return [];
}

function handlers(state: Json, field: 'Retry' | 'Catch'): Json[] {
  return Array.isArray(state[field]) ? (state[field] as unknown[]).filter(isObject) : [];
}

function hasAny(state: Json, fields: readonly string[]): boolean {
  return fields.some((field) => state[field] !== undefined);
}

/** A .waitForTaskToken state with neither a heartbeat nor a timeout waits up to a year when its task dies. */
function callbackWithoutTimeout({ state, path }: StateAt): LintFinding[] {
  if (state.Type !== 'Task' || typeof state.Resource !== 'string' || parseResourceArn(state.Resource).pattern !== 'waitForTaskToken') return [];
  if (hasAny(state, ['HeartbeatSeconds', 'HeartbeatSecondsPath', 'TimeoutSeconds', 'TimeoutSecondsPath'])) return [];
  return [
    {
      severity: 'error',
      rule: 'callback-without-timeout',
      path,
      message: 'A .waitForTaskToken state with neither HeartbeatSeconds nor TimeoutSeconds waits up to a year (the execution limit) if its task dies or never starts',
      fix: 'Add "HeartbeatSeconds" (the worker sends SendTaskHeartbeat more often) and/or "TimeoutSeconds".',
    },
  ];
}

function taskWithoutCatch({ state, path }: StateAt): LintFinding[] {
  if (state.Type !== 'Task' || handlers(state, 'Catch').length > 0) return [];
  return [
    {
      severity: 'warning',
      rule: 'task-without-catch',
      path,
      message: 'A Task state with no Catch fails the whole execution on its first unretried error',
      fix: 'Add "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "<a state that records or compensates>" }].',
    },
  ];
}

/** Retriers that also retry a task that rejected its input (exit code 2 / Worker.InvalidInput): another try cannot help. */
function retriesInvalidInput({ state, path }: StateAt): LintFinding[] {
  if (state.Type !== 'Task' || typeof state.Resource !== 'string') return [];
  const retriers = handlers(state, 'Retry');
  const { pattern, serviceAction } = parseResourceArn(state.Resource);
  // In the callback pattern the worker reports Worker.InvalidInput; with .sync an exit code 2 is States.TaskFailed.
  const invalidInput = pattern === 'waitForTaskToken' ? 'Worker.InvalidInput' : serviceAction === 'ecs:runTask' && pattern === 'sync' ? STATES_ERRORS.TaskFailed : undefined;
  if (invalidInput === undefined) return [];
  const index = retriers.findIndex((r) => Array.isArray(r.ErrorEquals) && errorMatches(r.ErrorEquals as string[], invalidInput));
  const retrier = retriers[index];
  if (!retrier || retrier.MaxAttempts === 0) return [];
  const fix =
    pattern === 'waitForTaskToken'
      ? 'Put { "ErrorEquals": ["Worker.InvalidInput"], "MaxAttempts": 0 } before this retrier.'
      : 'Retry only ECS API errors (ECS.*, AmazonECS.Unknown); Catch States.TaskFailed and retry on the exit code, as statemachines/sync.asl.json does.';
  return [
    {
      severity: 'warning',
      rule: 'retry-retries-invalid-input',
      path: `${path}/Retry/${index}`,
      message: `This retrier also retries a task that rejected its input (${pattern === 'waitForTaskToken' ? 'Worker.InvalidInput' : 'exit code 2 arrives as States.TaskFailed'}): every attempt fails the same way`,
      fix,
    },
  ];
}

function errorNames({ state, path }: StateAt): LintFinding[] {
  const out: LintFinding[] = [];
  for (const field of ['Retry', 'Catch'] as const) {
    handlers(state, field).forEach((handler, i) => {
      if (!Array.isArray(handler.ErrorEquals)) return;
      handler.ErrorEquals.forEach((name, j) => out.push(...errorNameFindings(name, `${path}/${field}/${i}/ErrorEquals/${j}`)));
    });
  }
  return out;
}

/** States no transition reaches (AWS refuses such definitions). */
function unreachable(machine: MachineAt): LintFinding[] {
  const states = isObject(machine.node.States) ? machine.node.States : {};
  const seen = new Set<string>();
  const queue = typeof machine.node.StartAt === 'string' ? [machine.node.StartAt] : [];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name) || !isObject(states[name])) continue;
    seen.add(name);
    const state = states[name] as Json;
    const targets: unknown[] = [state.Next, state.Default];
    for (const list of [state.Choices, state.Catch]) if (Array.isArray(list)) for (const c of list) if (isObject(c)) targets.push(c.Next);
    for (const target of targets) if (typeof target === 'string') queue.push(target);
  }
  return Object.keys(states)
    .filter((name) => !seen.has(name))
    .map((name) => ({
      severity: 'error' as const,
      rule: 'unreachable-state',
      path: `${machine.path}/States/${name}`,
      message: `No transition reaches the state '${name}' (AWS refuses the definition)`,
      fix: `Point a Next, Default, Choice rule or Catch at '${name}', or delete it.`,
    }));
}

/** `${Name}` placeholders no value is bound to (the definition would reach AWS or the runtime unfilled). */
export function unboundPlaceholders(definition: unknown, bound: ReadonlySet<string>): LintFinding[] {
  const out: LintFinding[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)) {
        if (bound.has(match[1]!)) continue;
        out.push({
          severity: 'error',
          rule: 'unbound-placeholder',
          path: path || '/',
          message: `The placeholder \${${match[1]}} is bound to no value (known: ${[...bound].join(', ') || 'none'})`,
          fix: `Add ${match[1]} to the state machine's definition substitutions in serverless.yml, or fix the name.`,
        });
      }
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${path}/${i}`));
    else if (isObject(value)) for (const [key, item] of Object.entries(value)) visit(item, `${path}/${key}`);
  };
  visit(definition, '');
  return out;
}

export function ruleFindings(definition: Json): LintFinding[] {
  const { machines, states } = walkStates(definition);
  return [
    ...machines.flatMap(unreachable),
    ...states.flatMap((s) => [...callbackWithoutTimeout(s), ...errorNames(s), ...retriesInvalidInput(s), ...taskWithoutCatch(s)]),
  ];
}
