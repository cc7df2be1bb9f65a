import * as z from 'zod/mini';
import { WORKER_ERRORS, WorkerError, throwIfStopped } from '../errors.js';
import { defineMode } from '../mode.js';
import { BarBook, readTrade } from '../stream/bars.js';
import type { Bar } from '../stream/bars.js';
import { couldNotConnect, followFeed } from '../stream/feed.js';

/** Default lateness allowance: a minute's bar takes trades until 10 s (trade time) after the minute ends. */
const DEFAULT_LATENESS_SECONDS = 10;

/**
 * stream: time-bound ingestion of a WebSocket trade feed into per-symbol 1-minute OHLCV bars.
 * Writes checkpoints/checkpoint-NNNN.json every checkpointSeconds and final.json + bars.csv at the
 * deadline; ending on time is success. Fails (exit 1, worth a retry) only if the feed could not be reached
 * at all (FIRST_CONNECT_GIVE_UP_MS, or the window if shorter), saying where and why (ECONNREFUSED, ENOTFOUND, ...).
 */
export const streamMode = defineMode({
  schema: z.strictObject({
    url: z.string().check(z.regex(/^wss?:\/\/\S+$/, 'expected a WebSocket URL (ws:// or wss://)')),
    symbols: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(500)),
    durationSeconds: z.number().check(z.positive(), z.maximum(86_400)),
    checkpointSeconds: z._default(z.number().check(z.positive(), z.maximum(86_400)), 60),
    /** How long after a minute ends (by trade time) its bar still takes late trades. */
    latenessSeconds: z._default(z.number().check(z.minimum(0), z.maximum(3600)), DEFAULT_LATENESS_SECONDS),
  }),
  requiresArtifactBucket: true,
  async run(input, { signal, log, artifacts }) {
    const startedMs = Date.now();
    const untilMs = startedMs + input.durationSeconds * 1000;
    const wanted = new Set(input.symbols);
    const book = new BarBook(input.symbols, input.latenessSeconds * 1000);
    const seen = new Set<string>();
    const checkpoints: string[] = [];
    let pending: Promise<unknown> = Promise.resolve();
    // A failed checkpoint ends the run at once: the final write would fail the same way.
    const checkpointFailed = new AbortController();
    const feedSignal = AbortSignal.any([signal, checkpointFailed.signal]);
    const document = (final: boolean): string => {
      const bars = book.snapshot();
      return `${JSON.stringify({ final, url: input.url, startedAt: new Date(startedMs).toISOString(), writtenAt: new Date().toISOString(), latenessSeconds: input.latenessSeconds, ...counts(bars), bars }, null, 2)}\n`;
    };
    const counts = (bars: Bar[]) => {
      const tradesBySymbol = book.tradesBySymbol(bars);
      return { trades: Object.values(tradesBySymbol).reduce((a, b) => a + b, 0), tradesBySymbol, duplicates: book.duplicates, tooLate: book.tooLate, rejected: { ...book.rejected } };
    };

    const timer = setInterval(() => {
      const name = `checkpoints/checkpoint-${String(checkpoints.length + 1).padStart(4, '0')}.json`;
      checkpoints.push(name);
      const body = document(false);
      // Checkpoints are written one after another, never two at once.
      pending = pending
        .then(() => artifacts.write(name, body, 'application/json', signal))
        .then(
          () => log.info('stream: checkpoint written', { artifact: name }),
          (error: unknown) => checkpointFailed.abort(error),
        );
    }, input.checkpointSeconds * 1000);

    let stats;
    try {
      stats = await followFeed({
        url: input.url,
        subscribe: { type: 'subscribe', symbols: input.symbols },
        untilMs,
        signal: feedSignal,
        log,
        onMessage(message, receivedMs) {
          const read = readTrade(message, receivedMs);
          if ('ignored' in read) return;
          if ('rejected' in read) {
            if (read.symbol === undefined || wanted.has(read.symbol)) book.rejected[read.rejected]++;
            return;
          }
          const trade = read.trade;
          if (!wanted.has(trade.symbol)) return;
          if (!seen.has(trade.symbol)) {
            seen.add(trade.symbol);
            log.info('stream: first trade', { symbol: trade.symbol, price: trade.price });
          }
          for (const closed of book.add(trade)) log.info('stream: bar closed', { ...closed });
        },
      });
    } finally {
      clearInterval(timer);
    }
    throwIfStopped(signal);
    await pending;
    if (checkpointFailed.signal.aborted) throw checkpointFailed.signal.reason;
    if (stats.connections === 0) {
      throw new WorkerError(WORKER_ERRORS.failed, couldNotConnect(input.url, stats, Date.now() - startedMs));
    }
    const bars = book.snapshot();
    const totals = counts(bars);
    await artifacts.write('final.json', document(true), 'application/json', signal);
    const csv = ['symbol,minute,open,high,low,close,volume,trades', ...bars.map((b) => `${b.symbol},${b.minute},${b.open},${b.high},${b.low},${b.close},${b.volume},${b.trades}`)];
    await artifacts.write('bars.csv', `${csv.join('\n')}\n`, 'text/csv', signal);
    log.info('stream: time is up', { trades: totals.trades, bars: bars.length, connections: stats.connections });
    return {
      durationSeconds: input.durationSeconds,
      ...totals,
      bars: bars.length,
      checkpoints: checkpoints.length,
      connections: stats.connections,
      disconnects: stats.disconnects,
    };
  },
});
