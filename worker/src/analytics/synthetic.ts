import { daysFromCivil, isoDate } from '../timestamps.js';

/** The catalogue synthetic orders draw from: category -> products with a base unit price. */
export const CATALOGUE: readonly { category: string; products: readonly [string, number][] }[] = [
  { category: 'Electronics', products: [['Wireless Earbuds', 59.99], ['Smartwatch', 199], ['USB-C Charger', 24.5], ['Bluetooth Speaker', 79.9], ['E-Reader', 129]] },
  { category: 'Home & Kitchen', products: [['Espresso Machine', 249], ['Chef Knife', 45], ['Air Fryer', 99.99], ['Dutch Oven', 89.5], ['Kettle', 35]] },
  { category: 'Books', products: [['Cookbook', 28], ['Thriller Novel', 14.99], ['Atlas', 39], ['Poetry Collection', 12.5], ['Programming Guide', 49.99]] },
  { category: 'Sports', products: [['Yoga Mat', 29.99], ['Running Shoes', 119], ['Dumbbell Set', 149], ['Water Bottle', 19.5], ['Bike Helmet', 69]] },
  { category: 'Beauty', products: [['Face Serum', 34], ['Shampoo', 11.99], ['Perfume', 89], ['Lip Balm', 4.5], ['Hair Dryer', 59]] },
  { category: 'Toys', products: [['Building Blocks', 49.99], ['Puzzle 1000', 19.99], ['Plush Bear', 24], ['Board Game', 39.5], ['Kite', 15]] },
  { category: 'Garden', products: [['Pruning Shears', 22], ['Hose 30m', 45.5], ['Seed Kit', 9.99], ['Planter', 27], ['Lawn Sprinkler', 31]] },
  { category: 'Grocery', products: [['Coffee Beans 1kg', 24.99], ['Olive Oil', 13.5], ['Green Tea', 8.99], ['Dark Chocolate', 3.49], ['Honey', 9.5]] },
];

/** First day of synthetic data: fixed, so the same seed gives the same file on any date. */
export const SYNTHETIC_START_DAY = daysFromCivil(2024, 1, 1);

export interface SyntheticOptions {
  rows: number;
  seed: number;
  days: number;
}

/** One generated order line; numbers are ready to aggregate, text fields are for CSV output. */
export interface SyntheticOrder {
  orderId: number;
  day: number;
  secondOfDay: number;
  customerId: number;
  categoryIndex: number;
  productIndex: number;
  quantity: number;
  /** Unit price in cents. */
  unitCents: number;
}

/** mulberry32: a small, fast, seedable PRNG (deterministic across platforms). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Deterministic orders: `rows` lines over `days` days with a weekly rhythm (weekends busier), a growth
 * trend and noise, in time order. Pull them in batches with `fill` so the caller can yield between batches.
 */
export class SyntheticOrders {
  private readonly random: () => number;
  private readonly perDay: number[];
  private row = 0;
  private dayOffset = 0;
  private rowInDay = 0;
  private readonly order: SyntheticOrder = { orderId: 0, day: 0, secondOfDay: 0, customerId: 0, categoryIndex: 0, productIndex: 0, quantity: 0, unitCents: 0 };

  constructor(private readonly options: SyntheticOptions) {
    this.random = mulberry32(options.seed);
    const weights = Array.from({ length: options.days }, (_, d) => {
      const weekday = (SYNTHETIC_START_DAY + d + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
      const weekend = weekday === 0 || weekday === 6 ? 1.35 : 1;
      return weekend * (1 + (0.6 * d) / Math.max(1, options.days)) * (0.85 + 0.3 * this.random());
    });
    const total = weights.reduce((a, b) => a + b, 0);
    this.perDay = weights.map((w) => Math.floor((options.rows * w) / total));
    let missing = options.rows - this.perDay.reduce((a, b) => a + b, 0);
    for (let d = options.days - 1; missing > 0; d = (d - 1 + options.days) % options.days, missing--) this.perDay[d]! += 1;
  }

  /** Calls `emit` for up to `max` more orders (the object is reused); returns how many were emitted. */
  fill(max: number, emit: (order: SyntheticOrder) => void): number {
    const o = this.order;
    let emitted = 0;
    while (emitted < max && this.row < this.options.rows) {
      while (this.rowInDay >= this.perDay[this.dayOffset]!) {
        this.dayOffset++;
        this.rowInDay = 0;
      }
      const inDay = this.perDay[this.dayOffset]!;
      const r = this.random;
      o.orderId = this.row + 1;
      o.day = SYNTHETIC_START_DAY + this.dayOffset;
      o.secondOfDay = Math.min(86_399, Math.floor(((this.rowInDay + r()) * 86_400) / inDay));
      o.customerId = 1 + Math.floor(r() * Math.max(1, this.options.rows / 4));
      // Skewed picks: low indexes are popular, so top products and category shares differ.
      o.categoryIndex = Math.floor(r() ** 1.5 * CATALOGUE.length);
      const products = CATALOGUE[o.categoryIndex]!.products;
      o.productIndex = Math.floor(r() ** 1.3 * products.length);
      o.quantity = 1 + Math.floor(r() ** 3 * 5);
      o.unitCents = Math.round(products[o.productIndex]![1] * (0.9 + 0.2 * r()) * 100);
      this.row++;
      this.rowInDay++;
      emitted++;
      emit(o);
    }
    return emitted;
  }
}

export const CSV_HEADER = 'order_id,timestamp,customer_id,category,product,quantity,unit_price';

/** One CSV line (no newline) for a generated order. Names in the catalogue contain no commas or quotes. */
export function orderCsvLine(o: SyntheticOrder): string {
  const s = o.secondOfDay;
  const time = `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
  const category = CATALOGUE[o.categoryIndex]!;
  return `${o.orderId},${isoDate(o.day)}T${time}Z,${o.customerId},${category.category},${category.products[o.productIndex]![0]},${o.quantity},${o.unitCents / 100}`;
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
