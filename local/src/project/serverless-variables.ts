/**
 * Resolves the serverless framework's `${source:...}` variables the way `serverless package` would
 * for the local stage: self:, sls:, opt:, param:, env:, aws:, strToBool() and `, fallback` values.
 * `${...}` that are not serverless variables (CloudFormation's Fn::Sub `${AWS::Region}`, `${file(...)}`
 * whose content the caller reads itself) are left as written.
 */
import { ProjectError } from './project-error.js';

export interface VariableContext {
  /** The whole parsed serverless.yml, for `${self:...}`. */
  readonly config: unknown;
  readonly stage: string;
  readonly region: string;
  readonly accountId: string;
  /** params.default merged with params.<stage>. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A variable with no `$`, `{` or `}` inside: the innermost one, resolved first. */
const INNERMOST_VARIABLE = /\$\{([^${}]+)\}/g;
/** Nested variables need one pass per level; real files have two or three. */
const MAX_PASSES = 10;
const UNRESOLVED = Symbol('unresolved');

/** Resolves every serverless variable in value (deeply); values keep their types. */
export function resolveVariables(value: unknown, ctx: VariableContext, depth = 0): unknown {
  if (depth > MAX_PASSES * 4) throw new ProjectError('serverless.yml: variables refer to each other in a cycle');
  if (typeof value === 'string') return resolveString(value, ctx, depth);
  if (Array.isArray(value)) return value.map((v) => resolveVariables(v, ctx, depth));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveVariables(v, ctx, depth)]));
  }
  return value;
}

function resolveString(text: string, ctx: VariableContext, depth: number): unknown {
  let current: unknown = text;
  for (let pass = 0; pass < MAX_PASSES && typeof current === 'string'; pass++) {
    const whole = /^\$\{([^${}]+)\}$/.exec(current);
    if (whole) {
      const resolved = resolveExpression(whole[1] as string, ctx, depth);
      if (resolved === UNRESOLVED) return current;
      current = resolved;
      continue;
    }
    const before: string = current;
    current = before.replace(INNERMOST_VARIABLE, (match, expression: string) => {
      const resolved = resolveExpression(expression, ctx, depth);
      if (resolved === UNRESOLVED) return match;
      if (resolved !== null && typeof resolved === 'object') {
        throw new ProjectError(`serverless.yml: \${${expression}} is an object and cannot be part of the text "${before}"`);
      }
      return String(resolved);
    });
    if (current === before) return current;
  }
  return current;
}

/** One `${...}` body: alternatives separated by top-level commas, the first defined one wins. */
function resolveExpression(expression: string, ctx: VariableContext, depth: number): unknown {
  const alternatives = splitTopLevel(expression);
  const first = alternatives[0] ?? '';
  if (!isVariableSource(first)) return UNRESOLVED;
  for (const alternative of alternatives) {
    const value = resolveAlternative(alternative, ctx, depth);
    if (value === UNRESOLVED) return UNRESOLVED;
    if (value !== undefined && value !== null) return value;
  }
  throw new ProjectError(`serverless.yml: \${${expression}} has no value for the local stage "${ctx.stage}"`);
}

function isVariableSource(text: string): boolean {
  return /^(self|sls|opt|param|env|aws|cf|ssm|s3):/.test(text) || /^strToBool\(/.test(text);
}

function resolveAlternative(text: string, ctx: VariableContext, depth: number): unknown {
  const quoted = /^(['"])(.*)\1$/.exec(text);
  if (quoted) return quoted[2];
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  const bool = /^strToBool\((.*)\)$/.exec(text);
  if (bool) return String(bool[1]).trim() === 'true';
  const colon = text.indexOf(':');
  if (colon < 0) return UNRESOLVED;
  const source = text.slice(0, colon);
  const address = text.slice(colon + 1);
  switch (source) {
    case 'self':
      return resolveVariables(getPath(ctx.config, address), ctx, depth + 1);
    case 'sls':
      return address === 'stage' ? ctx.stage : address === 'instanceId' ? 'local' : undefined;
    case 'opt':
      return address === 'stage' ? ctx.stage : address === 'region' ? ctx.region : undefined;
    case 'param':
      return resolveVariables(ctx.params[address], ctx, depth + 1);
    case 'env':
      return ctx.env[address];
    case 'aws':
      return address === 'region' ? ctx.region : address === 'accountId' ? ctx.accountId : undefined;
    default:
      // cf:, ssm:, s3: read a real AWS account: no local value, so a fallback must provide one.
      return undefined;
  }
}

/** `a.b.c` inside an object; undefined when any step is missing. */
export function getPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.').filter(Boolean)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function splitTopLevel(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts;
}
