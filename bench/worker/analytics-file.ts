// The analytics mode's streaming core over a local file: analytics-file <file> [repeat]
// Reading the file `repeat` times into one parser stands in for an input `repeat` times larger.
// The read loop is the analytics mode's (worker/src/modes/analytics.ts readSource) without S3.
// CHUNK_KB sets the read size (default 1024).
import { createReadStream } from 'node:fs';
import { OrderAggregator } from '../../worker/src/analytics/aggregate.js';
import { minorGcEvery } from '../../worker/src/analytics/minor-gc.js';
import { DEFAULT_PLAUSIBLE_RANGE, OrderParser } from '../../worker/src/analytics/order-parser.js';

const [file, repeatText = '1'] = process.argv.slice(2);
if (!file) throw new Error('usage: analytics-file <file> [repeat]');
const started = performance.now();
const aggregator = new OrderAggregator();
const parser = new OrderParser(aggregator, file, DEFAULT_PLAUSIBLE_RANGE);
const read = minorGcEvery();
let headerSkipped = false;
for (let pass = 0; pass < Number(repeatText); pass++) {
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: Number(process.env.CHUNK_KB ?? 1024) * 1024 })) {
    let bytes = chunk as Buffer;
    // Later passes skip the header line so the parser sees one long file.
    if (first && pass > 0) bytes = bytes.subarray(bytes.indexOf(10) + 1);
    first = false;
    parser.push(bytes);
    read(bytes.byteLength);
  }
  headerSkipped = true;
}
parser.end();
const summary = aggregator.summarise();
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ ms: Math.round(ms), cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), orders: summary.totals.orders, revenue: summary.totals.revenue, repeated: headerSkipped ? Number(repeatText) : 1 })}\n`,
);
