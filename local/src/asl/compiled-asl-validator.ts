/**
 * asl-validator 4 with its JSON schema compiled once per process. The library builds a new Ajv
 * instance, registers its 15 schemas and compiles them on every call (0.3–0.7 s per definition),
 * which dominated runtime start-up and `sfn-ecs validate`. Here the same schemas, formats and
 * error selection run on one Ajv kept for the life of the process; the library's own graph and
 * state checks run unchanged (its validator reads `jsonSchemaErrors` from the checks module at call
 * time, so replacing that export is enough). If the library's layout changes, it runs as shipped.
 */
import { createRequire } from 'node:module';

interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message?: string;
}
interface Ajv {
  validate(schema: string, data: unknown): boolean;
  errors?: AjvError[] | null;
  addFormat(name: string, format: (value: string) => boolean): unknown;
}
export interface AslValidatorError {
  readonly 'Error code': string;
  readonly Message: string;
  readonly schemaError?: { readonly instancePath: string; readonly schemaPath: string };
}
export interface AslValidatorResult {
  readonly isValid: boolean;
  readonly errors: readonly AslValidatorError[];
}
interface ValidatorOptions {
  readonly checkPaths: boolean;
  readonly checkArn: boolean;
}

const requireHere = createRequire(import.meta.url);
const validatorPath = requireHere.resolve('asl-validator');
const fromValidator = createRequire(validatorPath);
const validator = fromValidator('asl-validator') as (definition: unknown, options?: ValidatorOptions) => AslValidatorResult;

const SCHEMAS = ['common', 'paths', 'jsonata', 'choice', 'fail', 'parallel', 'pass', 'base-state-machine', 'state-machine', 'state', 'succeed', 'task', 'wait', 'map', 'errors'];
const SCHEMA_ERROR_CODE = 'SCHEMA_VALIDATION_FAILED';

const compiled = new Map<string, Ajv>();

function jsonataCompiles(value: string): boolean {
  const jsonata = fromValidator('jsonata') as (expression: string) => unknown;
  let expression = value.trim();
  expression = expression.startsWith('{%') ? expression.slice(2) : expression;
  expression = expression.endsWith('%}') ? expression.slice(0, -2) : expression;
  try {
    jsonata(expression);
    return true;
  } catch {
    return false;
  }
}

/** One Ajv per option set, configured exactly as asl-validator's jsonSchemaErrors configures its own. */
function ajvFor(options: ValidatorOptions): Ajv {
  const key = `${options.checkPaths}:${options.checkArn}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const fromChecks = createRequire(fromValidator.resolve('./checks/json-schema-errors.js'));
  const AjvClass = (fromChecks('ajv') as { default: new (options: unknown) => Ajv }).default;
  const addFormats = (fromChecks('ajv-formats') as { default: (ajv: Ajv) => void }).default;
  const schemas = SCHEMAS.map((name) => fromChecks(`../schemas/${name}.json`) as unknown);
  const ajv = new AjvClass({ schemas, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('jsonata_string', jsonataCompiles);
  ajv.addFormat('maybe_jsonata_string', (value) => {
    const trimmed = value.trim();
    return trimmed.startsWith('{%') || trimmed.endsWith('%}') ? jsonataCompiles(trimmed) : true;
  });
  if (options.checkPaths) {
    (fromChecks('asl-path-validator') as { registerAll: (ajv: Ajv) => void }).registerAll(ajv);
  } else {
    for (const format of ['asl_path', 'asl_ref_path', 'asl_payload_template', 'asl_result_path']) ajv.addFormat(format, () => true);
  }
  const { isArnFormatValid } = fromChecks('./formats.js') as { isArnFormatValid: (value: string) => boolean };
  ajv.addFormat('asl_arn', options.checkArn ? isArnFormatValid : () => true);
  compiled.set(key, ajv);
  return ajv;
}

/** asl-validator's error selection: the deepest errors, oneOf summaries over their branch errors, no duplicates. */
function schemaErrors(definition: unknown, options: ValidatorOptions): AslValidatorError[] {
  const ajv = ajvFor(options);
  ajv.validate('http://asl-validator.cloud/state-machine.json#', definition);
  const all = ajv.errors ?? [];
  let deepest = 0;
  let selected: AjvError[] = [];
  for (const error of all) {
    const depth = error.instancePath.split('/').length;
    if (depth === deepest) selected.push(error);
    else if (depth > deepest) selected = [error];
    deepest = Math.max(deepest, depth);
  }
  const withOneOf = new Set(selected.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: AslValidatorError[] = [];
  for (const error of selected) {
    if (error.keyword !== 'oneOf' && withOneOf.has(error.instancePath)) continue;
    const schemaPath = decodeURIComponent(error.schemaPath);
    const key = `${schemaPath}\u0000${error.instancePath}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      'Error code': SCHEMA_ERROR_CODE,
      Message: `${error.instancePath} is invalid. ${error.message ?? ''}`,
      schemaError: { instancePath: error.instancePath, schemaPath },
    });
  }
  return out;
}

let installed: boolean | undefined;

/** Replaces the library's per-call schema compilation with the cached one (once); false when the layout is unknown. */
function install(): boolean {
  if (installed !== undefined) return installed;
  try {
    const checks = fromValidator('./checks/json-schema-errors.js') as { jsonSchemaErrors?: unknown };
    if (typeof checks.jsonSchemaErrors !== 'function') return (installed = false);
    checks.jsonSchemaErrors = schemaErrors;
    installed = true;
  } catch {
    installed = false;
  }
  return installed;
}

/** asl-validator's verdict on a definition (which it mutates: pass a copy). */
export function runAslValidator(definition: unknown): AslValidatorResult {
  install();
  return validator(definition);
}
