/** One symbol's 1-minute OHLCV bar. */
export interface Bar {
  symbol: string;
  /** Start of the minute, ISO-8601 UTC. */
  minute: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

/** A trade as the feed reports it, after normalisation. */
export interface Trade {
  symbol: string;
  price: number;
  size: number;
  timeMs: number;
}

const MINUTE_MS = 60_000;

/**
 * Per-symbol 1-minute OHLCV bars and trade counts. Memory grows with symbols × minutes of the run
 * (the run is time-bound), never with the number of trades.
 */
export class BarBook {
  private readonly open = new Map<string, { minuteMs: number; bar: Bar }>();
  private readonly closed: Bar[] = [];
  readonly tradeCounts = new Map<string, number>();
  trades = 0;

  constructor(symbols: readonly string[]) {
    for (const s of symbols) this.tradeCounts.set(s, 0);
  }

  /** Adds a trade; returns the bar it closed when the trade starts a new minute for its symbol. */
  add(trade: Trade): Bar | undefined {
    const minuteMs = Math.floor(trade.timeMs / MINUTE_MS) * MINUTE_MS;
    this.trades++;
    this.tradeCounts.set(trade.symbol, (this.tradeCounts.get(trade.symbol) ?? 0) + 1);
    const current = this.open.get(trade.symbol);
    if (current && current.minuteMs === minuteMs) {
      const bar = current.bar;
      bar.high = Math.max(bar.high, trade.price);
      bar.low = Math.min(bar.low, trade.price);
      bar.close = trade.price;
      bar.volume += trade.size;
      bar.trades++;
      return undefined;
    }
    // A late trade for an earlier minute than the open bar is counted in the open bar's minute.
    if (current && minuteMs < current.minuteMs) return this.add({ ...trade, timeMs: current.minuteMs });
    const bar: Bar = {
      symbol: trade.symbol,
      minute: new Date(minuteMs).toISOString(),
      open: trade.price,
      high: trade.price,
      low: trade.price,
      close: trade.price,
      volume: trade.size,
      trades: 1,
    };
    this.open.set(trade.symbol, { minuteMs, bar });
    if (current) this.closed.push(current.bar);
    return current?.bar;
  }

  /** All bars so far (closed then still-open ones), copied, ordered by symbol then minute. */
  snapshot(): Bar[] {
    const bars = [...this.closed, ...[...this.open.values()].map((o) => o.bar)].map((b) => ({ ...b }));
    return bars.sort((a, b) => a.symbol.localeCompare(b.symbol) || a.minute.localeCompare(b.minute));
  }
}

/**
 * Reads one trade from a feed message object. Accepted field names: symbol|s, price|p,
 * size|quantity|qty|q|volume|v, and time|timestamp|ts|T (epoch ms or ISO text; receipt time when absent).
 */
export function toTrade(message: unknown, receivedMs: number): Trade | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  if (m.type !== undefined && m.type !== 'trade') return undefined;
  const symbol = m.symbol ?? m.s;
  const price = Number(m.price ?? m.p);
  const size = Number(m.size ?? m.quantity ?? m.qty ?? m.q ?? m.volume ?? m.v ?? 0);
  if (typeof symbol !== 'string' || !Number.isFinite(price) || !Number.isFinite(size) || size < 0) return undefined;
  const rawTime = m.time ?? m.timestamp ?? m.ts ?? m.T;
  const timeMs = typeof rawTime === 'number' ? rawTime : typeof rawTime === 'string' ? Date.parse(rawTime) : receivedMs;
  return { symbol, price, size, timeMs: Number.isFinite(timeMs) ? timeMs : receivedMs };
}
