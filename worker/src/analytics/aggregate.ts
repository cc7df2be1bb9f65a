import { isoDate } from '../timestamps.js';
import { DistinctIds } from './distinct-ids.js';
import { divideHalfUp, fromCents } from './money.js';

/** Why a data line was not counted. Each rejected line has exactly one reason (the first check it fails). */
export const REJECT_REASONS = {
  columns: 'a CSV record with a different number of fields than the header',
  unclosed_quote: 'a quoted CSV field that does not close within the record limit',
  line_too_long: 'a line longer than the record limit',
  invalid_json: 'an NDJSON line that is not a JSON object',
  order_id: 'order_id empty or missing',
  timestamp_format: 'timestamp neither ISO-8601 nor an epoch number',
  timestamp_invalid: 'timestamp with a date or time that does not exist (2024-02-30, 25:61)',
  timestamp_out_of_range: 'timestamp outside the plausible range',
  quantity: 'quantity not a positive integer in plain decimal digits',
  unit_price: 'unit_price not a plain decimal >= 0 (at most 9 + 6 digits)',
  amount_too_large: 'quantity × unit_price past exact integer arithmetic (2^53)',
  category: 'category empty',
  product: 'product empty',
} as const;
export type RejectReason = keyof typeof REJECT_REASONS;

/** How many top products the summary lists. */
export const TOP_PRODUCTS = 10;
/** Window of the trailing moving average of daily revenue, in days. */
export const MOVING_AVERAGE_DAYS = 7;
/** Line numbers kept per reject reason, to find the lines in the file. */
export const REJECTED_LINES_KEPT = 5;

/**
 * Running totals of order lines by category, product (keyed by category and product) and UTC day, money
 * in integer cents. Memory grows with the distinct categories, products and days (days are bounded by the
 * plausible range) and with the distinct order ids (see DistinctIds), never with the number of lines.
 */
export class OrderAggregator {
  readonly categoryNames: string[] = [];
  private readonly categoryIds = new Map<string, number>();
  private readonly productNames: string[] = [];
  private readonly productIds = new Map<string, number>();
  private readonly productCategory: number[] = [];
  private readonly productCents: number[] = [];
  private readonly productUnits: number[] = [];
  private readonly productLines: number[] = [];
  private readonly dayIndex = new Map<number, number>();
  private readonly dayNumbers: number[] = [];
  private readonly dayCents: number[] = [];
  private readonly dayUnits: number[] = [];
  private readonly dayLines: number[] = [];
  private lastDay = Number.NaN;
  private lastDaySlot = -1;
  readonly orderIds = new DistinctIds();
  orderLines = 0;
  units = 0;
  cents = 0;
  private readonly rejected = new Map<RejectReason, { count: number; firstLines: number[] }>();
  rejectedLines = 0;

  /** Id of a category name (already trimmed), created on first sight. */
  categoryId(name: string): number {
    let id = this.categoryIds.get(name);
    if (id === undefined) {
      id = this.categoryNames.length;
      this.categoryIds.set(name, id);
      this.categoryNames.push(name);
    }
    return id;
  }

  /** Id of the product (already trimmed) within a category: the same name in two categories is two products. */
  productId(categoryId: number, name: string): number {
    const key = `${categoryId}\u0000${name}`;
    let id = this.productIds.get(key);
    if (id === undefined) {
      id = this.productNames.length;
      this.productIds.set(key, id);
      this.productNames.push(name);
      this.productCategory.push(categoryId);
      this.productCents.push(0);
      this.productUnits.push(0);
      this.productLines.push(0);
    }
    return id;
  }

  /** Counts one valid order line; the order id goes to orderIds separately. */
  add(dayNumber: number, productId: number, quantity: number, cents: number): void {
    let slot = this.lastDaySlot;
    if (dayNumber !== this.lastDay) {
      const known = this.dayIndex.get(dayNumber);
      if (known === undefined) {
        slot = this.dayNumbers.length;
        this.dayIndex.set(dayNumber, slot);
        this.dayNumbers.push(dayNumber);
        this.dayCents.push(0);
        this.dayUnits.push(0);
        this.dayLines.push(0);
      } else slot = known;
      this.lastDay = dayNumber;
      this.lastDaySlot = slot;
    }
    this.dayCents[slot]! += cents;
    this.dayUnits[slot]! += quantity;
    this.dayLines[slot]! += 1;
    this.productCents[productId]! += cents;
    this.productUnits[productId]! += quantity;
    this.productLines[productId]! += 1;
    this.orderLines += 1;
    this.units += quantity;
    this.cents += cents;
  }

  /** Counts a rejected data line (1-based line number in the file). */
  reject(reason: RejectReason, lineNumber: number): void {
    let entry = this.rejected.get(reason);
    if (entry === undefined) {
      entry = { count: 0, firstLines: [] };
      this.rejected.set(reason, entry);
    }
    entry.count++;
    if (entry.firstLines.length < REJECTED_LINES_KEPT) entry.firstLines.push(lineNumber);
    this.rejectedLines++;
  }

  /** Data lines seen: counted plus rejected (blank lines and the CSV header are not data lines). */
  get lines(): number {
    return this.orderLines + this.rejectedLines;
  }

  /** Lines rejected per reason, reasons in a fixed order. */
  rejectedBy(): Partial<Record<RejectReason, number>> {
    return Object.fromEntries(this.sortedRejections().map(([reason, e]) => [reason, e.count]));
  }

  private sortedRejections(): [RejectReason, { count: number; firstLines: number[] }][] {
    const order = Object.keys(REJECT_REASONS);
    return [...this.rejected].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
  }

  /** The trend summary: totals, revenue by category, top products, daily series with moving average, weekly growth. */
  summarise(): OrdersSummary {
    const orders = this.orderIds.count();
    const daily = this.dailySeries();
    const weekly = weeklySeries(daily);
    const categoryCents = new Array<number>(this.categoryNames.length).fill(0);
    const categoryUnits = new Array<number>(this.categoryNames.length).fill(0);
    const categoryLines = new Array<number>(this.categoryNames.length).fill(0);
    this.productCategory.forEach((c, p) => {
      categoryCents[c]! += this.productCents[p]!;
      categoryUnits[c]! += this.productUnits[p]!;
      categoryLines[c]! += this.productLines[p]!;
    });
    return {
      totals: {
        orders,
        orderLines: this.orderLines,
        units: this.units,
        revenue: fromCents(this.cents),
        averageOrderValue: orders === 0 ? 0 : fromCents(divideHalfUp(this.cents, orders)),
        categories: this.categoryNames.length,
        products: this.productNames.length,
        firstDate: daily[0]?.date ?? null,
        lastDate: daily.at(-1)?.date ?? null,
        days: daily.length,
        lines: this.lines,
        rejectedRows: this.rejectedLines,
        rejectedBy: this.rejectedBy(),
      },
      rejected: Object.fromEntries(this.sortedRejections().map(([reason, e]) => [reason, { count: e.count, firstLines: [...e.firstLines], meaning: REJECT_REASONS[reason] }])),
      revenueByCategory: this.categoryNames
        .map((category, id) => ({
          category,
          revenue: fromCents(categoryCents[id]!),
          orderLines: categoryLines[id]!,
          units: categoryUnits[id]!,
          share: this.cents === 0 ? 0 : round(categoryCents[id]! / this.cents, 4),
          cents: categoryCents[id]!,
        }))
        .sort((a, b) => b.cents - a.cents || compare(a.category, b.category))
        .map(({ cents: _cents, ...rest }) => rest),
      topProducts: this.productNames
        .map((product, id) => ({ id, product, category: this.categoryNames[this.productCategory[id]!]! }))
        .sort((a, b) => this.productCents[b.id]! - this.productCents[a.id]! || compare(a.product, b.product) || compare(a.category, b.category))
        .slice(0, TOP_PRODUCTS)
        .map(({ id, product, category }) => ({ product, category, revenue: fromCents(this.productCents[id]!), units: this.productUnits[id]!, orderLines: this.productLines[id]! })),
      daily,
      weekly,
      weekOverWeekGrowth: weekly.at(-1)?.growth ?? null,
    };
  }

  /** Every day from the first to the last, days without orders as zeros, so windows span consecutive days. */
  private dailySeries(): DailyRevenue[] {
    if (this.dayNumbers.length === 0) return [];
    const first = Math.min(...this.dayNumbers);
    const last = Math.max(...this.dayNumbers);
    const rows: { day: number; cents: number; lines: number; units: number }[] = [];
    for (let day = first; day <= last; day++) {
      const slot = this.dayIndex.get(day);
      rows.push(slot === undefined ? { day, cents: 0, lines: 0, units: 0 } : { day, cents: this.dayCents[slot]!, lines: this.dayLines[slot]!, units: this.dayUnits[slot]! });
    }
    let window = 0;
    return rows.map((row, i) => {
      window += row.cents;
      if (i >= MOVING_AVERAGE_DAYS) window -= rows[i - MOVING_AVERAGE_DAYS]!.cents;
      return {
        date: isoDate(row.day),
        orderLines: row.lines,
        units: row.units,
        revenue: fromCents(row.cents),
        movingAverage7: i + 1 >= MOVING_AVERAGE_DAYS ? fromCents(divideHalfUp(window, MOVING_AVERAGE_DAYS)) : null,
        cents: row.cents,
      };
    });
  }
}

export interface DailyRevenue {
  date: string;
  orderLines: number;
  units: number;
  revenue: number;
  /** Mean revenue of this day and the 6 before it (half-up to the cent); null for the first 6 days. */
  movingAverage7: number | null;
  /** Revenue in cents (not written out). */
  cents?: number;
}

export interface WeeklyRevenue {
  /** First day of the 7-day week, counted from the first day of the data. */
  weekStart: string;
  days: number;
  revenue: number;
  /** (this week − previous week) / previous week; null for the first week or when the previous is 0. */
  growth: number | null;
}

export interface OrdersSummary {
  totals: {
    orders: number;
    orderLines: number;
    units: number;
    revenue: number;
    averageOrderValue: number;
    categories: number;
    products: number;
    firstDate: string | null;
    lastDate: string | null;
    days: number;
    lines: number;
    rejectedRows: number;
    rejectedBy: Partial<Record<RejectReason, number>>;
  };
  rejected: Record<string, { count: number; firstLines: number[]; meaning: string }>;
  revenueByCategory: { category: string; revenue: number; orderLines: number; units: number; share: number }[];
  topProducts: { product: string; category: string; revenue: number; units: number; orderLines: number }[];
  daily: DailyRevenue[];
  weekly: WeeklyRevenue[];
  /** Growth of the last complete week over the one before it. */
  weekOverWeekGrowth: number | null;
}

/** Complete 7-day weeks from the first day (a trailing partial week is left out: it would read as a drop). */
function weeklySeries(daily: DailyRevenue[]): WeeklyRevenue[] {
  const weeks: (WeeklyRevenue & { cents: number })[] = [];
  for (let start = 0; start + 7 <= daily.length; start += 7) {
    const cents = daily.slice(start, start + 7).reduce((sum, d) => sum + d.cents!, 0);
    const previous = weeks.at(-1)?.cents;
    weeks.push({ weekStart: daily[start]!.date, days: 7, revenue: fromCents(cents), growth: previous === undefined || previous === 0 ? null : round((cents - previous) / previous, 4), cents });
  }
  for (const d of daily) delete d.cents;
  return weeks.map(({ cents: _cents, ...week }) => week);
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
/** Code-unit order: the same on every machine and locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
