import { Writable } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as z from 'zod/mini';
import { OrderAggregator } from '../analytics/aggregate.js';
import { minorGcEvery } from '../analytics/minor-gc.js';
import { OrderParser } from '../analytics/order-parser.js';
import type { PlausibleRange } from '../analytics/order-parser.js';
import { CATALOGUE, SyntheticOrders } from '../analytics/synthetic.js';
import type { SyntheticOrder } from '../analytics/synthetic.js';
import { WORKER_ERRORS, WorkerError, invalidInput, throwIfStopped } from '../errors.js';
import { defineMode } from '../mode.js';
import type { ModeContext } from '../mode.js';
import { lineChartSvg } from '../render/line-chart.js';
import { describeAwsError, parseS3Uri, readObject } from '../s3.js';
import { parseTimestampText } from '../timestamps.js';

/** Largest synthetic data set: 100 million rows (bounded by time, not memory). */
const MAX_SYNTHETIC_ROWS = 100_000_000;
/** Rows generated between checks of the stop signal. */
const SYNTHETIC_BATCH = 50_000;
/** Default plausible range of order timestamps: [2000-01-01, 2100-01-01) UTC. */
const DEFAULT_FROM = '2000-01-01';
const DEFAULT_UNTIL = '2100-01-01';

const isoDay = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like "2000-01-01"'));
const schema = z.union([
  z.strictObject({
    source: z.string().check(z.regex(/^s3:\/\/[^/]+\/.+$/, 'expected an S3 URI like "s3://bucket/key"')),
    /** A file with more rejected lines than this fraction of its data lines is invalid input (exit 2). */
    maxRejectedFraction: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.5),
    /** Timestamps outside [from, until) (UTC days) are rejected as implausible. */
    plausibleRange: z._default(z.strictObject({ from: isoDay, until: isoDay }), { from: DEFAULT_FROM, until: DEFAULT_UNTIL }),
    currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code like "EUR"'))),
  }),
  z.strictObject({
    synthetic: z.strictObject({
      rows: z.int().check(z.minimum(1), z.maximum(MAX_SYNTHETIC_ROWS)),
      seed: z._default(z.int(), 1),
      days: z._default(z.int().check(z.minimum(1), z.maximum(3660)), 90),
    }),
    currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code like "EUR"'))),
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
    let source: string;
    try {
      source = 'source' in input ? await readSource(input.source, plausibleRange(input.plausibleRange), aggregator, context) : await generate(input.synthetic, aggregator, context);
    } catch (error) {
      aggregator.orderIds.dispose();
      throw error;
    }
    const summary = aggregator.summarise();
    const { totals } = summary;
    const counts = `${totals.lines} data lines, ${totals.orderLines} counted, ${totals.rejectedRows} rejected ${JSON.stringify(totals.rejectedBy)}`;
    if (!Number.isSafeInteger(aggregator.cents)) throw invalidInput(`TASK_INPUT.source: total revenue beyond exact integer cents (${counts})`);
    if (totals.orderLines === 0) throw invalidInput(`TASK_INPUT.source: no valid orders in ${source} (${counts})`);
    if ('maxRejectedFraction' in input && totals.rejectedRows > input.maxRejectedFraction * totals.lines) {
      throw invalidInput(`TASK_INPUT.source: ${source} has too many rejected lines, over maxRejectedFraction ${input.maxRejectedFraction} (${counts})`);
    }
    context.log.info('analytics: aggregated', { source, orders: totals.orders, orderLines: totals.orderLines, rejectedRows: totals.rejectedRows, days: totals.days });
    const { signal, artifacts } = context;
    const money = input.currency ?? 'currency units';
    await artifacts.write('summary.json', `${JSON.stringify({ source, currency: input.currency ?? null, rounding: ROUNDING, ...summary }, null, 2)}\n`, 'application/json', signal);
    const csv = ['date,order_lines,units,revenue,moving_average_7', ...summary.daily.map((d) => `${d.date},${d.orderLines},${d.units},${d.revenue},${d.movingAverage7 ?? ''}`)];
    await artifacts.write('daily.csv', `${csv.join('\n')}\n`, 'text/csv', signal);
    const chart = lineChartSvg({
      title: 'Daily revenue',
      xTitle: 'Day (UTC)',
      yTitle: `Revenue (${money})`,
      labels: summary.daily.map((d) => d.date),
      series: [
        { name: 'Daily revenue', color: '#2563eb', values: summary.daily.map((d) => d.revenue) },
        { name: '7-day moving average', color: '#dc2626', values: summary.daily.map((d) => d.movingAverage7), dashed: true },
      ],
    });
    await artifacts.write('daily-revenue.svg', chart, 'image/svg+xml', signal);
    return {
      source,
      totals,
      topCategory: summary.revenueByCategory[0]?.category ?? null,
      topProduct: summary.topProducts[0]?.product ?? null,
      weekOverWeekGrowth: summary.weekOverWeekGrowth,
    };
  },
});

const ROUNDING = 'integer cents; each line amount quantity × unit_price rounded once half-up to the cent; sums exact; averages half-up';

function plausibleRange(range: { from: string; until: string }): PlausibleRange {
  const fromMs = parseTimestampText(range.from);
  const untilMs = parseTimestampText(range.until);
  if (fromMs < -8.64e15 || untilMs < -8.64e15 || untilMs <= fromMs) throw invalidInput('TASK_INPUT.plausibleRange: expected two existing dates with from < until');
  return { fromMs, untilMs };
}

async function readSource(uri: string, range: PlausibleRange, aggregator: OrderAggregator, { signal, log }: ModeContext): Promise<string> {
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
  const parser = new OrderParser(aggregator, uri, range);
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
  // Categories and products get their ids when first generated, so the counts are what was generated.
  const products = CATALOGUE.map((c) => c.products.map(() => -1));
  const orders = new SyntheticOrders(options);
  const emit = (o: SyntheticOrder): void => {
    let product = products[o.categoryIndex]![o.productIndex]!;
    if (product < 0) {
      const entry = CATALOGUE[o.categoryIndex]!;
      product = aggregator.productId(aggregator.categoryId(entry.category), entry.products[o.productIndex]![0]);
      products[o.categoryIndex]![o.productIndex] = product;
    }
    aggregator.orderIds.addNumber(o.orderId);
    aggregator.add(o.day, product, o.quantity, o.quantity * o.unitCents);
  };
  return (async () => {
    while (orders.fill(SYNTHETIC_BATCH, emit) > 0) {
      // Let signal handlers run between batches.
      await new Promise((resolve) => setImmediate(resolve));
      throwIfStopped(signal);
    }
    return `synthetic:rows=${options.rows},seed=${options.seed},days=${options.days}`;
  })();
}
