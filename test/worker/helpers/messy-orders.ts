/**
 * Generated order files with the mess real exports have: impossible dates, offsets in every form, epochs
 * in four units, local-looking text, half-cent prices, untrimmed and shared names, quoted fields (commas,
 * "" escapes, newlines), a quote that never closes, bad numbers, wrong column counts and blank lines.
 */

/** A small seeded PRNG (xorshift32), so a failing seed can be replayed. */
export function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

const GOOD_TIMES = (r: () => number): string => {
  const day = 1 + Math.floor(r() * 20);
  const hour = Math.floor(r() * 24);
  const minute = Math.floor(r() * 60);
  const base = `2024-03-${pad(day)}`;
  const ms = Date.UTC(2024, 2, day, hour, minute, 7);
  return pick(r, [
    `${base}T${pad(hour)}:${pad(minute)}:07Z`,
    `${base}T${pad(hour)}:${pad(minute)}:07Z`,
    `${base}T${pad(hour)}:${pad(minute)}:07.123Z`,
    `${base}T${pad(hour)}:${pad(minute)}+05:30`,
    `${base}T${pad(hour)}:${pad(minute)}:07-0800`,
    `${base}T${pad(hour)}:${pad(minute)}-05`,
    `${base} ${pad(hour)}:${pad(minute)}:07`,
    base,
    String(Math.floor(ms / 1000)),
    String(ms),
    `${ms}123`,
    `${ms}123456`,
  ]);
};

const BAD_TIMES = ['2024-02-30T10:00:00Z', '2023-02-29', '2024-03-10T25:61:00Z', '2024-03-10T23:60:00Z', '2024/03/10 23:30', 'yesterday', '', '1924-01-01T00:00:00Z', '2150-01-01', '123456789012345678901', '2024-03-10T10:00:00+24:00', '10/03/2024', '2024-3-10'];
const CATEGORIES = ['Books', 'Books ', ' Toys', 'Toys', 'Home & Kitchen', 'Garden\t'];
const PRODUCTS = ['Atlas', 'Kite', ' Kite ', 'Air Fryer', '"Kite, large"', '"12"" Pan"', '12" Pan', 'Tea'];
const PRICES = ['10', '5.5', '1.015', '2.675', '0.335', '12306.235', '0.005', '19.99', '0', '7.1234', ' 3.50 '];
const BAD_QUANTITIES = ['2.0', '1e1', '0x10', '-1', '0', '', 'two', '1234567890'];
const BAD_PRICES = ['', 'abc', '-1', '1.1234567', '1e2', '$5', '1.'];

/** One CSV file of `rows` records (plus a header) from `seed`. */
export function messyCsv(seed: number, rows: number): string {
  const r = random(seed);
  const lines = ['order_id,timestamp,customer_id,category,product,quantity,unit_price'];
  let order = 1;
  for (let k = 0; k < rows; k++) {
    if (r() < 0.6) order++;
    const id = pick(r, [String(order), String(order), `ORD-${order}`, `0${order}`, ` ${order} `]);
    let time = GOOD_TIMES(r);
    let category = pick(r, CATEGORIES);
    let product = pick(r, PRODUCTS);
    let quantity = String(1 + Math.floor(r() * 5));
    let price = pick(r, PRICES);
    let cells: string[] | undefined;
    const kind = r();
    if (kind < 0.06) time = pick(r, BAD_TIMES);
    else if (kind < 0.09) quantity = pick(r, BAD_QUANTITIES);
    else if (kind < 0.12) price = pick(r, BAD_PRICES);
    else if (kind < 0.13) category = pick(r, ['', '  ']);
    else if (kind < 0.14) product = '';
    else if (kind < 0.15) cells = [id, time, 'c'];
    else if (kind < 0.16) cells = [id, time, 'c', category, product, quantity, price, 'extra'];
    else if (kind < 0.17) product = '"Multi\nline"';
    else if (kind < 0.175) product = '"never closed';
    else if (kind < 0.18) lines.push('');
    else if (kind < 0.185) lines.push('   ');
    else if (kind < 0.19) cells = ['', time, 'c', category, product, quantity, price];
    lines.push((cells ?? [id, time, 'c', category, product, quantity, price]).join(','));
  }
  return `${lines.join(r() < 0.5 ? '\n' : '\r\n')}\n`;
}

/** The same kind of mess as NDJSON, with JSON's own: numbers for ids, times, quantities and prices, non-objects. */
export function messyNdjson(seed: number, rows: number): string {
  const r = random(seed);
  const lines: string[] = [];
  for (let k = 0; k < rows; k++) {
    const kind = r();
    // The first line is an order: it tells NDJSON from CSV.
    if (kind < 0.02 && k > 0) {
      lines.push(pick(r, ['not json', '[1,2]', '"text"', '{"order_id": 1,', 'null']));
      continue;
    }
    const record: Record<string, unknown> = {
      order_id: pick(r, [k, String(k), `ORD-${k % 50}`, k % 30]),
      timestamp: r() < 0.1 ? Date.UTC(2024, 2, 1 + Math.floor(r() * 20), 12) : GOOD_TIMES(r),
      category: pick(r, CATEGORIES),
      product: pick(r, PRODUCTS).replace(/"/g, ''),
      quantity: pick(r, [1, 2, '3', 4]),
      unit_price: pick(r, [10, 5.5, 1.015, '2.675', 0.335, '12306.235', 19.99]),
    };
    if (kind < 0.08) record.timestamp = pick(r, [...BAD_TIMES, 1e21, true]);
    else if (kind < 0.11) record.quantity = pick(r, [2.5, 0, -1, '2.0', '1e1', null, 1e10]);
    else if (kind < 0.14) record.unit_price = pick(r, [-1, '', 'abc', 1e-7, null, '1e2']);
    else if (kind < 0.15) record.category = pick(r, ['', 3, null]);
    else if (kind < 0.16) delete record.product;
    else if (kind < 0.17) delete record.order_id;
    lines.push(JSON.stringify(record));
    if (r() < 0.01) lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
