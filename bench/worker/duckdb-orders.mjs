// The same aggregation as the analytics mode, in DuckDB (one scan, GROUPING SETS): duckdb-orders.mjs <duckdb-node-api dir> <file>
// Prints {ms, maxRssMiB, orders, revenue}. Run in its own process so its peak RSS is its own.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [moduleDir, file] = process.argv.slice(2);
const require = createRequire(join(moduleDir, 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
// Timed from here, like the worker's core: module loading is left out on both sides.
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const source = `read_csv('${file.replace(/'/g, "''")}', header = true, columns = {'order_id': 'BIGINT', 'timestamp': 'TIMESTAMPTZ', 'customer_id': 'BIGINT', 'category': 'VARCHAR', 'product': 'VARCHAR', 'quantity': 'INTEGER', 'unit_price': 'DOUBLE'})`;
const reader = await connection.runAndReadAll(`
  SELECT category, product, CAST(timezone('UTC', "timestamp") AS DATE) AS day,
         count(*) AS orders, sum(quantity) AS units, sum(quantity * unit_price) AS revenue
  FROM ${source}
  GROUP BY GROUPING SETS ((category), (product, category), (CAST(timezone('UTC', "timestamp") AS DATE)), ())`);
const rows = reader.getRowObjectsJS();
const total = rows.find((r) => r.category === null && r.product === null && r.day === null);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms: Math.round(ms), cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), orders: Number(total.orders), revenue: Math.round(total.revenue * 100) / 100 })}\n`);
