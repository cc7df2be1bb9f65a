/**
 * Value encoding of AWS's JSON protocols (awsJson1_0 / awsJson1_1): timestamps travel as JSON numbers
 * of epoch seconds (fractions allowed), undefined members are left out.
 */

/** Deep copy with every Date turned into epoch seconds, as the SDK's JSON codec expects. */
export function toWireValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWireValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = toWireValue(member);
    }
    return out;
  }
  return value;
}
