import { Writable } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as z from 'zod/mini';
import { OrderAggregator } from '../analytics/aggregate.js';
import { minorGcEvery } from '../analytics/minor-gc.js';
import { OrderParser } from '../analytics/order-parser.js';
import { CATALOGUE, SyntheticOrders } from '../analytics/synthetic.js';
import { WORKER_ERRORS, WorkerError, invalidInput, throwIfStopped } from '../errors.js';
import { defineMode } from '../mode.js';
import type { ModeContext } from '../mode.js';
import { lineChartSvg } from '../render/line-chart.js';
import { describeAwsError, parseS3Uri, readObject } from '../s3.js';

/** Largest synthetic data set: 100 million rows (bounded by time, not memory). */
const MAX_SYNTHETIC_ROWS = 100_000_000;
/** Rows generated between checks of the stop signal. */
const SYNTHETIC_BATCH = 50_000;

const schema = z.union([
  z.strictObject({ source: z.string().check(z.regex(/^s3:\/\/[^/]+\/.+$/, 'expected an S3 URI like "s3://bucket/key"')) }),
  z.strictObject({
    synthetic: z.strictObject({
      rows: z.int().check(z.minimum(1), z.maximum(MAX_SYNTHETIC_ROWS)),
      seed: z._default(z.int(), 1),
      days: z._default(z.int().check(z.minimum(1), z.maximum(3660)), 90),
    }),
  }),
]);

/**
 * analytics: e-commerce trend analysis over a stream of orders (CSV or NDJSON from S3, or generated).
 * Artifacts: summary.json, daily.csv and daily-revenue.svg.
 */
export const analyticsMode = defineMode({
  schema,
  requiresArtifactBucket: true,
  async run(input, context) {
    const aggregator = new OrderAggregator();
    const source = 'source' in input ? await readSource(input.source, aggregator, context) : await generate(input.synthetic, aggregator, context);
    const summary = aggregator.summarise();
    if (summary.totals.orders === 0) {
      throw new WorkerError(WORKER_ERRORS.invalidInput, `TASK_INPUT.source: no valid orders in ${source} (${summary.totals.rejectedRows} rows rejected)`);
    }
    context.log.info('analytics: aggregated', { source, orders: summary.totals.orders, rejectedRows: summary.totals.rejectedRows, days: summary.totals.days });
    const { signal, artifacts } = context;
    await artifacts.write('summary.json', `${JSON.stringify({ source, ...summary }, null, 2)}\n`, 'application/json', signal);
    const csv = ['date,orders,units,revenue,moving_average_7', ...summary.daily.map((d) => `${d.date},${d.orders},${d.units},${d.revenue},${d.movingAverage7 ?? ''}`)];
    await artifacts.write('daily.csv', `${csv.join('\n')}\n`, 'text/csv', signal);
    const chart = lineChartSvg(
      'Daily revenue',
      summary.daily.map((d) => d.date),
      [
        { name: 'Daily revenue', color: '#2563eb', values: summary.daily.map((d) => d.revenue) },
        { name: '7-day moving average', color: '#dc2626', values: summary.daily.map((d) => d.movingAverage7), dashed: true },
      ],
    );
    await artifacts.write('daily-revenue.svg', chart, 'image/svg+xml', signal);
    return {
      source,
      totals: summary.totals,
      topCategory: summary.revenueByCategory[0]?.category ?? null,
      topProduct: summary.topProducts[0]?.product ?? null,
      weekOverWeekGrowth: summary.weekOverWeekGrowth,
    };
  },
});

async function readSource(uri: string, aggregator: OrderAggregator, { signal, log }: ModeContext): Promise<string> {
  const { bucket, key } = parseS3Uri(uri)!;
  let body: Readable;
  try {
    body = await readObject(bucket, key, signal);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const name = (error as Error).name;
    if (name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') throw invalidInput(`TASK_INPUT.source: ${uri} does not exist (${name})`);
    throw new WorkerError(WORKER_ERRORS.failed, `could not read ${uri}: ${describeAwsError(error)}`, { cause: error });
  }
  const parser = new OrderParser(aggregator, uri);
  const read = minorGcEvery();
  log.info('analytics: reading', { source: uri });
  // A Writable fed by pipe() gets each chunk as the socket delivers it: cheaper than an async iterator
  // (no promise per chunk), and pipeline() destroys the response on a parse error or the stop signal.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        parser.push(chunk);
        read(chunk.byteLength);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  try {
    await pipeline(body, sink, { signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof WorkerError) throw error;
    throw new WorkerError(WORKER_ERRORS.failed, `could not read ${uri}: ${describeAwsError(error)}`, { cause: error });
  }
  parser.end();
  return uri;
}

function generate(options: { rows: number; seed: number; days: number }, aggregator: OrderAggregator, { signal }: ModeContext): Promise<string> {
  const categories = CATALOGUE.map((c) => aggregator.categoryId(c.category));
  const products = CATALOGUE.map((c, i) => c.products.map(([name]) => aggregator.productId(name, categories[i]!)));
  const orders = new SyntheticOrders(options);
  const emit = (o: { day: number; categoryIndex: number; productIndex: number; quantity: number; unitPrice: number }): void =>
    aggregator.add(o.day, categories[o.categoryIndex]!, products[o.categoryIndex]![o.productIndex]!, o.quantity, o.unitPrice);
  return (async () => {
    while (orders.fill(SYNTHETIC_BATCH, emit) > 0) {
      // Let signal handlers run between batches.
      await new Promise((resolve) => setImmediate(resolve));
      throwIfStopped(signal);
    }
    return `synthetic:rows=${options.rows},seed=${options.seed},days=${options.days}`;
  })();
}
