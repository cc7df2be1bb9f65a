import { invalidInput } from '../errors.js';
import type { OrderAggregator, RejectReason } from './aggregate.js';
import { ByteInterner } from './byte-interner.js';
import { dayOfTimestamp, validDay } from './calendar.js';

/** Columns the analysis reads; order_id and customer_id may be present and are not needed for the trends. */
export const REQUIRED_COLUMNS = ['timestamp', 'category', 'product', 'quantity', 'unit_price'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number];

const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;
const CR = 13;
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
      const newline = buf.indexOf(NEWLINE, from);
      if (newline < 0) break;
      this.line(buf, from, newline);
      from = newline + 1;
    }
    if (from < buf.length) this.carry = Buffer.from(buf.subarray(from));
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
    if (this.pendingQuoted || !this.csvLine(buf, start, end)) this.quotedLine(buf.toString('utf8', start, end));
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
   * The fast path: fields located by byte offsets, numbers and dates read from the bytes. Returns false
   * when a field starts with a quote (the caller takes the full CSV parser). A timestamp in the common
   * "YYYY-MM-DDThh:mm:ssZ" form is checked in place and skipped without a byte-by-byte comma search.
   */
  private csvLine(buf: Buffer, start: number, end: number): boolean {
    const starts = this.fieldStart;
    const ends = this.fieldEnd;
    const count = this.columnCount;
    const c = this.columns!;
    const timestampColumn = c.timestamp;
    let field = 0;
    let i = start;
    let day = Number.NaN;
    for (;;) {
      starts[field] = i;
      if (buf[i] === QUOTE && i < end) return false;
      if (field === timestampColumn && i + ISO_UTC_LENGTH <= end && (i + ISO_UTC_LENGTH === end || buf[i + ISO_UTC_LENGTH] === COMMA)) {
        day = isoUtcDayAt(buf, i);
        if (Number.isNaN(day)) while (i < end && buf[i] !== COMMA) i++;
        else i += ISO_UTC_LENGTH;
      } else {
        while (i < end && buf[i] !== COMMA) i++;
      }
      ends[field] = i;
      if (i >= end) break;
      i++;
      if (++field >= count) return this.rejected('columns');
    }
    if (field !== count - 1) return this.rejected('columns');
    if (Number.isNaN(day)) day = dayFromBytes(buf, starts[timestampColumn]!, ends[timestampColumn]!);
    if (Number.isNaN(day)) return this.rejected('timestamp');
    const quantity = decimalFromBytes(buf, starts[c.quantity]!, ends[c.quantity]!);
    if (!validQuantity(quantity)) return this.rejected('quantity');
    const price = decimalFromBytes(buf, starts[c.unit_price]!, ends[c.unit_price]!);
    if (!validPrice(price)) return this.rejected('unit_price');
    if (ends[c.category]! <= starts[c.category]!) return this.rejected('category');
    if (ends[c.product]! <= starts[c.product]!) return this.rejected('product');
    if (c.product === c.category + 1 || c.category === c.product + 1) {
      const first = Math.min(c.category, c.product);
      const pair = this.pairs.lookup(buf, starts[first]!, ends[first + 1]!);
      this.aggregator.add(day, this.pairCategory[pair]!, this.pairProduct[pair]!, quantity, price);
      return true;
    }
    const category = this.categories.lookup(buf, starts[c.category]!, ends[c.category]!);
    this.currentCategory = category;
    const product = this.products.lookup(buf, starts[c.product]!, ends[c.product]!);
    this.aggregator.add(day, category, product, quantity, price);
    return true;
  }

  private rejected(reason: RejectReason): true {
    this.aggregator.reject(reason);
    return true;
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

/** Day number of a complete "YYYY-MM-DDThh:mm:ssZ" at `i` (every digit and separator checked), else NaN. */
export function isoUtcDayAt(buf: Buffer, i: number): number {
  if (buf[i + 4] !== 45 || buf[i + 7] !== 45 || buf[i + 10] !== 84 || buf[i + 13] !== 58 || buf[i + 16] !== 58 || buf[i + 19] !== 90) return Number.NaN;
  const year = digit(buf, i) * 1000 + digit(buf, i + 1) * 100 + digit(buf, i + 2) * 10 + digit(buf, i + 3);
  const month = digit(buf, i + 5) * 10 + digit(buf, i + 6);
  const day = digit(buf, i + 8) * 10 + digit(buf, i + 9);
  const hour = digit(buf, i + 11) * 10 + digit(buf, i + 12);
  const minute = digit(buf, i + 14) * 10 + digit(buf, i + 15);
  const second = digit(buf, i + 17) * 10 + digit(buf, i + 18);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return Number.NaN;
  return validDay(year, month, day);
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
