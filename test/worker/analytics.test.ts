import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER, SyntheticOrders, orderCsvLine } from '../../worker/src/analytics/synthetic.js';
import { runWorker } from './helpers/run-worker.js';
import { startTestS3 } from './helpers/s3-server.js';
import type { TestS3 } from './helpers/s3-server.js';
import { ensureWorkerBundle } from './helpers/worker-bundle.js';

let s3: TestS3;
beforeAll(async () => {
  await ensureWorkerBundle();
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.close();
});

// Eight days of orders, hand-checked: revenue per day = quantity × unit_price summed.
const ORDERS = [
  ['1', '2024-03-01T09:00:00Z', 'c1', 'Books', 'Atlas', 2, 10],
  ['2', '2024-03-01T10:00:00Z', 'c2', 'Toys', 'Kite', 1, 5.5],
  ['3', '2024-03-02T11:00:00Z', 'c1', 'Books', 'Atlas', 1, 10],
  ['4', '2024-03-03T12:00:00Z', 'c3', 'Toys', 'Kite, large', 3, 7.25],
  ['5', '2024-03-04T13:00:00Z', 'c4', 'Books', 'Novel', 1, 25],
  ['6', '2024-03-05T14:00:00Z', 'c5', 'Books', 'Novel', 1, 25],
  ['7', '2024-03-06T15:00:00Z', 'c6', 'Toys', 'Kite', 2, 5.5],
  ['8', '2024-03-07T16:00:00Z', 'c7', 'Books', 'Atlas', 1, 10],
  ['9', '2024-03-08T23:59:59Z', 'c8', 'Toys', 'Kite', 4, 5.5],
] as const;
// Day revenues: 03-01 25.5, 03-02 10, 03-03 21.75, 03-04 25, 03-05 25, 03-06 11, 03-07 10, 03-08 22.
const TOTAL_REVENUE = 150.25;

function csv(): string {
  const lines = ORDERS.map(([id, ts, cu, cat, prod, q, p]) => [id, ts, cu, cat, prod.includes(',') ? `"${prod}"` : prod, q, p].join(','));
  // CRLF line ends, a bad row (quantity "two") and a row with a missing column are counted as rejected.
  return `order_id,timestamp,customer_id,category,product,quantity,unit_price\r\n${lines.join('\r\n')}\r\n10,2024-03-08T10:00:00Z,c9,Toys,Kite,two,5.5\r\n11,2024-03-08T10:00:00Z,c9,Toys\r\n`;
}

function ndjson(): string {
  return `${ORDERS.map(([order_id, timestamp, customer_id, category, product, quantity, unit_price]) => JSON.stringify({ order_id, timestamp, customer_id, category, product, quantity, unit_price })).join('\n')}\n`;
}

async function put(key: string, body: string): Promise<void> {
  await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }));
}

async function runAnalytics(prefix: string, input: unknown) {
  return runWorker({ ...s3.env, MODE: 'analytics', ARTIFACT_PREFIX: prefix, TASK_INPUT: JSON.stringify(input) });
}

describe('analytics mode', () => {
  it('summarises a CSV of orders from S3: totals, categories, top products, daily series with moving average', async () => {
    // Prepare
    await put('input/orders.csv', csv());

    // Act
    const run = await runAnalytics('an-csv/', { source: `s3://${s3.bucket}/input/orders.csv` });

    // Assess
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(await s3.getText('an-csv/summary.json'));
    expect(summary.totals).toMatchObject({ orders: 9, orderLines: 9, units: 16, revenue: TOTAL_REVENUE, categories: 2, products: 4, firstDate: '2024-03-01', lastDate: '2024-03-08', days: 8, lines: 11, rejectedRows: 2 });
    expect(summary.totals.rejectedBy).toEqual({ quantity: 1, columns: 1 });
    expect(summary.rejected).toMatchObject({ columns: { count: 1, firstLines: [12] }, quantity: { count: 1, firstLines: [11] } });
    expect(summary.revenueByCategory.map((c: any) => [c.category, c.revenue])).toEqual([
      ['Books', 90],
      ['Toys', 60.25],
    ]);
    expect(summary.topProducts[0]).toMatchObject({ product: 'Novel', category: 'Books', revenue: 50, units: 2, orderLines: 2 });
    expect(summary.topProducts.map((p: any) => p.product)).toContain('Kite, large');
    expect(summary.daily.map((d: any) => d.revenue)).toEqual([25.5, 10, 21.75, 25, 25, 11, 10, 22]);
    expect(summary.daily[5].movingAverage7).toBeNull();
    expect(summary.daily[6].movingAverage7).toBe(18.32); // (25.5+10+21.75+25+25+11+10)/7
    expect(summary.daily[7].movingAverage7).toBe(17.82); // (10+21.75+25+25+11+10+22)/7
    expect(summary.weekly).toEqual([{ weekStart: '2024-03-01', days: 7, revenue: 128.25, growth: null }]);

    const daily = await s3.getText('an-csv/daily.csv');
    expect(daily.split('\n')[0]).toBe('date,order_lines,units,revenue,moving_average_7');
    expect(daily.split('\n')[7]).toBe('2024-03-07,1,1,10,18.32');
    const svg = await s3.getText('an-csv/daily-revenue.svg');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<path /g)?.length).toBeGreaterThanOrEqual(2);

    const manifest = JSON.parse(await s3.getText('an-csv/manifest.json'));
    expect(manifest.artifacts.map((a: any) => [a.key, a.contentType])).toEqual([
      ['an-csv/summary.json', 'application/json'],
      ['an-csv/daily.csv', 'text/csv'],
      ['an-csv/daily-revenue.svg', 'image/svg+xml'],
    ]);
    for (const artifact of manifest.artifacts) {
      const bytes = await s3.getBytes(artifact.key);
      expect(artifact.size).toBe(bytes.length);
      expect(artifact.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(run.result).toMatchObject({ status: 'succeeded', result: { topCategory: 'Books', topProduct: 'Novel' } });
  });

  it('reads NDJSON orders with the same results', async () => {
    await put('input/orders.ndjson', ndjson());

    const run = await runAnalytics('an-ndjson/', { source: `s3://${s3.bucket}/input/orders.ndjson` });

    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(await s3.getText('an-ndjson/summary.json'));
    expect(summary.totals).toMatchObject({ orders: 9, orderLines: 9, revenue: TOTAL_REVENUE, rejectedRows: 0 });
    expect(summary.daily.map((d: any) => d.revenue)).toEqual([25.5, 10, 21.75, 25, 25, 11, 10, 22]);
  });

  it('gives the same summary for generated orders and for the same orders streamed as a multipart CSV', async () => {
    // Prepare: 120 000 generated rows (about 8 MB) written as CSV, so S3 delivers it in many chunks.
    const options = { rows: 120_000, seed: 7, days: 35 };
    const generator = new SyntheticOrders(options);
    async function* lines() {
      yield `${CSV_HEADER}\n`;
      let batch: string[] = [];
      while (generator.fill(5000, (o) => batch.push(orderCsvLine(o))) > 0) {
        yield `${batch.join('\n')}\n`;
        batch = [];
      }
    }
    await new Upload({ client: s3.client, params: { Bucket: s3.bucket, Key: 'input/generated.csv', Body: Readable.from(lines()) } }).done();

    // Act
    const fromCsv = await runAnalytics('an-gen-csv/', { source: `s3://${s3.bucket}/input/generated.csv` });
    const generated = await runAnalytics('an-gen/', { synthetic: options });

    // Assess
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    expect(generated.code, generated.stderr).toBe(0);
    const a = JSON.parse(await s3.getText('an-gen-csv/summary.json'));
    const b = JSON.parse(await s3.getText('an-gen/summary.json'));
    expect(a.totals).toMatchObject({ orders: 120_000, orderLines: 120_000 });
    expect(a.totals.rejectedRows).toBe(0);
    expect(a.daily).toHaveLength(35);
    expect(a.weekly).toHaveLength(5);
    expect(typeof a.weekOverWeekGrowth).toBe('number');
    const { source: _a, ...restA } = a;
    const { source: _b, ...restB } = b;
    expect(restA).toEqual(restB);
  });

  it('reports what synthetic mode generated: one row is one category and one product', async () => {
    const run = await runAnalytics('an-one/', { synthetic: { rows: 1 } });

    expect(run.code, run.stderr).toBe(0);
    expect(run.result?.result.totals).toMatchObject({ orders: 1, orderLines: 1, categories: 1, products: 1, days: 1 });
  });

  it('is deterministic for a synthetic seed', async () => {
    const input = { synthetic: { rows: 5000, seed: 42, days: 14 } };

    await runAnalytics('an-seed-1/', input);
    await runAnalytics('an-seed-2/', input);

    expect(await s3.getText('an-seed-1/summary.json')).toBe(await s3.getText('an-seed-2/summary.json'));
  });

  it.each([
    ['a source object that does not exist', 'input/missing.csv', null, /TASK_INPUT\.source: s3:\/\/artifacts\/input\/missing\.csv does not exist/],
    ['a CSV without a unit_price column', 'input/no-price.csv', 'order_id,timestamp,category,product,quantity\n1,2024-01-01,A,B,1\n', /has no "unit_price" column/],
    ['a file with no valid orders', 'input/bad-rows.csv', 'order_id,timestamp,category,product,quantity,unit_price\n1,yesterday,A,B,1,2\n', /no valid orders/],
  ])('exits 2 for %s', async (_name, key, body, message) => {
    if (body !== null) await put(key, body);

    const run = await runAnalytics('an-bad/', { source: `s3://${s3.bucket}/${key}` });

    expect(run.code).toBe(2);
    expect(run.result?.error).toMatchObject({ name: 'Worker.InvalidInput', cause: expect.stringMatching(message) });
    expect(await s3.keys('an-bad/')).toEqual([]);
  });
});
