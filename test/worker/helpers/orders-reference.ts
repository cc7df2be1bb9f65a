/**
 * An independent reading of an orders file, written for the tests from worker/README.md's rules and
 * sharing no code with the worker: whole-text splitting, regular expressions and Date.UTC for timestamps,
 * BigInt for money (unit prices scaled to 10^-6, line amounts rounded half-up to the cent).
 */

const RECORD_LIMIT = 64 * 1024;
const FROM_MS = Date.UTC(2000, 0, 1);
const UNTIL_MS = Date.UTC(2100, 0, 1);
const COLUMNS = ['order_id', 'timestamp', 'category', 'product', 'quantity', 'unit_price'];

export interface ReferenceSummary {
  totals: Record<string, unknown>;
  rejectedLines: Record<string, number[]>;
  revenueByCategory: { category: string; revenue: number; orderLines: number; units: number; share: number }[];
  products: { product: string; category: string; revenue: number; units: number; orderLines: number }[];
  daily: { date: string; orderLines: number; units: number; revenue: number; movingAverage7: number | null }[];
  weekly: { weekStart: string; days: number; revenue: number; growth: number | null }[];
}

const trim = (s: string): string => s.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');

/** Epoch ms of a timestamp, or the reason it is refused. */
export function referenceTime(text: string): number | 'timestamp_format' | 'timestamp_invalid' {
  const t = text.replace(/^ +| +$/g, '');
  const epoch = /^(\d+)(\.\d+)?$/.exec(t);
  if (epoch) {
    const digits = epoch[1]!.replace(/^0+(?=\d)/, '');
    const value = BigInt(digits);
    if (digits.length <= 11) return Number(value * 1000n);
    if (digits.length <= 14) return Number(value);
    if (digits.length <= 17) return Number(value / 1000n);
    if (digits.length <= 20) return Number(value / 1_000_000n);
    return 'timestamp_format';
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(t);
  if (!iso) return 'timestamp_format';
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = iso;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'timestamp_invalid';
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return 'timestamp_invalid';
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const oz = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    if (Number(oz[2]) > 23 || Number(oz[3] ?? 0) > 59) return 'timestamp_invalid';
    offsetMinutes = (oz[1] === '-' ? -1 : 1) * (Number(oz[2]) * 60 + Number(oz[3] ?? 0));
  }
  return date.getTime() + ((Number(h) * 60 + Number(mi) - offsetMinutes) * 60 + Number(s)) * 1000 + Number(frac.padEnd(3, '0').slice(0, 3));
}

/** Fields of one CSV record, or 'unclosed'. */
function csvFields(text: string): string[] | 'unclosed' {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return 'unclosed';
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    const comma = text.indexOf(',', i);
    field += text.slice(i, comma < 0 ? text.length : comma);
    fields.push(field);
    if (comma < 0) return fields;
    i = comma + 1;
  }
}

class Tally {
  cents = 0n;
  units = 0;
  lines = 0;
  add(cents: bigint, units: number): void {
    this.cents += cents;
    this.units += units;
    this.lines++;
  }
}

export function referenceSummary(text: string): ReferenceSummary {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const rejectedLines: Record<string, number[]> = {};
  const reject = (reason: string, line: number): void => void (rejectedLines[reason] ??= []).push(line);
  const ids = new Set<string>();
  const byCategory = new Map<string, Tally>();
  const byProduct = new Map<string, Tally>();
  const byDay = new Map<number, Tally>();
  const all = new Tally();
  const blank = (l: string): boolean => /^[ \t]*$/.test(l);

  function count(rec: { order_id: unknown; timestamp: unknown; category: unknown; product: unknown; quantity: unknown; unit_price: unknown }, line: number): void {
    const id = typeof rec.order_id === 'string' ? trim(rec.order_id) : typeof rec.order_id === 'number' && Number.isFinite(rec.order_id) ? String(rec.order_id) : '';
    if (id === '') return reject('order_id', line);
    const time = typeof rec.timestamp === 'string' || typeof rec.timestamp === 'number' ? referenceTime(String(rec.timestamp)) : 'timestamp_format';
    if (typeof time === 'string') return reject(time, line);
    if (time < FROM_MS || time >= UNTIL_MS) return reject('timestamp_out_of_range', line);
    let quantity: number;
    if (typeof rec.quantity === 'number') quantity = Number.isInteger(rec.quantity) && rec.quantity > 0 && rec.quantity < 1e9 ? rec.quantity : -1;
    else quantity = typeof rec.quantity === 'string' && /^\d{1,9}$/.test(trim(rec.quantity)) && Number(trim(rec.quantity)) > 0 ? Number(trim(rec.quantity)) : -1;
    if (quantity < 0) return reject('quantity', line);
    const price = typeof rec.unit_price === 'string' || typeof rec.unit_price === 'number' ? /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(trim(String(rec.unit_price))) : null;
    if (!price) return reject('unit_price', line);
    const micro = BigInt(price[1]! + (price[2] ?? '').padEnd(6, '0'));
    const cents = (BigInt(quantity) * micro + 5000n) / 10000n;
    const category = typeof rec.category === 'string' ? trim(rec.category) : '';
    if (category === '') return reject('category', line);
    const product = typeof rec.product === 'string' ? trim(rec.product) : '';
    if (product === '') return reject('product', line);
    ids.add(id);
    const day = Math.floor(time / 86_400_000);
    for (const [map, key] of [[byCategory, category], [byProduct, JSON.stringify([category, product])], [byDay, day]] as const) {
      let tally = (map as Map<unknown, Tally>).get(key);
      if (!tally) (map as Map<unknown, Tally>).set(key, (tally = new Tally()));
      tally.add(cents, quantity);
    }
    all.add(cents, quantity);
  }

  let i = 0;
  while (i < lines.length && blank(lines[i]!)) i++;
  const ndjson = lines[i]?.replace(/^\uFEFF/, '').startsWith('{') ?? false;
  let header: string[] = [];
  if (!ndjson) {
    header = (csvFields(lines[i]!.replace(/^\uFEFF/, '')) as string[]).map((h) => h.trim().toLowerCase());
    i++;
  }
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (blank(line)) continue;
    if (ndjson) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        reject('invalid_json', i + 1);
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) reject('invalid_json', i + 1);
      else count(value as never, i + 1);
      continue;
    }
    // A record runs over as many lines as its quotes need, within the record limit; otherwise its first
    // line is rejected and reading goes on at the next line.
    let end = i;
    let bytes = line.length + 1;
    let fields = csvFields(line);
    while (fields === 'unclosed' && bytes <= RECORD_LIMIT && end + 1 < lines.length) {
      end++;
      bytes += lines[end]!.length + 1;
      fields = csvFields(lines.slice(i, end + 1).join('\n'));
    }
    if (fields === 'unclosed' || (end > i && fields.length !== header.length)) {
      reject('unclosed_quote', i + 1);
      continue;
    }
    if (fields.length !== header.length) reject('columns', i + 1);
    else count(Object.fromEntries(COLUMNS.map((c) => [c, fields[header.indexOf(c)]])) as never, i + 1);
    i = end;
  }

  const toMoney = (c: bigint): number => Number(c) / 100;
  const halfUp = (n: bigint, d: bigint): bigint => (2n * n + d) / (2n * d);
  const days = [...byDay.keys()];
  const daily: ReferenceSummary['daily'] = [];
  const dayCents: bigint[] = [];
  if (days.length > 0) {
    for (let d = Math.min(...days); d <= Math.max(...days); d++) {
      const t = byDay.get(d) ?? new Tally();
      dayCents.push(t.cents);
      const window = dayCents.length >= 7 ? dayCents.slice(-7).reduce((a, b) => a + b, 0n) : null;
      daily.push({ date: new Date(d * 86_400_000).toISOString().slice(0, 10), orderLines: t.lines, units: t.units, revenue: toMoney(t.cents), movingAverage7: window === null ? null : toMoney(halfUp(window, 7n)) });
    }
  }
  const weekly: ReferenceSummary['weekly'] = [];
  let previous: bigint | undefined;
  for (let w = 0; w + 7 <= dayCents.length; w += 7) {
    const cents = dayCents.slice(w, w + 7).reduce((a, b) => a + b, 0n);
    weekly.push({ weekStart: daily[w]!.date, days: 7, revenue: toMoney(cents), growth: previous === undefined || previous === 0n ? null : Math.round(((Number(cents) - Number(previous)) / Number(previous)) * 1e4) / 1e4 });
    previous = cents;
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const rejected = Object.values(rejectedLines).reduce((a, l) => a + l.length, 0);
  return {
    totals: {
      orders: ids.size,
      orderLines: all.lines,
      units: all.units,
      revenue: toMoney(all.cents),
      averageOrderValue: ids.size === 0 ? 0 : toMoney(halfUp(all.cents, BigInt(ids.size))),
      categories: byCategory.size,
      products: byProduct.size,
      firstDate: daily[0]?.date ?? null,
      lastDate: daily.at(-1)?.date ?? null,
      days: daily.length,
      lines: all.lines + rejected,
      rejectedRows: rejected,
      rejectedBy: Object.fromEntries(Object.entries(rejectedLines).map(([r, l]) => [r, l.length])),
    },
    rejectedLines,
    revenueByCategory: [...byCategory]
      .sort((a, b) => (a[1].cents === b[1].cents ? cmp(a[0], b[0]) : a[1].cents > b[1].cents ? -1 : 1))
      .map(([category, t]) => ({ category, revenue: toMoney(t.cents), orderLines: t.lines, units: t.units, share: Math.round((Number(t.cents) / Number(all.cents)) * 1e4) / 1e4 })),
    products: [...byProduct]
      .map(([key, t]) => ({ key: JSON.parse(key) as [string, string], t }))
      .sort((a, b) => (a.t.cents !== b.t.cents ? (a.t.cents > b.t.cents ? -1 : 1) : cmp(a.key[1], b.key[1]) || cmp(a.key[0], b.key[0])))
      .map(({ key, t }) => ({ product: key[1], category: key[0], revenue: toMoney(t.cents), units: t.units, orderLines: t.lines })),
    daily,
    weekly,
  };
}
