import { PutObjectCommand } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderAggregator } from '../../worker/src/analytics/aggregate.js';
import { DEFAULT_PLAUSIBLE_RANGE, OrderParser } from '../../worker/src/analytics/order-parser.js';
import { messyCsv, messyNdjson } from './helpers/messy-orders.js';
import { referenceSummary } from './helpers/orders-reference.js';
import type { ReferenceSummary } from './helpers/orders-reference.js';
import { runWorker } from './helpers/run-worker.js';
import { startTestS3 } from './helpers/s3-server.js';
import type { TestS3 } from './helpers/s3-server.js';
import { ensureWorkerBundle } from './helpers/worker-bundle.js';

function summarise(chunks: Uint8Array[]) {
  const aggregator = new OrderAggregator();
  const parser = new OrderParser(aggregator, 'test', DEFAULT_PLAUSIBLE_RANGE);
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return aggregator.summarise();
}

function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...[...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

/** Every metric of the worker's summary against the reference: equal to the cent, every line accounted for. */
function expectSameAsReference(summary: Record<string, any>, expected: ReferenceSummary): void {
  expect(summary.totals).toEqual(expected.totals);
  expect(summary.totals.lines).toBe(summary.totals.orderLines + summary.totals.rejectedRows);
  expect(Object.fromEntries(Object.entries(summary.rejected).map(([r, e]: [string, any]) => [r, e.firstLines]))).toEqual(
    Object.fromEntries(Object.entries(expected.rejectedLines).map(([r, lines]) => [r, lines.slice(0, 5)])),
  );
  expect(summary.revenueByCategory).toEqual(expected.revenueByCategory);
  expect(summary.topProducts).toEqual(expected.products.slice(0, 10));
  expect(summary.daily).toEqual(expected.daily);
  expect(summary.weekly).toEqual(expected.weekly);
}

describe('analytics against an independent reference (BigInt cents, regex timestamps)', () => {
  it.each([1, 2, 3, 4, 5, 6])('messy CSV, seed %i: every metric equal to the cent, any chunking', (seed) => {
    const text = messyCsv(seed, 1500);
    const expected = referenceSummary(text);
    expect(expected.totals.rejectedRows).toBeGreaterThan(100);

    const whole = summarise([Buffer.from(text)]);

    expectSameAsReference(whole, expected);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        expect(summarise(split(Buffer.from(text), cuts))).toEqual(whole);
      }),
      { numRuns: 25, seed },
    );
  });

  it.each([11, 12, 13])('messy NDJSON, seed %i', (seed) => {
    const text = messyNdjson(seed, 1500);
    const expected = referenceSummary(text);
    expect(expected.totals.rejectedRows).toBeGreaterThan(50);

    expectSameAsReference(summarise([Buffer.from(text)]), expected);
  });

  it('the issue: impossible dates are rejected, not moved, and the offset without minutes lands on its UTC day', () => {
    const text = [
      'order_id,timestamp,customer_id,category,product,quantity,unit_price',
      '1,2024-02-30T10:00:00Z,c,Books,Atlas,1,1',
      '2,2023-02-29,c,Books,Atlas,1,1',
      '3,2024-03-10T25:61:00Z,c,Books,Atlas,1,1',
      '4,2024-03-10T23:30-05,c,Books,Atlas,1,1',
      '5,2024/03/10 23:30,c,Books,Atlas,1,1',
      '6,1710000000000000000,c,Books,Atlas,1,1',
      '7,1710000000000000,c,Books,Atlas,1,1',
      '8,1923-03-10T10:00:00Z,c,Books,Atlas,1,1',
      '',
    ].join('\n');

    const summary = summarise([Buffer.from(text)]);

    expect(summary.daily.map((d) => [d.date, d.orderLines])).toEqual([
      ['2024-03-09', 2],
      ['2024-03-10', 0],
      ['2024-03-11', 1],
    ]);
    expect(summary.totals.rejectedBy).toEqual({ timestamp_format: 1, timestamp_invalid: 3, timestamp_out_of_range: 1 });
    expect(summary.rejected.timestamp_invalid!.firstLines).toEqual([2, 3, 4]);
  });

  it('the issue: half-cent ties round half-up everywhere; orders are distinct order ids; products are per category; names trimmed', () => {
    const text = [
      'order_id,timestamp,customer_id,category,product,quantity,unit_price',
      'A-1,2024-03-01T10:00:00Z,c,Books ,Atlas,1,1.015',
      'A-1,2024-03-01T10:00:00Z,c,Books,Atlas,1,2.675',
      'A-2,2024-03-01T10:00:00Z,c,Maps,Atlas,3,0.335',
      '',
    ].join('\n');

    const summary = summarise([Buffer.from(text)]);

    expect(summary.totals).toMatchObject({ orders: 2, orderLines: 3, revenue: 4.71, averageOrderValue: 2.36, categories: 2, products: 2 });
    expect(summary.topProducts).toEqual([
      { product: 'Atlas', category: 'Books', revenue: 3.7, units: 2, orderLines: 2 },
      { product: 'Atlas', category: 'Maps', revenue: 1.01, units: 3, orderLines: 1 },
    ]);
  });
});

describe('analytics worker process on messy input', () => {
  let s3: TestS3;
  beforeAll(async () => {
    await ensureWorkerBundle();
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3?.close();
  });
  const put = (key: string, body: string) => s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }));
  const run = (prefix: string, input: unknown) => runWorker({ ...s3.env, MODE: 'analytics', ARTIFACT_PREFIX: prefix, TASK_INPUT: JSON.stringify(input) });

  it('a quote that never closes costs one line, not the 50 000 valid lines after it', async () => {
    const valid = Array.from({ length: 50_000 }, (_, i) => `${i + 2},2024-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z,c,Toys,Kite,1,2.5`);
    const text = `order_id,timestamp,customer_id,category,product,quantity,unit_price\n1,2024-03-01T10:00:00Z,c,Toys,"Kite,1,2.5\n${valid.join('\n')}\n`;
    await put('in/broken-quote.csv', text);

    const result = await run('bq/', { source: `s3://${s3.bucket}/in/broken-quote.csv` });

    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(await s3.getText('bq/summary.json'));
    expect(summary.totals).toMatchObject({ lines: 50_001, orderLines: 50_000, orders: 50_000, rejectedRows: 1, rejectedBy: { unclosed_quote: 1 }, revenue: 125_000 });
    expect(summary.rejected.unclosed_quote.firstLines).toEqual([2]);
  });

  it('a messy CSV through S3 gives the reference summary in summary.json, and daily.csv agrees', async () => {
    const text = messyCsv(21, 4000);
    await put('in/messy.csv', text);
    const expected = referenceSummary(text);

    const result = await run('messy/', { source: `s3://${s3.bucket}/in/messy.csv`, currency: 'EUR' });

    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(await s3.getText('messy/summary.json'));
    expectSameAsReference(summary, expected);
    expect(result.result?.result.totals).toEqual(expected.totals);
    const csv = (await s3.getText('messy/daily.csv')).trim().split('\n');
    expect(csv[0]).toBe('date,order_lines,units,revenue,moving_average_7');
    expect(csv.slice(1)).toEqual(expected.daily.map((d) => `${d.date},${d.orderLines},${d.units},${d.revenue},${d.movingAverage7 ?? ''}`));
    expect(await s3.getText('messy/daily-revenue.svg')).toContain('Revenue (EUR)');
  });

  it('a file that is mostly rejects is invalid input: exit 2 with the counts, no artifacts', async () => {
    const rows = ['order_id,timestamp,customer_id,category,product,quantity,unit_price', '1,2024-03-01T10:00:00Z,c,Toys,Kite,1,1', '2,2024-02-30,c,Toys,Kite,1,1', '3,2024/03/01,c,Toys,Kite,1,1', ''];
    await put('in/mostly-bad.csv', rows.join('\n'));

    const result = await run('bad/', { source: `s3://${s3.bucket}/in/mostly-bad.csv` });
    const tolerant = await run('tolerant/', { source: `s3://${s3.bucket}/in/mostly-bad.csv`, maxRejectedFraction: 0.7 });

    expect(result.code).toBe(2);
    expect(result.result?.error).toMatchObject({ name: 'Worker.InvalidInput', cause: expect.stringMatching(/too many rejected lines.*3 data lines, 1 counted, 2 rejected.*"timestamp_format":1.*"timestamp_invalid":1/) });
    expect(await s3.keys('bad/')).toEqual([]);
    expect(tolerant.code, tolerant.stderr).toBe(0);
  });

  it('an epoch in nanoseconds or microseconds is read by magnitude, never a failure (exit 0), and a far-off row keeps the days consecutive', async () => {
    const ns = BigInt(Date.UTC(2024, 2, 5, 12)) * 1_000_000n;
    const rows = ['order_id,timestamp,customer_id,category,product,quantity,unit_price', `1,${ns},c,Toys,Kite,1,1`, `2,${ns / 1000n},c,Toys,Kite,1,1`, '3,2024-03-01T00:00:00Z,c,Toys,Kite,1,1', '4,1999-12-31T23:59:59Z,c,Toys,Kite,1,1', ''];
    await put('in/epochs.csv', rows.join('\n'));

    const result = await run('epochs/', { source: `s3://${s3.bucket}/in/epochs.csv` });

    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(await s3.getText('epochs/summary.json'));
    expect(summary.daily.map((d: any) => d.date)).toEqual(['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05']);
    expect(summary.daily.at(-1).orderLines).toBe(2);
    expect(summary.totals.rejectedBy).toEqual({ timestamp_out_of_range: 1 });
  });
});
