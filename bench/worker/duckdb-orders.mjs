// The analytics mode's aggregation in DuckDB (one scan, GROUPING SETS): duckdb-orders.mjs <duckdb-node-api dir> <file> [out dir]
// Prints {ms, cpuMs, maxRssMiB, orders, revenue}; `ms` is timed after module loading (the whole process is
// timed by the caller). With [out dir] it also writes what the worker writes: summary.json (totals, revenue by
// category, top 10 products, daily series with a 7-day moving average) and daily.csv.
// Run in its own process so its peak RSS is its own.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [moduleDir, file, outDir] = process.argv.slice(2);
const require = createRequire(join(moduleDir, 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
// The worker's rules where SQL has them: money as DECIMAL, each line amount rounded to the cent (ROUND on
// DECIMAL rounds half away from zero: half-up for these amounts), orders = distinct order_id. DuckDB counts
// distinct order ids in every grouping set (the worker only in the total): a little more work for DuckDB.
const source = `read_csv('${file.replace(/'/g, "''")}', header = true, columns = {'order_id': 'VARCHAR', 'timestamp': 'TIMESTAMPTZ', 'customer_id': 'BIGINT', 'category': 'VARCHAR', 'product': 'VARCHAR', 'quantity': 'INTEGER', 'unit_price': 'DECIMAL(18,6)'})`;
const reader = await connection.runAndReadAll(`
  SELECT category, product, CAST(timezone('UTC', "timestamp") AS DATE) AS day,
         count(*) AS orders, count(DISTINCT order_id) AS distinct_orders, sum(quantity) AS units,
         CAST(sum(round(quantity * unit_price, 2)) AS DOUBLE) AS revenue
  FROM ${source}
  GROUP BY GROUPING SETS ((category), (product, category), (CAST(timezone('UTC', "timestamp") AS DATE)), ())`);
const rows = reader.getRowObjectsJS();
const total = rows.find((r) => r.category === null && r.product === null && r.day === null);
if (outDir) writeOutputs(outDir, rows, total);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms: Math.round(ms), cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), orders: Number(total.distinct_orders), orderLines: Number(total.orders), revenue: cents(total.revenue) })}\n`);

function cents(value) {
  return Math.round(value * 100) / 100;
}

/** The worker's summary.json and daily.csv, built from the grouping sets. */
function writeOutputs(dir, rows, total) {
  const revenue = total.revenue;
  const byCategory = rows
    .filter((r) => r.category !== null && r.product === null)
    .map((r) => ({ category: r.category, revenue: cents(r.revenue), orders: Number(r.orders), units: Number(r.units), share: Math.round((r.revenue / revenue) * 1e4) / 1e4 }))
    .sort((a, b) => b.revenue - a.revenue || a.category.localeCompare(b.category));
  const topProducts = rows
    .filter((r) => r.product !== null)
    .map((r) => ({ product: r.product, category: r.category, revenue: cents(r.revenue), units: Number(r.units), orders: Number(r.orders) }))
    .sort((a, b) => b.revenue - a.revenue || a.product.localeCompare(b.product))
    .slice(0, 10);
  const days = rows.filter((r) => r.day !== null).sort((a, b) => a.day - b.day);
  let window = 0;
  const daily = days.map((d, i) => {
    window += d.revenue;
    if (i >= 7) window -= days[i - 7].revenue;
    return { date: new Date(d.day).toISOString().slice(0, 10), orders: Number(d.orders), units: Number(d.units), revenue: cents(d.revenue), movingAverage7: i >= 6 ? cents(window / 7) : null };
  });
  const totals = { orders: Number(total.orders), units: Number(total.units), revenue: cents(revenue), days: daily.length };
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify({ source: file, totals, revenueByCategory: byCategory, topProducts, daily }, null, 2)}\n`);
  writeFileSync(join(dir, 'daily.csv'), `date,orders,units,revenue,moving_average_7\n${daily.map((d) => `${d.date},${d.orders},${d.units},${d.revenue},${d.movingAverage7 ?? ''}`).join('\n')}\n`);
}
