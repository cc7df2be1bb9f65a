import { describe, expect, it } from 'vitest';
import { OrderAggregator } from '../../worker/src/analytics/aggregate.js';
import { minorGcEvery } from '../../worker/src/analytics/minor-gc.js';
import { DEFAULT_PLAUSIBLE_RANGE, OrderParser } from '../../worker/src/analytics/order-parser.js';

function summarise(chunks: Uint8Array[]) {
  const aggregator = new OrderAggregator();
  const parser = new OrderParser(aggregator, 'test', DEFAULT_PLAUSIBLE_RANGE);
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return aggregator.summarise();
}

function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

const HEADER = 'order_id,timestamp,customer_id,category,product,quantity,unit_price';

describe('analytics parser fast path', () => {
  it('keeps thousands of distinct products apart, each under its own name', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i},2024-01-01T00:00:00Z,c,Cat ${(i % 2500) % 7},Product ${i % 2500},1,${(i % 2500) + 1}`);
    const summary = summarise([Buffer.from(`${HEADER}\n${lines.join('\n')}\n`)]);

    expect(summary.totals).toMatchObject({ orders: 5000, products: 2500, categories: 7 });
    // Product 2499 was bought twice at 2500.00.
    expect(summary.topProducts[0]).toMatchObject({ product: 'Product 2499', orderLines: 2, revenue: 5000 });
  });

  it('reads a timestamp in the last column and a file without a final newline', () => {
    const text = 'quantity,unit_price,category,order_id,product,timestamp\n2,1.5,Books,1,Atlas,2024-05-01T23:59:59Z\r\n1,4,Toys,2,Kite,2024-05-02T00:00:00Z';
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
