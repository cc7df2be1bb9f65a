import { isoDate } from './calendar.js';

/** Why a row was not counted; the summary reports the counts. */
export type RejectReason = 'timestamp' | 'quantity' | 'unit_price' | 'category' | 'product' | 'columns';

/** How many top products the summary lists. */
export const TOP_PRODUCTS = 10;
/** Window of the trailing moving average of daily revenue, in days. */
export const MOVING_AVERAGE_DAYS = 7;
/** Gaps between days are filled with zero days only when the whole span is at most this long (100 years). */
const MAX_FILLED_SPAN_DAYS = 36_600;

/**
 * Running totals of orders by category, product and day. Memory grows with the number of distinct
 * categories, products and days, never with the number of rows.
 */
export class OrderAggregator {
  readonly categoryNames: string[] = [];
  private readonly categoryIds = new Map<string, number>();
  readonly productNames: string[] = [];
  private readonly productIds = new Map<string, number>();
  private readonly productCategory: number[] = [];
  private readonly productRevenue: number[] = [];
  private readonly productUnits: number[] = [];
  private readonly productOrders: number[] = [];
  private readonly categoryRevenue: number[] = [];
  private readonly categoryUnits: number[] = [];
  private readonly categoryOrders: number[] = [];
  private readonly dayIndex = new Map<number, number>();
  private readonly dayNumbers: number[] = [];
  private readonly dayRevenue: number[] = [];
  private readonly dayUnits: number[] = [];
  private readonly dayOrders: number[] = [];
  private lastDay = Number.NaN;
  private lastDaySlot = -1;
  orders = 0;
  units = 0;
  revenue = 0;
  readonly rejected: Record<RejectReason, number> = { timestamp: 0, quantity: 0, unit_price: 0, category: 0, product: 0, columns: 0 };

  /** Id of a category name, created on first sight. */
  categoryId(name: string): number {
    let id = this.categoryIds.get(name);
    if (id === undefined) {
      id = this.categoryNames.length;
      this.categoryIds.set(name, id);
      this.categoryNames.push(name);
      this.categoryRevenue.push(0);
      this.categoryUnits.push(0);
      this.categoryOrders.push(0);
    }
    return id;
  }

  /** Id of a product name; a product is counted under the category it first appeared with. */
  productId(name: string, categoryId: number): number {
    let id = this.productIds.get(name);
    if (id === undefined) {
      id = this.productNames.length;
      this.productIds.set(name, id);
      this.productNames.push(name);
      this.productCategory.push(categoryId);
      this.productRevenue.push(0);
      this.productUnits.push(0);
      this.productOrders.push(0);
    }
    return id;
  }

  /** Counts one valid order line. */
  add(dayNumber: number, categoryId: number, productId: number, quantity: number, unitPrice: number): void {
    const amount = quantity * unitPrice;
    let slot = this.lastDaySlot;
    if (dayNumber !== this.lastDay) {
      const known = this.dayIndex.get(dayNumber);
      if (known === undefined) {
        slot = this.dayNumbers.length;
        this.dayIndex.set(dayNumber, slot);
        this.dayNumbers.push(dayNumber);
        this.dayRevenue.push(0);
        this.dayUnits.push(0);
        this.dayOrders.push(0);
      } else slot = known;
      this.lastDay = dayNumber;
      this.lastDaySlot = slot;
    }
    this.dayRevenue[slot]! += amount;
    this.dayUnits[slot]! += quantity;
    this.dayOrders[slot]! += 1;
    this.categoryRevenue[categoryId]! += amount;
    this.categoryUnits[categoryId]! += quantity;
    this.categoryOrders[categoryId]! += 1;
    this.productRevenue[productId]! += amount;
    this.productUnits[productId]! += quantity;
    this.productOrders[productId]! += 1;
    this.orders += 1;
    this.units += quantity;
    this.revenue += amount;
  }

  reject(reason: RejectReason): void {
    this.rejected[reason] += 1;
  }

  /** The trend summary: totals, revenue by category, top products, daily series with moving average, weekly growth. */
  summarise(): OrdersSummary {
    const daily = this.dailySeries();
    const weekly = weeklySeries(daily);
    const lastWeek = weekly.at(-1);
    return {
      totals: {
        orders: this.orders,
        units: this.units,
        revenue: cents(this.revenue),
        averageOrderValue: this.orders === 0 ? 0 : cents(this.revenue / this.orders),
        categories: this.categoryNames.length,
        products: this.productNames.length,
        firstDate: daily[0]?.date ?? null,
        lastDate: daily.at(-1)?.date ?? null,
        days: daily.length,
        rejectedRows: Object.values(this.rejected).reduce((a, b) => a + b, 0),
        rejectedBy: { ...this.rejected },
      },
      revenueByCategory: this.categoryNames
        .map((category, id) => ({
          category,
          revenue: cents(this.categoryRevenue[id]!),
          orders: this.categoryOrders[id]!,
          units: this.categoryUnits[id]!,
          share: this.revenue === 0 ? 0 : round(this.categoryRevenue[id]! / this.revenue, 4),
        }))
        .sort((a, b) => b.revenue - a.revenue || a.category.localeCompare(b.category)),
      topProducts: this.productNames
        .map((product, id) => ({
          product,
          category: this.categoryNames[this.productCategory[id]!]!,
          revenue: cents(this.productRevenue[id]!),
          units: this.productUnits[id]!,
          orders: this.productOrders[id]!,
        }))
        .sort((a, b) => b.revenue - a.revenue || a.product.localeCompare(b.product))
        .slice(0, TOP_PRODUCTS),
      daily,
      weekly,
      weekOverWeekGrowth: lastWeek?.growth ?? null,
    };
  }

  private dailySeries(): DailyRevenue[] {
    const order = this.dayNumbers.map((day, slot) => ({ day, slot })).sort((a, b) => a.day - b.day);
    if (order.length === 0) return [];
    const first = order[0]!.day;
    const last = order.at(-1)!.day;
    const fill = last - first <= MAX_FILLED_SPAN_DAYS;
    const rows: { day: number; revenue: number; orders: number; units: number }[] = [];
    let next = first;
    for (const { day, slot } of order) {
      while (fill && next < day) rows.push({ day: next++, revenue: 0, orders: 0, units: 0 });
      rows.push({ day, revenue: this.dayRevenue[slot]!, orders: this.dayOrders[slot]!, units: this.dayUnits[slot]! });
      next = day + 1;
    }
    let window = 0;
    return rows.map((row, i) => {
      window += row.revenue;
      if (i >= MOVING_AVERAGE_DAYS) window -= rows[i - MOVING_AVERAGE_DAYS]!.revenue;
      return {
        date: isoDate(row.day),
        orders: row.orders,
        units: row.units,
        revenue: cents(row.revenue),
        movingAverage7: i + 1 >= MOVING_AVERAGE_DAYS ? cents(window / MOVING_AVERAGE_DAYS) : null,
      };
    });
  }
}

export interface DailyRevenue {
  date: string;
  orders: number;
  units: number;
  revenue: number;
  /** Mean revenue of this day and the 6 before it; null for the first 6 days. */
  movingAverage7: number | null;
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
    units: number;
    revenue: number;
    averageOrderValue: number;
    categories: number;
    products: number;
    firstDate: string | null;
    lastDate: string | null;
    days: number;
    rejectedRows: number;
    rejectedBy: Record<RejectReason, number>;
  };
  revenueByCategory: { category: string; revenue: number; orders: number; units: number; share: number }[];
  topProducts: { product: string; category: string; revenue: number; units: number; orders: number }[];
  daily: DailyRevenue[];
  weekly: WeeklyRevenue[];
  /** Growth of the last complete week over the one before it. */
  weekOverWeekGrowth: number | null;
}

/** Complete 7-day weeks from the first day (a trailing partial week is left out: it would read as a drop). */
function weeklySeries(daily: DailyRevenue[]): WeeklyRevenue[] {
  const weeks: WeeklyRevenue[] = [];
  for (let start = 0; start + 7 <= daily.length; start += 7) {
    const revenue = daily.slice(start, start + 7).reduce((sum, d) => sum + d.revenue, 0);
    const previous = weeks.at(-1)?.revenue;
    weeks.push({
      weekStart: daily[start]!.date,
      days: 7,
      revenue: cents(revenue),
      growth: previous === undefined || previous === 0 ? null : round((revenue - previous) / previous, 4),
    });
  }
  return weeks;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
const cents = (value: number): number => round(value, 2);
