import { invalidInput } from '../errors.js';
import type { OrderAggregator } from './aggregate.js';
import { ByteInterner } from './byte-interner.js';
import { dayOfTimestamp, validDay } from './calendar.js';

/** Columns the analysis reads; order_id and customer_id may be present and are not needed for the trends. */
export const REQUIRED_COLUMNS = ['timestamp', 'category', 'product', 'quantity', 'unit_price'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number];

const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;
const CR = 13;
/** scanFields' answer for a record with a quoted field: the full CSV parser takes it. */
const QUOTED = -1;
/** Longest line kept while waiting for its end: a file without newlines must not grow memory without bound. */
const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Streams orders (CSV with a header row, or NDJSON) into an OrderAggregator, one chunk at a time. Only
 * the unfinished last line of a chunk is kept, so memory does not depend on the input size. CSV lines
 * without quotes take a byte-level path (no strings per row); quoted lines go through a full CSV parser.
 */
export class OrderParser {
  private format: 'csv' | 'ndjson' | undefined;
  private carry: Buffer | undefined;
  private pendingQuoted = '';
  private columns: Record<Column, number> | undefined;
  private columnCount = 0;
  private readonly fieldStart = new Int32Array(64);
  private readonly fieldEnd = new Int32Array(64);
  private readonly categories: ByteInterner;
  private readonly products: ByteInterner;
  /** Interns "category,product" in one lookup when the two columns are adjacent (the usual layout). */
  private readonly pairs: ByteInterner;
  private readonly pairCategory: number[] = [];
  private readonly pairProduct: number[] = [];
  private currentCategory = 0;
  /** Fields found by the last scanFields, and the day of its timestamp when read in place (else NaN). */
  private fieldCount = 0;
  private day = Number.NaN;
  lines = 0;

  constructor(
    private readonly aggregator: OrderAggregator,
    private readonly sourceName: string,
  ) {
    this.categories = new ByteInterner((name) => aggregator.categoryId(name));
    this.products = new ByteInterner((name) => aggregator.productId(name, this.currentCategory));
    this.pairs = new ByteInterner((text) => {
      // Fast-path fields hold no commas, so the one comma separates the two names.
      const comma = text.indexOf(',');
      const categoryFirst = this.columns!.category < this.columns!.product;
      const categoryName = categoryFirst ? text.slice(0, comma) : text.slice(comma + 1);
      const productName = categoryFirst ? text.slice(comma + 1) : text.slice(0, comma);
      const category = aggregator.categoryId(categoryName);
      this.pairCategory.push(category);
      this.pairProduct.push(aggregator.productId(productName, category));
      return this.pairCategory.length - 1;
    });
  }

  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    if (this.carry) {
      const newline = buf.indexOf(NEWLINE);
      if (newline < 0) {
        this.carry = Buffer.concat([this.carry, buf]);
        if (this.carry.length > MAX_LINE_BYTES) throw invalidInput(`TASK_INPUT.source: ${this.sourceName} has a line longer than ${MAX_LINE_BYTES} bytes`);
        return;
      }
      const line = Buffer.concat([this.carry, buf.subarray(0, newline)]);
      this.carry = undefined;
      this.line(line, 0, line.length);
      from = newline + 1;
    }
    for (;;) {
      if (this.columns !== undefined && !this.pendingQuoted) from = this.csvRecords(buf, from);
      const newline = buf.indexOf(NEWLINE, from);
      if (newline < 0) break;
      this.line(buf, from, newline);
      from = newline + 1;
    }
    if (from < buf.length) this.carry = Buffer.from(buf.subarray(from));
  }

  /**
   * The fast path over a whole chunk: one pass over the bytes finds both the fields and the end of each
   * record. Returns the offset of the first record it leaves to the line-by-line path: one that does not
   * end in this chunk, or one with a quoted field.
   */
  private csvRecords(buf: Buffer, from: number): number {
    const limit = buf.length;
    while (from < limit) {
      const stop = this.scanFields(buf, from, limit);
      if (stop < 0 || stop >= limit) return from;
      let end = stop;
      if (end > from && buf[end - 1] === CR) {
        end--;
        if (this.fieldCount <= this.columnCount) this.fieldEnd[this.fieldCount - 1] = end;
      }
      if (end > from) {
        this.lines++;
        this.record(buf);
      }
      from = stop + 1;
    }
    return from;
  }
  end(): void {
    if (this.carry) {
      const line = this.carry;
      this.carry = undefined;
      this.line(line, 0, line.length);
    }
    if (this.pendingQuoted) this.aggregator.reject('columns');
    if (!this.format) throw invalidInput(`TASK_INPUT.source: ${this.sourceName} is empty; expected CSV with a header row or NDJSON orders`);
    if (this.format === 'csv' && !this.columns) throw invalidInput(`TASK_INPUT.source: ${this.sourceName} has no header row`);
  }

  private line(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === CR) end--;
    if (end <= start) return;
    this.lines++;
    if (this.format === undefined) {
      if (buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
      this.format = buf[start] === 0x7b /* { */ ? 'ndjson' : 'csv';
    }
    if (this.format === 'ndjson') return this.jsonLine(buf.toString('utf8', start, end));
    if (!this.columns) return this.header(buf.toString('utf8', start, end));
    if (!this.pendingQuoted && this.scanFields(buf, start, end) !== QUOTED) return this.record(buf);
    this.quotedLine(buf.toString('utf8', start, end));
  }

  private header(text: string): void {
    const names = splitCsv(text.replace(/^\uFEFF/, '')).map((n) => n.trim().toLowerCase());
    const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
    if (missing.length > 0) {
      throw invalidInput(
        `TASK_INPUT.source: ${this.sourceName} has no ${missing.map((m) => `"${m}"`).join(', ')} column; expected a header with order_id, timestamp, customer_id, category, product, quantity, unit_price`,
      );
    }
    if (names.length > this.fieldStart.length) throw invalidInput(`TASK_INPUT.source: ${this.sourceName} has more than ${this.fieldStart.length} columns`);
    this.columnCount = names.length;
    this.columns = Object.fromEntries(REQUIRED_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;
  }

  /**
   * Locates the fields of the record at `start` (in fieldStart/fieldEnd, their number in fieldCount) and
   * returns the offset of the newline that ends it, or `limit` when none comes first; QUOTED when a field
   * starts with a quote. A timestamp in the common "YYYY-MM-DDThh:mm:ssZ" form is read in place and
   * skipped without a byte-by-byte search; its day is left in `day`.
   */
  private scanFields(buf: Buffer, start: number, limit: number): number {
    const starts = this.fieldStart;
    const ends = this.fieldEnd;
    const count = this.columnCount;
    const timestampColumn = this.columns!.timestamp;
    let field = 0;
    let i = start;
    this.day = Number.NaN;
    for (;;) {
      if (field < count) starts[field] = i;
      if (i < limit && buf[i] === QUOTE) return QUOTED;
      if (field === timestampColumn && i + ISO_UTC_LENGTH <= limit) {
        const after = i + ISO_UTC_LENGTH === limit ? COMMA : buf[i + ISO_UTC_LENGTH];
        if (after === COMMA || after === NEWLINE || after === CR) {
          this.day = isoUtcDayAt(buf, i);
          if (!Number.isNaN(this.day)) i += ISO_UTC_LENGTH;
        }
      }
      // One comparison per byte for names and numbers: every byte that can end a field is <= ','.
      let c = 0;
      while (i < limit) {
        c = buf[i]!;
        if (c <= COMMA && (c === COMMA || c === NEWLINE)) break;
        i++;
      }
      if (field < count) ends[field] = i;
      field++;
      if (i >= limit || c === NEWLINE) break;
      i++;
    }
    this.fieldCount = field;
    return i;
  }

  /** Counts the record whose fields scanFields located; a wrong field is counted as a rejected row. */
  private record(buf: Buffer): void {
    const starts = this.fieldStart;
    const ends = this.fieldEnd;
    const c = this.columns!;
    if (this.fieldCount !== this.columnCount) return this.aggregator.reject('columns');
    let day = this.day;
    if (Number.isNaN(day)) day = dayFromBytes(buf, starts[c.timestamp]!, ends[c.timestamp]!);
    if (Number.isNaN(day)) return this.aggregator.reject('timestamp');
    const quantity = decimalFromBytes(buf, starts[c.quantity]!, ends[c.quantity]!);
    if (!validQuantity(quantity)) return this.aggregator.reject('quantity');
    const price = decimalFromBytes(buf, starts[c.unit_price]!, ends[c.unit_price]!);
    if (!validPrice(price)) return this.aggregator.reject('unit_price');
    if (ends[c.category]! <= starts[c.category]!) return this.aggregator.reject('category');
    if (ends[c.product]! <= starts[c.product]!) return this.aggregator.reject('product');
    if (c.product === c.category + 1 || c.category === c.product + 1) {
      const first = Math.min(c.category, c.product);
      const pair = this.pairs.lookup(buf, starts[first]!, ends[first + 1]!);
      this.aggregator.add(day, this.pairCategory[pair]!, this.pairProduct[pair]!, quantity, price);
      return;
    }
    const category = this.categories.lookup(buf, starts[c.category]!, ends[c.category]!);
    this.currentCategory = category;
    const product = this.products.lookup(buf, starts[c.product]!, ends[c.product]!);
    this.aggregator.add(day, category, product, quantity, price);
  }

  /** A line with quotes; a quoted field may span lines, so unbalanced quotes wait for the next line. */
  private quotedLine(text: string): void {
    const joined = this.pendingQuoted ? `${this.pendingQuoted}\n${text}` : text;
    if ((joined.match(/"/g)?.length ?? 0) % 2 === 1) {
      this.pendingQuoted = joined.length > MAX_LINE_BYTES ? '' : joined;
      if (!this.pendingQuoted) this.aggregator.reject('columns');
      return;
    }
    this.pendingQuoted = '';
    const fields = splitCsv(joined);
    if (fields.length !== this.columnCount) return this.aggregator.reject('columns');
    const c = this.columns!;
    this.addRecord(fields[c.timestamp], fields[c.category], fields[c.product], fields[c.quantity], fields[c.unit_price]);
  }

  private jsonLine(text: string): void {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      return this.aggregator.reject('columns');
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return this.aggregator.reject('columns');
    const r = record as Record<string, unknown>;
    this.addRecord(r.timestamp, r.category, r.product, r.quantity, r.unit_price);
  }

  private addRecord(timestamp: unknown, category: unknown, product: unknown, quantity: unknown, unitPrice: unknown): void {
    const day = typeof timestamp === 'string' || typeof timestamp === 'number' ? dayOfTimestamp(timestamp) : Number.NaN;
    if (Number.isNaN(day)) return this.aggregator.reject('timestamp');
    const q = toNumber(quantity);
    if (!validQuantity(q)) return this.aggregator.reject('quantity');
    const p = toNumber(unitPrice);
    if (!validPrice(p)) return this.aggregator.reject('unit_price');
    if (typeof category !== 'string' || category === '') return this.aggregator.reject('category');
    if (typeof product !== 'string' || product === '') return this.aggregator.reject('product');
    const categoryId = this.aggregator.categoryId(category);
    this.aggregator.add(day, categoryId, this.aggregator.productId(product, categoryId), q, p);
  }
}

const validQuantity = (q: number): boolean => Number.isInteger(q) && q > 0;
const validPrice = (p: number): boolean => Number.isFinite(p) && p >= 0;

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** Splits one CSV record (RFC 4180 quoting: "" is a quote inside a quoted field). */
export function splitCsv(text: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

/**
 * A plain decimal ("12", "-3.5", "19.99") read from bytes, exact as Number() would give for up to 15
 * digits (an integer divided by a power of ten rounds once). Anything else goes through Number().
 */
export function decimalFromBytes(buf: Buffer, start: number, end: number): number {
  let i = start;
  const negative = buf[i] === 45;
  if (negative) i++;
  let digits = 0;
  let value = 0;
  let scale = 1;
  for (; i < end; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    digits++;
  }
  if (i < end && buf[i] === 46) {
    for (i++; i < end; i++) {
      const c = buf[i]! - 48;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
      scale *= 10;
      digits++;
    }
  }
  if (i !== end || digits === 0 || digits > 15) {
    const text = buf.toString('latin1', start, end).trim();
    return text === '' ? Number.NaN : Number(text);
  }
  return (negative ? -value : value) / scale;
}

/** Length of "YYYY-MM-DDThh:mm:ssZ". */
const ISO_UTC_LENGTH = 20;

/**
 * Day number of a "YYYY-MM-DDThh:mm:ssZ" at `i` (separators and date digits checked), else NaN. The time
 * of day cannot move a UTC timestamp to another day, so it is not read (dayFromBytes, the other path,
 * ignores it too). Written out digit by digit: this runs once per row.
 */
export function isoUtcDayAt(buf: Buffer, i: number): number {
  if (buf[i + 4] !== 45 || buf[i + 7] !== 45 || buf[i + 10] !== 84 || buf[i + 19] !== 90) return Number.NaN;
  const y0 = buf[i]! - 48;
  const y1 = buf[i + 1]! - 48;
  const y2 = buf[i + 2]! - 48;
  const y3 = buf[i + 3]! - 48;
  const m0 = buf[i + 5]! - 48;
  const m1 = buf[i + 6]! - 48;
  const d0 = buf[i + 8]! - 48;
  const d1 = buf[i + 9]! - 48;
  // `>>> 0` turns a negative difference into a huge number, so one comparison per digit checks 0..9.
  if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return Number.NaN;
  return validDay(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
}

/** Day number of "YYYY-MM-DD", "YYYY-MM-DDThh:mm:ss[.fff]" with optional "Z"; other forms go to dayOfTimestamp. */
export function dayFromBytes(buf: Buffer, start: number, end: number): number {
  const length = end - start;
  const last = buf[end - 1];
  const zoneless = length === 10 || length === 16 || length === 19 || last === 90; /* Z */
  if (length >= 10 && zoneless && buf[start + 4] === 45 && buf[start + 7] === 45 && (length === 10 || buf[start + 10] === 84 || buf[start + 10] === 32)) {
    const year = digit(buf, start) * 1000 + digit(buf, start + 1) * 100 + digit(buf, start + 2) * 10 + digit(buf, start + 3);
    const month = digit(buf, start + 5) * 10 + digit(buf, start + 6);
    const day = digit(buf, start + 8) * 10 + digit(buf, start + 9);
    if (year >= 0 && month >= 0 && day >= 0) return validDay(year, month, day);
  }
  return dayOfTimestamp(buf.toString('latin1', start, end));
}

/** The digit at `i`, or a large negative number so any sum using it stays negative. */
function digit(buf: Buffer, i: number): number {
  const c = buf[i]! - 48;
  return c >= 0 && c <= 9 ? c : -100_000;
}
