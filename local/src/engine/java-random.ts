/**
 * The first nextDouble() of Java's `new Random(seed)`: AWS's `$random(seed)` and seeded
 * States.MathRandom are Java-backed (measured on AWS: $random(42) is Java's first double).
 */
const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

export function javaRandomDouble(seed: number): number {
  let state = (BigInt(Math.trunc(seed)) ^ MULTIPLIER) & MASK;
  const next = (bits: bigint): bigint => {
    state = (state * MULTIPLIER + ADDEND) & MASK;
    return state >> (48n - bits);
  };
  const high = next(26n);
  const low = next(27n);
  return Number((high << 27n) + low) / 2 ** 53;
}
