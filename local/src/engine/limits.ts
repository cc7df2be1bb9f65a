/**
 * AWS's per-execution quotas the engine enforces (DG "Step Functions service quotas"). Lowering them
 * (scaledLimits) lets a small smoke test catch what would fail at full size: an input that grows
 * with the data, a loop whose history grows with the item count.
 */
export interface ExecutionLimits {
  /** Any state input or output, and the execution input and output, in UTF-8 bytes. AWS: 262,144. */
  readonly maxPayloadBytes: number;
  /** Events in one execution's history. AWS: 25,000. */
  readonly maxHistoryEvents: number;
}

export const AWS_LIMITS: ExecutionLimits = { maxPayloadBytes: 262_144, maxHistoryEvents: 25_000 };

/** AWS's limits multiplied by `factor` (0.01 = a test with 1% of the data hits them where full size would). */
export function scaledLimits(factor: number): ExecutionLimits {
  if (!(factor > 0 && factor <= 1)) throw new RangeError(`The limit scale must be in (0, 1], got ${factor}`);
  return {
    maxPayloadBytes: Math.max(1, Math.floor(AWS_LIMITS.maxPayloadBytes * factor)),
    maxHistoryEvents: Math.max(3, Math.floor(AWS_LIMITS.maxHistoryEvents * factor)),
  };
}

/** Fills the limits not given with AWS's. */
export function resolveLimits(limits: Partial<ExecutionLimits> | undefined): ExecutionLimits {
  return { ...AWS_LIMITS, ...limits };
}
