import { invalidInput } from '../errors.js';
import { DAY_MS, TIMESTAMP_FORMAT, TIMESTAMP_INVALID, daysFromCivil, daysInMonth, parseTimestamp, parseTimestampText } from '../timestamps.js';
import type { OrderAggregator, RejectReason } from './aggregate.js';
import { ByteInterner } from './byte-interner.js';
import { lineCents, readPrice, readQuantity } from './money.js';
import type { Price } from './money.js';

/** Columns the analysis reads (customer_id may be present and is not needed). */
export const REQUIRED_COLUMNS = ['order_id', 'timestamp', 'category', 'product', 'quantity', 'unit_price'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number];

/**
 * Longest record: a line, or the lines of a record whose quoted field spans lines. A quoted field still
 * open past it is rejected (`unclosed_quote`) and reading resumes at the line after the record's first.
 */
export const RECORD_LIMIT_BYTES = 64 * 1024;

/** Timestamps outside [fromMs, untilMs) are rejected as implausible. */
export interface PlausibleRange {
  fromMs: number;
  untilMs: number;
}

/** Default plausible range: [2000-01-01, 2100-01-01) UTC. */
export const DEFAULT_PLAUSIBLE_RANGE: PlausibleRange = { fromMs: Date.UTC(2000, 0, 1), untilMs: Date.UTC(2100, 0, 1) };

const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
/** scanFields' answer for a record with a quoted field: the string-based CSV reading takes it. */
const QUOTED = -1;
/** scanFields' `day` when the timestamp was not read during the scan. */
const NOT_FAST = -1_000_000_000;
/** Length of "YYYY-MM-DDThh:mm:ssZ", the common form the fast path skips over without a byte search. */
const ISO_UTC_LENGTH = 20;

/** Quote state at the end of a line of a CSV record (RFC 4180: a quote only opens a field at its start). */
const enum QuoteState {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the field's end, or the first half of "". */
  QuoteInQuoted,
}

/**
 * Streams orders (CSV with a header row, or NDJSON) into an OrderAggregator, one chunk at a time. Only
 * the unfinished last line of a chunk is kept, so memory does not depend on the input size. CSV lines
 * without quotes take a byte-level path (no strings per row); quoted records are read as text.
 * Every non-blank data line is either counted or rejected with one reason and its line number.
 */
export class OrderParser {
  private format: 'csv' | 'ndjson' | undefined;
  private carry: Buffer | undefined;
  /** Discarding the rest of a line longer than the record limit. */
  private skipping = false;
  /** Number (1-based) of the next physical line. */
  private lineNumber = 1;
  private pending: { lines: string[]; numbers: number[]; bytes: number; state: QuoteState } | undefined;
  private readonly replay: { text: string; number: number }[] = [];
  private replaying = false;
  private columns: Record<Column, number> | undefined;
  private columnCount = 0;
  private readonly fieldStart = new Int32Array(64);
  private readonly fieldEnd = new Int32Array(64);
  private readonly categories: ByteInterner;
  private readonly productNames: ByteInterner;
  private readonly productNameText: string[] = [];
  private readonly productByCategoryAndName = new Map<number, number>();
  /** Interns "category,product" in one lookup when the two columns are adjacent (the usual layout). */
  private readonly pairs: ByteInterner;
  private readonly pairProduct: number[] = [];
  private readonly price: Price = { units: 0, decimals: 0 };
  /** Fields found by the last scanFields, and the UTC day of its timestamp when read during the scan. */
  private fieldCount = 0;
  private day = NOT_FAST;
  /** The last date the fast path converted (YYYYMMDD) and its day number: rows usually come grouped by day. */
  private lastDate = -1;
  private lastDay = 0;
  private readonly fromDay: number;
  private readonly untilDay: number;

  constructor(
    private readonly aggregator: OrderAggregator,
    private readonly sourceName: string,
    private readonly range: PlausibleRange,
  ) {
    // The fast path compares day numbers: exact when the range's ends are whole days (dates).
    this.fromDay = Math.ceil(range.fromMs / DAY_MS);
    this.untilDay = Math.ceil(range.untilMs / DAY_MS);
    this.categories = new ByteInterner((name) => aggregator.categoryId(trimName(name)));
    this.productNames = new ByteInterner((name) => this.productNameText.push(trimName(name)) - 1);
    this.pairs = new ByteInterner((text) => {
      // Fast-path fields hold no commas, so the one comma separates the two names.
      const comma = text.indexOf(',');
      const categoryFirst = this.columns!.category < this.columns!.product;
      const categoryName = trimName(categoryFirst ? text.slice(0, comma) : text.slice(comma + 1));
      const productName = trimName(categoryFirst ? text.slice(comma + 1) : text.slice(0, comma));
      return this.pairProduct.push(aggregator.productId(aggregator.categoryId(categoryName), productName)) - 1;
    });
  }

  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    if (this.skipping) {
      const newline = buf.indexOf(NEWLINE);
      if (newline < 0) return;
      this.skipping = false;
      this.lineNumber++;
      from = newline + 1;
    } else if (this.carry) {
      const newline = buf.indexOf(NEWLINE);
      if (newline < 0) {
        if (this.carry.length + buf.length > RECORD_LIMIT_BYTES) return this.tooLong();
        this.carry = Buffer.concat([this.carry, buf]);
        return;
      }
      if (this.carry.length + newline > RECORD_LIMIT_BYTES) {
        this.tooLong();
        this.skipping = false;
        this.lineNumber++;
      } else {
        const line = Buffer.concat([this.carry, buf.subarray(0, newline)]);
        this.carry = undefined;
        this.line(line, 0, line.length);
      }
      from = newline + 1;
    }
    for (;;) {
      if (this.columns !== undefined && this.pending === undefined) from = this.csvRecords(buf, from);
      const newline = buf.indexOf(NEWLINE, from);
      if (newline < 0) break;
      if (newline - from > RECORD_LIMIT_BYTES) {
        this.tooLong();
        this.skipping = false;
        this.lineNumber++;
      } else this.line(buf, from, newline);
      from = newline + 1;
    }
    if (from < buf.length) {
      if (buf.length - from > RECORD_LIMIT_BYTES) this.tooLong();
      else this.carry = Buffer.from(buf.subarray(from));
    }
  }

  end(): void {
    if (this.carry) {
      const line = this.carry;
      this.carry = undefined;
      this.line(line, 0, line.length);
    }
    if (this.pending) this.abandonPending();
    if (!this.format) throw invalidInput(`TASK_INPUT.source: ${this.sourceName} is empty; expected CSV with a header row or NDJSON orders`);
    if (this.format === 'csv' && !this.columns) throw invalidInput(`TASK_INPUT.source: ${this.sourceName} has no header row`);
  }

  /** The current line is longer than the record limit: rejected, and skipped up to its newline. */
  private tooLong(): void {
    this.carry = undefined;
    if (this.format === undefined || (this.format === 'csv' && !this.columns)) {
      throw invalidInput(`TASK_INPUT.source: ${this.sourceName} starts with a line longer than ${RECORD_LIMIT_BYTES} bytes; expected a CSV header or an NDJSON order`);
    }
    if (this.pending) this.abandonPending();
    this.aggregator.reject('line_too_long', this.lineNumber);
    this.skipping = true;
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
      const number = this.lineNumber++;
      if (stop - from > RECORD_LIMIT_BYTES) this.aggregator.reject('line_too_long', number);
      else if (end > from) this.record(buf, number);
      from = stop + 1;
    }
    return from;
  }

  private line(buf: Buffer, start: number, end: number): void {
    const number = this.lineNumber++;
    if (end > start && buf[end - 1] === CR) end--;
    if (this.pending) return this.continueQuoted(buf.toString('utf8', start, end), number);
    if (isBlank(buf, start, end)) return;
    if (this.format === undefined) {
      if (buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
      this.format = buf[start] === 0x7b /* { */ ? 'ndjson' : 'csv';
    }
    if (this.format === 'ndjson') return this.jsonLine(buf.toString('utf8', start, end), number);
    if (!this.columns) return this.header(buf.toString('utf8', start, end));
    if (this.scanFields(buf, start, end) !== QUOTED) return this.record(buf, number);
    this.startQuoted(buf.toString('utf8', start, end), number);
  }

  private header(text: string): void {
    const names = parseCsvRecord(text.replace(/^\uFEFF/, ''));
    if (!Array.isArray(names)) throw invalidInput(`TASK_INPUT.source: ${this.sourceName} has a header row with a broken quote`);
    const lower = names.map((n) => n.trim().toLowerCase());
    const missing = REQUIRED_COLUMNS.filter((c) => !lower.includes(c));
    if (missing.length > 0) {
      throw invalidInput(
        `TASK_INPUT.source: ${this.sourceName} has no ${missing.map((m) => `"${m}"`).join(', ')} column; expected a header with order_id, timestamp, customer_id, category, product, quantity, unit_price`,
      );
    }
    if (lower.length > this.fieldStart.length) throw invalidInput(`TASK_INPUT.source: ${this.sourceName} has more than ${this.fieldStart.length} columns`);
    this.columnCount = lower.length;
    this.columns = Object.fromEntries(REQUIRED_COLUMNS.map((c) => [c, lower.indexOf(c)])) as Record<Column, number>;
  }

  /**
   * Locates the fields of the record at `start` (in fieldStart/fieldEnd, their number in fieldCount) and
   * returns the offset of the newline that ends it, or `limit` when none comes first; QUOTED when a field
   * starts with a quote. A timestamp in the common "YYYY-MM-DDThh:mm:ssZ" form is read during the scan
   * and skipped without a byte-by-byte search; its value is left in `timeMs`.
   */
  private scanFields(buf: Buffer, start: number, limit: number): number {
    const starts = this.fieldStart;
    const ends = this.fieldEnd;
    const count = this.columnCount;
    const timestampColumn = this.columns!.timestamp;
    let field = 0;
    let i = start;
    this.day = NOT_FAST;
    for (;;) {
      if (field < count) starts[field] = i;
      if (i < limit && buf[i] === QUOTE) return QUOTED;
      if (field === timestampColumn && i + ISO_UTC_LENGTH <= limit && buf[i + 19] === 90 /* Z */) {
        const after = i + ISO_UTC_LENGTH === limit ? COMMA : buf[i + ISO_UTC_LENGTH];
        if (after === COMMA || after === NEWLINE || after === CR) {
          const day = this.isoUtcDayAt(buf, i);
          if (day !== NOT_FAST) {
            this.day = day;
            i += ISO_UTC_LENGTH;
          }
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

  /** Counts or rejects the record whose fields scanFields located. */
  private record(buf: Buffer, number: number): void {
    const starts = this.fieldStart;
    const ends = this.fieldEnd;
    const c = this.columns!;
    if (this.fieldCount !== this.columnCount) {
      if (this.fieldCount === 1 && isBlank(buf, starts[0]!, ends[0]!)) return;
      return this.aggregator.reject('columns', number);
    }
    const idStart = trimStart(buf, starts[c.order_id]!, ends[c.order_id]!);
    const idEnd = trimEnd(buf, idStart, ends[c.order_id]!);
    if (idEnd <= idStart) return this.aggregator.reject('order_id', number);
    let day = this.day;
    if (day === NOT_FAST || day < this.fromDay || day >= this.untilDay) {
      const parsed = this.dayOf(parseTimestamp(buf, starts[c.timestamp]!, ends[c.timestamp]!), number);
      if (parsed === undefined) return;
      day = parsed;
    }
    const quantity = readQuantity(buf, trimStart(buf, starts[c.quantity]!, ends[c.quantity]!), trimEnd(buf, starts[c.quantity]!, ends[c.quantity]!));
    if (quantity < 0) return this.aggregator.reject('quantity', number);
    if (!readPrice(buf, trimStart(buf, starts[c.unit_price]!, ends[c.unit_price]!), trimEnd(buf, starts[c.unit_price]!, ends[c.unit_price]!), this.price)) {
      return this.aggregator.reject('unit_price', number);
    }
    const cents = lineCents(quantity, this.price);
    if (cents < 0) return this.aggregator.reject('amount_too_large', number);
    const categoryStart = trimStart(buf, starts[c.category]!, ends[c.category]!);
    const categoryEnd = trimEnd(buf, categoryStart, ends[c.category]!);
    if (categoryEnd <= categoryStart) return this.aggregator.reject('category', number);
    const productStart = trimStart(buf, starts[c.product]!, ends[c.product]!);
    const productEnd = trimEnd(buf, productStart, ends[c.product]!);
    if (productEnd <= productStart) return this.aggregator.reject('product', number);
    let product: number;
    if (c.product === c.category + 1 || c.category === c.product + 1) {
      const first = Math.min(c.category, c.product);
      product = this.pairProduct[this.pairs.lookup(buf, starts[first]!, ends[first + 1]!)]!;
    } else {
      const category = this.categories.lookup(buf, categoryStart, categoryEnd);
      const name = this.productNames.lookup(buf, productStart, productEnd);
      product = this.productOf(category, name);
    }
    const id = canonicalNumber(buf, idStart, idEnd);
    if (id >= 0) this.aggregator.orderIds.addNumber(id);
    else this.aggregator.orderIds.add(buf.toString('utf8', idStart, idEnd));
    this.aggregator.add(day, product, quantity, cents);
  }

  /**
   * Day number of a valid "YYYY-MM-DDThh:mm:ssZ" at `i`, else NOT_FAST (the general parser then decides
   * and gives the reason). The common case, written out digit by digit: it runs once per row, and returns
   * a small integer where the general parser's epoch milliseconds would be a heap number.
   */
  private isoUtcDayAt(buf: Buffer, i: number): number {
    if (buf[i + 4] !== 45 || buf[i + 7] !== 45 || buf[i + 10] !== 84 || buf[i + 13] !== 58 || buf[i + 16] !== 58) return NOT_FAST;
    const y0 = buf[i]! - 48;
    const y1 = buf[i + 1]! - 48;
    const y2 = buf[i + 2]! - 48;
    const y3 = buf[i + 3]! - 48;
    const m0 = buf[i + 5]! - 48;
    const m1 = buf[i + 6]! - 48;
    const d0 = buf[i + 8]! - 48;
    const d1 = buf[i + 9]! - 48;
    const h0 = buf[i + 11]! - 48;
    const h1 = buf[i + 12]! - 48;
    const n0 = buf[i + 14]! - 48;
    const n1 = buf[i + 15]! - 48;
    const s0 = buf[i + 17]! - 48;
    const s1 = buf[i + 18]! - 48;
    // `>>> 0` turns a negative difference into a huge number, so one comparison per digit checks 0..9.
    if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return NOT_FAST;
    if ((h0 >>> 0) > 2 || (h1 >>> 0) > 9 || h0 * 10 + h1 > 23 || (n0 >>> 0) > 5 || (n1 >>> 0) > 9 || (s0 >>> 0) > 5 || (s1 >>> 0) > 9) return NOT_FAST;
    const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    const month = m0 * 10 + m1;
    const day = d0 * 10 + d1;
    const date = (year * 100 + month) * 100 + day;
    if (date === this.lastDate) return this.lastDay;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NOT_FAST;
    this.lastDate = date;
    this.lastDay = daysFromCivil(year, month, day);
    return this.lastDay;
  }

  private productOf(category: number, nameIndex: number): number {
    const key = category * 100_000_000 + nameIndex;
    let id = this.productByCategoryAndName.get(key);
    if (id === undefined) {
      id = this.aggregator.productId(category, this.productNameText[nameIndex]!);
      this.productByCategoryAndName.set(key, id);
    }
    return id;
  }

  /** The UTC day of a parsed timestamp, or undefined after rejecting the line. */
  private dayOf(ms: number, number: number): number | undefined {
    if (ms === TIMESTAMP_FORMAT) return void this.aggregator.reject('timestamp_format', number);
    if (ms === TIMESTAMP_INVALID) return void this.aggregator.reject('timestamp_invalid', number);
    if (ms < this.range.fromMs || ms >= this.range.untilMs) return void this.aggregator.reject('timestamp_out_of_range', number);
    return Math.floor(ms / DAY_MS);
  }

  /** A record with a quoted field; the field may span lines, so an open quote waits for the next line. */
  private startQuoted(text: string, number: number): void {
    this.pending = { lines: [], numbers: [], bytes: 0, state: QuoteState.FieldStart };
    this.continueQuoted(text, number);
  }

  private continueQuoted(text: string, number: number): void {
    const p = this.pending!;
    p.lines.push(text);
    p.numbers.push(number);
    p.bytes += text.length + 1;
    p.state = quoteStateAfter(text, p.state === QuoteState.Quoted ? QuoteState.Quoted : QuoteState.FieldStart);
    if (p.state === QuoteState.Quoted) {
      if (p.bytes > RECORD_LIMIT_BYTES) this.abandonPending();
      return;
    }
    const fields = parseCsvRecord(p.lines.join('\n'));
    // A quote that closes lines later with the wrong number of fields was a stray quote, not a field
    // spanning lines: the lines it swallowed are read again rather than lost in one rejected record.
    if (fields === 'unclosed' || (p.lines.length > 1 && fields.length !== this.columnCount)) return this.abandonPending();
    this.pending = undefined;
    this.addFields(fields, p.numbers[0]!);
  }

  /**
   * The open record's first line is rejected (`unclosed_quote`); the lines after it are read again as
   * lines of their own (a queue, not recursion: each may start another open record).
   */
  private abandonPending(): void {
    const p = this.pending!;
    this.pending = undefined;
    this.aggregator.reject('unclosed_quote', p.numbers[0]!);
    this.replay.unshift(...p.lines.slice(1).map((text, k) => ({ text, number: p.numbers[k + 1]! })));
    if (this.replaying) return;
    this.replaying = true;
    try {
      for (let next = this.replay.shift(); next; next = this.replay.shift()) {
        if (this.pending) this.continueQuoted(next.text, next.number);
        else if (!/^[ \t]*$/.test(next.text)) this.startQuoted(next.text, next.number);
      }
    } finally {
      this.replaying = false;
    }
  }

  private addFields(fields: string[], number: number): void {
    if (fields.length !== this.columnCount) return this.aggregator.reject('columns', number);
    const c = this.columns!;
    this.addRecord(fields[c.order_id], fields[c.timestamp], fields[c.category], fields[c.product], fields[c.quantity], fields[c.unit_price], number);
  }

  private jsonLine(text: string, number: number): void {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      return this.aggregator.reject('invalid_json', number);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return this.aggregator.reject('invalid_json', number);
    const r = record as Record<string, unknown>;
    this.addRecord(r.order_id, r.timestamp, r.category, r.product, r.quantity, r.unit_price, number);
  }

  /** The string-based reading of one record (quoted CSV and NDJSON), with the fast path's checks in the same order. */
  private addRecord(orderId: unknown, timestamp: unknown, category: unknown, product: unknown, quantity: unknown, unitPrice: unknown, number: number): void {
    const id = typeof orderId === 'string' ? trimName(orderId) : typeof orderId === 'number' && Number.isFinite(orderId) ? String(orderId) : '';
    if (id === '') return this.aggregator.reject('order_id', number);
    const ms = typeof timestamp === 'string' || typeof timestamp === 'number' ? parseTimestampText(String(timestamp)) : TIMESTAMP_FORMAT;
    const day = this.dayOf(ms, number);
    if (day === undefined) return;
    const q = typeof quantity === 'number' ? (Number.isSafeInteger(quantity) && quantity > 0 && quantity < 1e9 ? quantity : -1) : typeof quantity === 'string' ? readQuantity(...trimmedBytes(quantity)) : -1;
    if (q < 0) return this.aggregator.reject('quantity', number);
    if (!(typeof unitPrice === 'string' || typeof unitPrice === 'number') || !readPrice(...trimmedBytes(String(unitPrice)), this.price)) return this.aggregator.reject('unit_price', number);
    const cents = lineCents(q, this.price);
    if (cents < 0) return this.aggregator.reject('amount_too_large', number);
    const categoryName = typeof category === 'string' ? trimName(category) : '';
    if (categoryName === '') return this.aggregator.reject('category', number);
    const productName = typeof product === 'string' ? trimName(product) : '';
    if (productName === '') return this.aggregator.reject('product', number);
    this.aggregator.orderIds.add(id);
    this.aggregator.add(day, this.aggregator.productId(this.aggregator.categoryId(categoryName), productName), q, cents);
  }
}

/** Names and ids are trimmed of ASCII spaces and tabs (the same on the byte path and the text path). */
export const trimName = (text: string): string => text.replace(/^[ \t]+|[ \t]+$/g, '');

function trimmedBytes(text: string): [Buffer, number, number] {
  const bytes = Buffer.from(trimName(text), 'utf8');
  return [bytes, 0, bytes.length];
}

function trimStart(buf: Buffer, start: number, end: number): number {
  while (start < end && (buf[start] === SPACE || buf[start] === TAB)) start++;
  return start;
}

function trimEnd(buf: Buffer, start: number, end: number): number {
  while (end > start && (buf[end - 1] === SPACE || buf[end - 1] === TAB)) end--;
  return end;
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== SPACE && buf[i] !== TAB && buf[i] !== CR) return false;
  return true;
}

/** A canonical decimal id (no leading zero, at most 15 digits) as a number; -1 for anything else. */
function canonicalNumber(buf: Buffer, start: number, end: number): number {
  if (end - start > 15 || (buf[start] === 48 && end - start > 1)) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

function quoteStateAfter(text: string, state: QuoteState): QuoteState {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    switch (state) {
      case QuoteState.FieldStart:
        state = ch === QUOTE ? QuoteState.Quoted : ch === COMMA ? QuoteState.FieldStart : QuoteState.Unquoted;
        break;
      case QuoteState.Unquoted:
        if (ch === COMMA) state = QuoteState.FieldStart;
        break;
      case QuoteState.Quoted:
        if (ch === QUOTE) state = QuoteState.QuoteInQuoted;
        break;
      case QuoteState.QuoteInQuoted:
        state = ch === QUOTE ? QuoteState.Quoted : ch === COMMA ? QuoteState.FieldStart : QuoteState.Unquoted;
        break;
    }
  }
  return state;
}

/**
 * Splits one CSV record (RFC 4180: a field that starts with a quote is quoted, "" inside it is a quote,
 * and it may hold commas and newlines; a quote inside an unquoted field is an ordinary character). Text
 * between a closing quote and the next comma is kept as part of the field. 'unclosed' when a quoted field
 * does not end.
 */
export function parseCsvRecord(text: string): string[] | 'unclosed' {
  const fields: string[] = [];
  let current = '';
  let state = QuoteState.FieldStart;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (state === QuoteState.Quoted) {
      if (ch === '"') state = QuoteState.QuoteInQuoted;
      else current += ch;
    } else if (state === QuoteState.QuoteInQuoted && ch === '"') {
      current += '"';
      state = QuoteState.Quoted;
    } else if (ch === ',') {
      fields.push(current);
      current = '';
      state = QuoteState.FieldStart;
    } else if (state === QuoteState.FieldStart && ch === '"') state = QuoteState.Quoted;
    else {
      current += ch;
      state = QuoteState.Unquoted;
    }
  }
  if (state === QuoteState.Quoted) return 'unclosed';
  fields.push(current);
  return fields;
}
