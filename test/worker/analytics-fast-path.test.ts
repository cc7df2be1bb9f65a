import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderAggregator } from '../../worker/src/analytics/aggregate.js';
import { minorGcEvery } from '../../worker/src/analytics/minor-gc.js';
import { OrderParser, splitCsv } from '../../worker/src/analytics/order-parser.js';

function summarise(chunks: Uint8Array[]) {
  const aggregator = new OrderAggregator();
  const parser = new OrderParser(aggregator, 'test');
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return aggregator.summarise();
}

function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

/** The expected counts, from splitCsv on whole lines: the slow, obviously right reading of the same text. */
function reference(text: string) {
  let orders = 0;
  let revenue = 0;
  let rejected = 0;
  for (const line of text.split('\n').slice(1).map((l) => l.replace(/\r$/, ''))) {
    if (line === '') continue;
    const f = splitCsv(line);
    const quantity = Number(f[5]);
    const price = Number(f[6]);
    if (f.length !== 7 || !/^\d{4}-\d{2}-\d{2}/.test(f[1]!) || !Number.isInteger(quantity) || quantity <= 0 || !(price >= 0) || f[3] === '' || f[4] === '') rejected++;
    else {
      orders++;
      revenue += quantity * price;
    }
  }
  return { orders, rejected, revenue: Math.round(revenue * 100) / 100 };
}

const HEADER = 'order_id,timestamp,customer_id,category,product,quantity,unit_price';
const row = fc.oneof(
  { weight: 6, arbitrary: fc.record({ day: fc.integer({ min: 1, max: 28 }), category: fc.constantFrom('Books', 'Toys', 'Home & Kitchen'), product: fc.constantFrom('Atlas', 'Kite', 'Air Fryer', 'Pan'), quantity: fc.integer({ min: 1, max: 9 }), cents: fc.integer({ min: 0, max: 99_999 }) }).map((r) => `7,2024-02-${String(r.day).padStart(2, '0')}T10:00:00Z,c1,${r.category},${r.product},${r.quantity},${(r.cents / 100).toFixed(2)}`) },
  { weight: 1, arbitrary: fc.constantFrom('8,2024-02-03,c1,Toys,"Kite, big",2,3.5', '9,2024-02-03T10:00:00Z,c1,Toys,Kite,two,3.5', '10,2024-02-03T10:00:00Z,c1,Toys', '11,2024-02-03T10:00:00Z,c1,Toys,Kite,1,2,extra', '12,not a date,c1,Toys,Kite,1,2', '13,2024-02-03T10:00:00Z,c1,,Kite,1,2', '') },
);

describe('analytics parser fast path', () => {
  it('counts the same orders and rejected rows as a whole-line CSV reading, for any chunking and line ends', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), (rows, crlf, cuts) => {
        const text = `${[HEADER, ...rows].join(crlf ? '\r\n' : '\n')}\n`;
        const bytes = Buffer.from(text);
        const expected = reference(text);
        fc.pre(expected.orders > 0);

        const summary = summarise(split(bytes, cuts.map((c) => c % bytes.length)));

        expect({ orders: summary.totals.orders, rejected: summary.totals.rejectedRows, revenue: summary.totals.revenue }).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps thousands of distinct products apart, each under its own name', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i},2024-01-01T00:00:00Z,c,Cat ${i % 7},Product ${i % 2500},1,${(i % 2500) + 1}`);
    const summary = summarise([Buffer.from(`${HEADER}\n${lines.join('\n')}\n`)]);

    expect(summary.totals).toMatchObject({ orders: 5000, products: 2500, categories: 7 });
    // Product 2499 was bought twice at 2500.00.
    expect(summary.topProducts[0]).toMatchObject({ product: 'Product 2499', orders: 2, revenue: 5000 });
  });

  it('reads a timestamp in the last column and a file without a final newline', () => {
    const text = 'quantity,unit_price,category,product,timestamp\n2,1.5,Books,Atlas,2024-05-01T23:59:59Z\r\n1,4,Toys,Kite,2024-05-02T00:00:00Z';
    const summary = summarise(split(Buffer.from(text), [50, 51, 70]));

    expect(summary.daily.map((d) => [d.date, d.revenue])).toEqual([
      ['2024-05-01', 3],
      ['2024-05-02', 4],
    ]);
  });
});

describe('read buffer reclaiming', () => {
  it('frees dropped read buffers while streaming, instead of letting tens of MiB pile up', () => {
    const read = minorGcEvery(4 * 1024 * 1024);
    read(4 * 1024 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    for (let i = 0; i < 64; i++) {
      // A fresh 1 MiB buffer outside the heap per read, dropped at once, like a socket's.
      const chunk = Buffer.allocUnsafeSlow(1024 * 1024);
      chunk[0] = i;
      read(chunk.byteLength);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    }

    expect(peak).toBeLessThan(24 * 1024 * 1024);
  });
});
