// Writes generated orders as CSV (the worker's own synthetic generator): generate-orders <file|-> <rows> [seed] [days]
// `-` writes to stdout (a pipe from a parent process: /dev/stdout cannot be opened on a socket pair).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { CSV_HEADER, SyntheticOrders, orderCsvLine } from '../../worker/src/analytics/synthetic.js';

const [file, rowsText, seedText = '1', daysText = '365'] = process.argv.slice(2);
if (!file || !rowsText) throw new Error('usage: generate-orders <file> <rows> [seed] [days]');
const orders = new SyntheticOrders({ rows: Number(rowsText), seed: Number(seedText), days: Number(daysText) });
const toStdout = file === '-';
const out = toStdout ? process.stdout : createWriteStream(file);
out.write(`${CSV_HEADER}\n`);
let batch: string[] = [];
while (orders.fill(10_000, (o) => batch.push(orderCsvLine(o))) > 0) {
  if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
  batch = [];
}
if (!toStdout) {
  out.end();
  await once(out, 'finish');
}
