/**
 * The one member-type check every operation gets before its handler runs: the request body is walked
 * along the operation's input shape, taken from the AWS SDK's own model (each @aws-sdk/client-* ships
 * its shapes as schemas; @smithy/core reads them), so no operation carries hand-written types.
 *
 * As AWS's deserializers do, a member of the wrong JSON type or a null inside a list that is not
 * `@sparse` is a SerializationException, HTTP 400 (smithy's malformed-request protocol tests, e.g.
 * RestJsonBodyMalformedListNullItem: "When a dense list contains null, the response should be a 400
 * SerializationException"). A member the shape does not have is refused the same way rather than
 * ignored: AWS's own clients never send one (the SDK serialises modelled members only, botocore
 * refuses unknown parameters before sending), so it comes from a hand-made request, and silently
 * dropping e.g. a container override's `entryPoint` would hide that it did nothing.
 */
import { NormalizedSchema } from '@smithy/core/schema';
import { ServiceError } from '../../errors/service-error.js';

/** An operation's input shape as the SDK exports it, e.g. `RunTaskRequest$` from @aws-sdk/client-ecs. */
export type InputShape = Parameters<typeof NormalizedSchema.of>[0];

type JsonKind = 'null' | 'string' | 'number' | 'boolean' | 'list' | 'structure';

function kindOf(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'structure';
  return typeof value as JsonKind;
}

/** The JSON kind a shape travels as in AWS's JSON protocols (timestamps as epoch seconds, blobs as base64). */
function expectedKind(schema: NormalizedSchema): JsonKind | undefined {
  if (schema.isDocumentSchema()) return undefined; // any JSON value
  if (schema.isListSchema()) return 'list';
  if (schema.isStructSchema() || schema.isUnionSchema() || schema.isMapSchema()) return 'structure';
  if (schema.isBooleanSchema()) return 'boolean';
  if (schema.isNumericSchema() || schema.isTimestampSchema() || schema.isBigIntegerSchema() || schema.isBigDecimalSchema()) return 'number';
  if (schema.isStringSchema() || schema.isBlobSchema()) return 'string';
  return undefined;
}

const article = (kind: string): string => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

/** The first place where `value` does not fit `schema`, as an error naming its path; undefined when it fits. */
function misfit(value: unknown, schema: NormalizedSchema, path: string): string | undefined {
  const expected = expectedKind(schema);
  if (expected === undefined) return undefined;
  const actual = kindOf(value);
  if (actual !== expected) return `Unexpected ${actual} for member ${path}: expected ${article(expected)}`;
  if (schema.isListSchema()) {
    const items = schema.getValueSchema();
    const sparse = Boolean(schema.getMergedTraits().sparse);
    const list = value as unknown[];
    for (let index = 0; index < list.length; index += 1) {
      const item = list[index];
      if (item === null) {
        if (sparse) continue;
        return `Unexpected null in list ${path} at index ${index}: the list does not take nulls`;
      }
      const problem = misfit(item, items, `${path}[${index}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (schema.isMapSchema()) {
    const values = schema.getValueSchema();
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === null) continue;
      const problem = misfit(item, values, `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (schema.isStructSchema() || schema.isUnionSchema()) return misfitMembers(value as Record<string, unknown>, schema, path);
  return undefined;
}

function misfitMembers(value: Record<string, unknown>, schema: NormalizedSchema, path: string): string | undefined {
  const members = schema.getMemberSchemas();
  for (const [name, item] of Object.entries(value)) {
    const memberPath = path === '' ? name : `${path}.${name}`;
    const member = Object.hasOwn(members, name) ? members[name] : undefined;
    if (member === undefined) {
      const shapeName = schema.getName() ?? 'the input';
      return `Unknown member ${memberPath}: ${shapeName} has no member '${name}' (its members: ${Object.keys(members).join(', ')})`;
    }
    // A member sent as null is a member not sent (AWS's JSON protocols).
    if (item === null) continue;
    const problem = misfit(item, member, memberPath);
    if (problem) return problem;
  }
  return undefined;
}

/** Checks a request body (already a JSON object) against its operation's input shape. */
export function checkInputShape(input: Record<string, unknown>, shape: InputShape): ServiceError | undefined {
  const problem = misfitMembers(input, NormalizedSchema.of(shape), '');
  return problem === undefined ? undefined : new ServiceError('SerializationException', problem);
}
