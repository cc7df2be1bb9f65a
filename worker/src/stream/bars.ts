import { TIMESTAMP_FORMAT, parseTimestampText } from '../timestamps.js';

/** One symbol's 1-minute OHLCV bar (by trade time). */
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
  /** The feed's trade id, when it sends one: repeated ids of a symbol are counted once. */
  id?: string;
}

/** Why a trade message was not used. */
export type TradeRejectReason = 'symbol' | 'price' | 'size' | 'time';

export type ReadTrade = { trade: Trade } | { rejected: TradeRejectReason; symbol?: string } | { ignored: true };

const MINUTE_MS = 60_000;
/** Trade ids remembered for de-duplication, shared by the symbols (at least 1 000 per symbol). */
export const DEDUPE_IDS = 100_000;

interface OpenBar {
  minuteMs: number;
  bar: Bar;
  openTimeMs: number;
  closeTimeMs: number;
}

interface SymbolState {
  /** Latest trade time seen: bars whose minute ended more than the lateness before it are closed. */
  watermarkMs: number;
  open: Map<number, OpenBar>;
  /** Closed minutes' start times, to tell a too-late trade from the first trade of a new minute. */
  closedUpToMs: number;
  ids: Set<string>;
  idRing: string[];
  idNext: number;
}

/**
 * Per-symbol 1-minute OHLCV bars by trade time. A bar stays open until the symbol's latest trade time is
 * `latenessMs` past the end of its minute; a trade for a closed minute is counted as too late and left
 * out. Open = the earliest trade by time, close = the latest by time, ties going to the one that arrived
 * later for close and earlier for open. Trade ids are remembered per symbol (the last DEDUPE_IDS / symbols,
 * at least 1 000): a repeated id is a duplicate, counted once. The totals are sums over the bars.
 */
export class BarBook {
  private readonly symbols = new Map<string, SymbolState>();
  private readonly closed: Bar[] = [];
  private readonly idsPerSymbol: number;
  duplicates = 0;
  tooLate = 0;
  readonly rejected: Record<TradeRejectReason, number> = { symbol: 0, price: 0, size: 0, time: 0 };

  constructor(
    symbols: readonly string[],
    private readonly latenessMs: number,
  ) {
    this.idsPerSymbol = Math.max(1000, Math.floor(DEDUPE_IDS / symbols.length));
    for (const s of symbols) this.symbols.set(s, { watermarkMs: -Infinity, open: new Map(), closedUpToMs: -Infinity, ids: new Set(), idRing: [], idNext: 0 });
  }

  /** Adds a trade of a known symbol; returns the bars this trade's time closed. */
  add(trade: Trade): Bar[] {
    const state = this.symbols.get(trade.symbol);
    if (!state) return [];
    if (trade.id !== undefined) {
      if (state.ids.has(trade.id)) {
        this.duplicates++;
        return [];
      }
      this.remember(state, trade.id);
    }
    const minuteMs = Math.floor(trade.timeMs / MINUTE_MS) * MINUTE_MS;
    if (minuteMs < state.closedUpToMs || minuteMs + MINUTE_MS + this.latenessMs <= state.watermarkMs) {
      this.tooLate++;
      return [];
    }
    const current = state.open.get(minuteMs);
    if (current === undefined) {
      const bar: Bar = { symbol: trade.symbol, minute: new Date(minuteMs).toISOString(), open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: trade.size, trades: 1 };
      state.open.set(minuteMs, { minuteMs, bar, openTimeMs: trade.timeMs, closeTimeMs: trade.timeMs });
    } else {
      const bar = current.bar;
      if (trade.timeMs < current.openTimeMs) {
        current.openTimeMs = trade.timeMs;
        bar.open = trade.price;
      }
      if (trade.timeMs >= current.closeTimeMs) {
        current.closeTimeMs = trade.timeMs;
        bar.close = trade.price;
      }
      bar.high = Math.max(bar.high, trade.price);
      bar.low = Math.min(bar.low, trade.price);
      bar.volume += trade.size;
      bar.trades++;
    }
    if (trade.timeMs <= state.watermarkMs) return [];
    state.watermarkMs = trade.timeMs;
    const closed: Bar[] = [];
    for (const [minute, open] of [...state.open].sort((a, b) => a[0] - b[0])) {
      if (minute + MINUTE_MS + this.latenessMs > state.watermarkMs) break;
      state.open.delete(minute);
      state.closedUpToMs = minute + MINUTE_MS;
      this.closed.push(open.bar);
      closed.push(open.bar);
    }
    return closed;
  }

  private remember(state: SymbolState, id: string): void {
    if (state.idRing.length < this.idsPerSymbol) state.idRing.push(id);
    else {
      state.ids.delete(state.idRing[state.idNext]!);
      state.idRing[state.idNext] = id;
      state.idNext = (state.idNext + 1) % this.idsPerSymbol;
    }
    state.ids.add(id);
  }

  /** All bars so far (closed and still open), copied, ordered by symbol then minute. */
  snapshot(): Bar[] {
    const open = [...this.symbols.values()].flatMap((s) => [...s.open.values()].map((o) => o.bar));
    return [...this.closed, ...open].map((b) => ({ ...b })).sort((a, b) => compare(a.symbol, b.symbol) || compare(a.minute, b.minute));
  }

  /** Trades in the bars, per symbol (every subscribed symbol, 0 when none). */
  tradesBySymbol(bars = this.snapshot()): Record<string, number> {
    const counts: Record<string, number> = Object.fromEntries([...this.symbols.keys()].map((s) => [s, 0]));
    for (const bar of bars) counts[bar.symbol]! += bar.trades;
    return counts;
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A positive number: a finite JSON number or a decimal in a string ("12.5", "1e-8"); NaN otherwise. */
function positive(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : Number.NaN;
}

/**
 * Reads one trade from a feed message object. Field names: symbol|s, price|p, size|quantity|qty|q|volume|v,
 * time|timestamp|ts|T (epoch number or numeric string, unit by magnitude as in timestamps.ts, or ISO-8601;
 * the receipt time when absent), id|tradeId|trade_id|t. A `type` other than "trade" is ignored; a missing
 * or empty symbol, a price or size that is missing, empty, non-numeric or <= 0, or an unreadable time is
 * rejected.
 */
export function readTrade(message: unknown, receivedMs: number): ReadTrade {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { rejected: 'symbol' };
  const m = message as Record<string, unknown>;
  if (m.type !== undefined && m.type !== 'trade') return { ignored: true };
  const symbol = m.symbol ?? m.s;
  if (typeof symbol !== 'string' || symbol === '') return { rejected: 'symbol' };
  const price = positive(m.price ?? m.p);
  if (Number.isNaN(price)) return { rejected: 'price', symbol };
  const size = positive(m.size ?? m.quantity ?? m.qty ?? m.q ?? m.volume ?? m.v);
  if (Number.isNaN(size)) return { rejected: 'size', symbol };
  const rawTime = m.time ?? m.timestamp ?? m.ts ?? m.T;
  let timeMs = receivedMs;
  if (rawTime !== undefined && rawTime !== null) {
    timeMs = typeof rawTime === 'number' || typeof rawTime === 'string' ? parseTimestampText(String(rawTime)) : TIMESTAMP_FORMAT;
    if (timeMs <= TIMESTAMP_FORMAT) return { rejected: 'time', symbol };
  }
  const rawId = m.id ?? m.tradeId ?? m.trade_id ?? m.t;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : undefined;
  return { trade: id === undefined ? { symbol, price, size, timeMs } : { symbol, price, size, timeMs, id } };
}
