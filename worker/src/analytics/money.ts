/**
 * Money is held as integer cents, so sums are exact. One rounding rule everywhere: half-up (a half cent
 * rounds away from zero; every amount here is >= 0). It applies to a line's amount (quantity × unit_price
 * computed exactly, then rounded once to cents: 1 × 1.015 = 1.02, 3 × 0.335 = 1.01), and to averages (average order
 * value, the 7-day moving average). Sums are sums of the rounded line amounts.
 */

/** Most decimals a unit_price may have (exact arithmetic in integers needs a bound). */
export const MAX_PRICE_DECIMALS = 6;
/** Most digits before the decimal point of a unit_price, and of a quantity. */
export const MAX_PRICE_INTEGER_DIGITS = 9;
export const MAX_QUANTITY_DIGITS = 9;

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000];

/** A unit price read as an integer count of 10^-decimals. */
export interface Price {
  units: number;
  decimals: number;
}

/**
 * Reads a unit price written as plain decimal digits with an optional fraction (`12`, `12.5`, `0.015`;
 * no sign, exponent or thousands separator) from buf[start, end). Returns false when it is not one.
 */
export function readPrice(buf: Uint8Array, start: number, end: number, into: Price): boolean {
  let i = start;
  let units = 0;
  let intDigits = 0;
  for (; i < end; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) break;
    units = units * 10 + c;
    intDigits++;
  }
  let decimals = 0;
  if (i < end && buf[i] === 46) {
    for (i++; i < end; i++) {
      const c = buf[i]! - 48;
      if (c < 0 || c > 9) break;
      units = units * 10 + c;
      decimals++;
    }
    if (decimals === 0) return false;
  }
  if (i !== end || intDigits === 0 || intDigits > MAX_PRICE_INTEGER_DIGITS || decimals > MAX_PRICE_DECIMALS) return false;
  into.units = units;
  into.decimals = decimals;
  return true;
}

/** A quantity: plain decimal digits, > 0, at most MAX_QUANTITY_DIGITS digits; else -1. */
export function readQuantity(buf: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > MAX_QUANTITY_DIGITS) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value > 0 ? value : -1;
}

/**
 * quantity × price in cents, rounded half-up once; -1 when the amount is not an exact integer in a
 * double (over 2^53 cents, about 90 trillion: the line is rejected as `amount_too_large`).
 */
export function lineCents(quantity: number, price: Price): number {
  const scaled = quantity * price.units;
  if (!Number.isSafeInteger(scaled)) return -1;
  if (price.decimals > 2) return divideHalfUp(scaled, POW10[price.decimals - 2]!);
  const cents = scaled * POW10[2 - price.decimals]!;
  return Number.isSafeInteger(cents) ? cents : -1;
}

/** round(numerator / denominator) half-up, for integers 0 <= numerator <= 2^53 and denominator > 0. */
export function divideHalfUp(numerator: number, denominator: number): number {
  const remainder = numerator % denominator;
  const quotient = (numerator - remainder) / denominator;
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}

/** Cents as a currency amount (two decimals at most when printed). */
export const fromCents = (cents: number): number => cents / 100;
