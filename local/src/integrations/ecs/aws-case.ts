/**
 * Key-case conversion between the SDK's camelCase shapes and the PascalCase that Step Functions
 * uses for every optimized integration (parameters in, results out, at every nesting level).
 */

/** Step Functions output shape: PascalCase keys, Dates as epoch-millisecond integers (ref. 1.2). */
export function toStepFunctionsJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(toStepFunctionsJson);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key.charAt(0).toUpperCase() + key.slice(1)] = toStepFunctionsJson(item);
    }
    return out;
  }
  return value;
}

/** ASL parameters (PascalCase) to an SDK input (camelCase); values are left as they are. */
export function toSdkCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSdkCase);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key.charAt(0).toLowerCase() + key.slice(1)] = toSdkCase(item);
    }
    return out;
  }
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
