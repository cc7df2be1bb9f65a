import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderAggregator } from '../../worker/src/analytics/aggregate.js';
import { OrderParser, decimalFromBytes, dayFromBytes } from '../../worker/src/analytics/order-parser.js';
import { daysFromCivil } from '../../worker/src/analytics/calendar.js';

const CSV = [
  '\uFEFFtimestamp,category,product,quantity,unit_price',
  '2024-01-01T10:00:00Z,Books,Atlas,2,10.5',
  '2024-01-01,"Toys","Kite, ""big""",1,3',
  '2024-01-02T00:00:00+02:00,Toys,Kite,1,3',
  '1704240000,Books,"Multi',
  'line",1,1.25',
  '2024-01-03 08:00:00,Garden,Hose,3,0.1',
].join('\n');

function summarise(chunks: Uint8Array[]) {
  const aggregator = new OrderAggregator();
  const parser = new OrderParser(aggregator, 'test');
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
    expect(summary.daily.map((d) => [d.date, d.orders])).toEqual([
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

  it('reads decimals from bytes exactly as Number() does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), (units, decimals) => {
        const text = (units / 10 ** decimals).toFixed(decimals);
        expect(decimalFromBytes(Buffer.from(text), 0, text.length)).toBe(Number(text));
      }),
    );
  });

  it('reads ISO dates from bytes as the UTC day', () => {
    const text = '2024-02-29T23:59:59Z';
    expect(dayFromBytes(Buffer.from(text), 0, text.length)).toBe(daysFromCivil(2024, 2, 29));
    expect(Number.isNaN(dayFromBytes(Buffer.from('2024-13-01'), 0, 10))).toBe(true);
  });
});
