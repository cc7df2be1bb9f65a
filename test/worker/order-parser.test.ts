import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderAggregator } from '../../worker/src/analytics/aggregate.js';
import { lineCents, readPrice } from '../../worker/src/analytics/money.js';
import { DEFAULT_PLAUSIBLE_RANGE, OrderParser } from '../../worker/src/analytics/order-parser.js';
import { TIMESTAMP_FORMAT, TIMESTAMP_INVALID, parseTimestampText } from '../../worker/src/timestamps.js';

const CSV = [
  '\uFEFForder_id,timestamp,category,product,quantity,unit_price',
  '1,2024-01-01T10:00:00Z,Books,Atlas,2,10.5',
  '2,2024-01-01,"Toys","Kite, ""big""",1,3',
  '3,2024-01-02T00:00:00+02:00,Toys,Kite,1,3',
  '4,1704240000,Books,"Multi',
  'line",1,1.25',
  '5,2024-01-03 08:00:00,Garden,Hose,3,0.1',
].join('\n');

function summarise(chunks: Uint8Array[]) {
  const aggregator = new OrderAggregator();
  const parser = new OrderParser(aggregator, 'test', DEFAULT_PLAUSIBLE_RANGE);
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return aggregator.summarise();
}

describe('order parser', () => {
  it('reads quoted fields, a quoted newline, a BOM, offsets and epoch seconds', () => {
    const summary = summarise([Buffer.from(CSV)]);

    expect(summary.totals).toMatchObject({ orders: 5, rejectedRows: 0, revenue: 21 + 3 + 3 + 1.25 + 0.3 });
    expect(summary.topProducts.map((p) => p.product).sort()).toEqual(['Atlas', 'Hose', 'Kite', 'Kite, "big"', 'Multi\nline']);
    // 2024-01-02T00:00:00+02:00 is 2024-01-01 in UTC.
    expect(summary.daily.map((d) => [d.date, d.orderLines])).toEqual([
      ['2024-01-01', 3],
      ['2024-01-02', 0],
      ['2024-01-03', 2],
    ]);
  });

  it('gives the same summary however the input is split into chunks', () => {
    const bytes = Buffer.from(CSV);
    const whole = summarise([bytes]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
        expect(summarise(chunks)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('computes a line amount exactly and rounds it once, half-up, to the cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 6 }), (quantity, units, decimals) => {
        const digits = String(units).padStart(decimals + 1, '0');
        const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
        const price = { units: 0, decimals: 0 };
        expect(readPrice(Buffer.from(text), 0, text.length, price)).toBe(true);
        // BigInt: the amount in 10^-6 units, then half a cent added and truncated.
        const micro = BigInt(quantity) * BigInt(units) * 10n ** BigInt(6 - decimals);
        const cents = (micro + 5000n) / 10000n;
        // Past 2^53 (in cents, or in the price's own smallest unit) the line is refused, never rounded wrong.
        const exact = BigInt(quantity) * BigInt(units) <= BigInt(Number.MAX_SAFE_INTEGER) && cents <= BigInt(Number.MAX_SAFE_INTEGER);
        expect(lineCents(quantity, price)).toBe(exact ? Number(cents) : -1);
      }),
    );
  });

  it('reads timestamps strictly: calendar-valid ISO-8601 with any offset form, epochs by magnitude, nothing local', () => {
    const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);
    expect(parseTimestampText('2024-02-29T23:59:59Z')).toBe(utc(2024, 2, 29, 23, 59, 59));
    expect(parseTimestampText('2024-03-10T23:30-05')).toBe(utc(2024, 3, 11, 4, 30));
    expect(parseTimestampText('2024-03-10T23:30:00-0530')).toBe(utc(2024, 3, 11, 5, 0));
    expect(parseTimestampText('2024-03-10T01:30:00.250+02:00')).toBe(utc(2024, 3, 9, 23, 30, 0, 250));
    expect(parseTimestampText('1710000000')).toBe(1_710_000_000_000);
    expect(parseTimestampText('1710000000123')).toBe(1_710_000_000_123);
    expect(parseTimestampText('1710000000123456')).toBe(1_710_000_000_123);
    expect(parseTimestampText('1710000000123456789')).toBe(1_710_000_000_123);
    for (const bad of ['2024-02-30', '2023-02-29', '2024-03-10T25:61:00Z', '2024-03-10T24:00:00Z', '2024-13-01', '2024-03-10T10:00+24:00']) expect(parseTimestampText(bad), bad).toBe(TIMESTAMP_INVALID);
    for (const bad of ['2024/03/10 23:30', 'Sun, 10 Mar 2024 23:30:00 GMT', '2024-03-10T10', '2024-03-10Z', '1e9', '-1710000000', '123456789012345678901', '']) expect(parseTimestampText(bad), bad).toBe(TIMESTAMP_FORMAT);
  });
});
