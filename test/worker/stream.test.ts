import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runWorker, waitForLog } from './helpers/run-worker.js';
import { startTestS3 } from './helpers/s3-server.js';
import type { TestS3 } from './helpers/s3-server.js';
import { startTradeFeed } from './helpers/trade-feed.js';
import type { TestFeed } from './helpers/trade-feed.js';
import { ensureWorkerBundle } from './helpers/worker-bundle.js';

let s3: TestS3;
let feed: TestFeed | undefined;
beforeAll(async () => {
  await ensureWorkerBundle();
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.close();
});
afterEach(async () => {
  await feed?.close();
  feed = undefined;
});

const MINUTE_0 = Date.parse('2024-05-01T12:00:00Z');
const MINUTE_1 = MINUTE_0 + 60_000;
const trade = (symbol: string, price: number, size: number, time: number) => JSON.stringify({ type: 'trade', symbol, price, size, time });

describe('stream mode', () => {
  it('keeps 1-minute OHLCV bars across a disconnect, checkpoints on schedule and ends on time with exit 0', async () => {
    // Prepare: the first connection sends minute-0 trades then drops; the second sends minute-1 trades.
    feed = await startTradeFeed((socket, index) => {
      if (index === 0) {
        socket.send(trade('BTC', 10, 1, MINUTE_0));
        socket.send(JSON.stringify([JSON.parse(trade('BTC', 12, 2, MINUTE_0 + 1000)), JSON.parse(trade('ETH', 3, 5, MINUTE_0 + 1500))]));
        socket.send(trade('BTC', 9, 3, MINUTE_0 + 2000));
        socket.send(trade('DOGE', 1, 100, MINUTE_0 + 2500)); // not subscribed: ignored
        socket.send(JSON.stringify({ type: 'heartbeat' }));
        socket.send(trade('BTC', 11, 4, MINUTE_0 + 3000), () => setTimeout(() => socket.terminate(), 100));
      } else {
        socket.send(trade('BTC', 20, 1, MINUTE_1));
        socket.send(trade('BTC', 21, 1, MINUTE_1 + 500));
      }
    });

    // Act
    const run = await runWorker({
      ...s3.env,
      MODE: 'stream',
      ARTIFACT_PREFIX: 'feed/',
      // The window must hold two connections and a reconnect however busy the machine is: 15 s is
      // ample (a quiet machine needs under one); the run always lasts its window, by design.
      TASK_INPUT: JSON.stringify({ url: feed.url, symbols: ['BTC', 'ETH'], durationSeconds: 15, checkpointSeconds: 1, latenessSeconds: 0 }),
    });

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(feed.connections).toBe(2);
    expect(feed.subscriptions[0]).toEqual({ type: 'subscribe', symbols: ['BTC', 'ETH'] });
    const final = JSON.parse(await s3.getText('feed/final.json'));
    expect(final.final).toBe(true);
    expect(final.tradesBySymbol).toEqual({ BTC: 6, ETH: 1 });
    expect(final.bars).toEqual([
      { symbol: 'BTC', minute: '2024-05-01T12:00:00.000Z', open: 10, high: 12, low: 9, close: 11, volume: 10, trades: 4 },
      { symbol: 'BTC', minute: '2024-05-01T12:01:00.000Z', open: 20, high: 21, low: 20, close: 21, volume: 2, trades: 2 },
      { symbol: 'ETH', minute: '2024-05-01T12:00:00.000Z', open: 3, high: 3, low: 3, close: 3, volume: 5, trades: 1 },
    ]);
    const csv = (await s3.getText('feed/bars.csv')).trim().split('\n');
    expect(csv[0]).toBe('symbol,minute,open,high,low,close,volume,trades');
    expect(csv[1]).toBe('BTC,2024-05-01T12:00:00.000Z,10,12,9,11,10,4');

    const keys = await s3.keys('feed/');
    const checkpoints = keys.filter((k) => k.startsWith('feed/checkpoints/'));
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(await s3.getText(checkpoints[0]!)).final).toBe(false);
    const manifest = JSON.parse(await s3.getText('feed/manifest.json'));
    expect(manifest.artifacts.map((a: any) => a.key)).toEqual([...checkpoints, 'feed/final.json', 'feed/bars.csv']);

    const messages = run.logs.map((l) => l.message);
    expect(messages.filter((m) => m === 'stream: connected')).toHaveLength(2);
    expect(messages).toContain('stream: disconnected');
    expect(run.logs.find((l) => l.message === 'stream: bar closed')).toMatchObject({ symbol: 'BTC', open: 10, close: 11 });
    expect(run.result?.result).toMatchObject({ trades: 7, connections: 2, disconnects: 1 });
  });

  it('exits 1 when the feed cannot be reached during the whole window', async () => {
    const run = await runWorker({
      ...s3.env,
      MODE: 'stream',
      ARTIFACT_PREFIX: 'no-feed/',
      // However few attempts a busy machine leaves room for in the window, none can succeed: exit 1.
      // (How it retries is the next test's, ended by an event.) No checkpoint falls due in it.
      TASK_INPUT: JSON.stringify({ url: 'ws://127.0.0.1:9/feed', symbols: ['BTC'], durationSeconds: 10, checkpointSeconds: 60 }),
    });

    expect(run.code).toBe(1);
    // The cause says where and why in words: host and port, the socket's error code, the URL.
    expect(run.result?.error).toMatchObject({ name: 'Worker.Failed', cause: expect.stringMatching(/^could not connect to 127\.0\.0\.1:9 \(connect ECONNREFUSED 127\.0\.0\.1:9\), \d+ attempts in [\d.]+ s \(ws:\/\/127\.0\.0\.1:9\/feed\)$/) });
    expect(run.logs.find((l) => l.message === 'stream: could not connect')).toMatchObject({ code: 'ECONNREFUSED' });
    expect(await s3.keys('no-feed/')).toEqual([]);
  });

  it('keeps reconnecting with backoff while the feed is down', async () => {
    // The test ends the run (SIGTERM) once the second retry is logged, so how busy the machine is
    // changes how long that takes, never the outcome.
    const run = await runWorker(
      { ...s3.env, MODE: 'stream', ARTIFACT_PREFIX: 'down-feed/', TASK_INPUT: JSON.stringify({ url: 'ws://127.0.0.1:9/feed', symbols: ['BTC'], durationSeconds: 600, checkpointSeconds: 600 }) },
      (child) => void waitForLog(child, 'stream: reconnecting', 40_000, 2).then(() => child.kill('SIGTERM')),
    );

    const retries = run.logs.filter((l) => l.message === 'stream: reconnecting');
    expect(retries.slice(0, 2)).toEqual([expect.objectContaining({ attempt: 1, delayMs: 250 }), expect.objectContaining({ attempt: 2, delayMs: 500 })]);
    expect(run.code).toBe(143);
    expect(await s3.keys('down-feed/')).toEqual([]);
  });

  it('gives up on a feed it never reached long before a long window ends, naming an unknown host', async () => {
    const run = await runWorker({
      ...s3.env,
      MODE: 'stream',
      ARTIFACT_PREFIX: 'no-host/',
      // .invalid never resolves (RFC 2606): ENOTFOUND at once, offline or not. A 1-hour window: the run
      // ends only because the worker gives up on a feed it never reached.
      TASK_INPUT: JSON.stringify({ url: 'wss://feed.example.invalid:9443/ws', symbols: ['BTC'], durationSeconds: 3600, checkpointSeconds: 3600 }),
    });

    expect(run.code).toBe(1);
    expect(run.result?.error).toMatchObject({ name: 'Worker.Failed', cause: expect.stringMatching(/^could not connect to feed\.example\.invalid:9443 \(getaddrinfo ENOTFOUND feed\.example\.invalid\), \d+ attempts in/) });
  }, 120_000);
});

/** A trade as the test feed sends it, with the arrival order the worker will see. */
interface SentTrade {
  symbol: string;
  id: string;
  price: number;
  size: number;
  time: number;
}

/**
 * Bars computed here from the rules in worker/README.md, independently of the worker: de-duplicate by
 * (symbol, id), refuse a trade whose minute ended more than the lateness before the latest trade time
 * seen for its symbol, then per minute open = earliest time (first arrival on ties), close = latest time
 * (last arrival on ties).
 */
function expectedBars(arrivals: SentTrade[], latenessMs: number) {
  const seen = new Set<string>();
  const latest = new Map<string, number>();
  const kept: (SentTrade & { arrival: number })[] = [];
  let duplicates = 0;
  let tooLate = 0;
  arrivals.forEach((t, arrival) => {
    if (seen.has(`${t.symbol}/${t.id}`)) return void duplicates++;
    seen.add(`${t.symbol}/${t.id}`);
    const minute = t.time - (t.time % 60_000);
    if (minute + 60_000 + latenessMs <= (latest.get(t.symbol) ?? -Infinity)) return void tooLate++;
    latest.set(t.symbol, Math.max(t.time, latest.get(t.symbol) ?? -Infinity));
    kept.push({ ...t, arrival });
  });
  const groups = new Map<string, typeof kept>();
  for (const t of kept) {
    const key = `${t.symbol} ${new Date(t.time - (t.time % 60_000)).toISOString()}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const bars = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, trades]) => {
    const byTime = [...trades].sort((a, b) => a.time - b.time || a.arrival - b.arrival);
    return {
      symbol: key.split(' ')[0],
      minute: key.split(' ')[1],
      open: byTime[0]!.price,
      high: Math.max(...trades.map((t) => t.price)),
      low: Math.min(...trades.map((t) => t.price)),
      close: byTime.at(-1)!.price,
      volume: trades.reduce((sum, t) => sum + t.size, 0),
      trades: trades.length,
    };
  });
  return { bars, duplicates, tooLate };
}

describe('stream mode on a messy feed', () => {
  it('de-duplicates replayed trades, puts late and out-of-order trades in their own minute, rejects bad fields; bars match an independent computation', async () => {
    // Prepare: connection 1 sends out-of-order, tied, late, too-late, duplicate and broken trades, then
    // drops; connection 2 replays the last trades (as feeds do after a reconnect) and adds new ones.
    const t = (symbol: string, id: string, price: number, size: number, time: number): SentTrade => ({ symbol, id, price, size, time });
    const first: SentTrade[] = [
      t('BTC', '1', 10, 1, MINUTE_0 + 1000),
      t('BTC', '2', 12, 2, MINUTE_0 + 5000),
      t('ETH', '1', 3, 5, MINUTE_0 + 1500), // same id as a BTC trade: another symbol, not a duplicate
      t('BTC', '3', 9, 3, MINUTE_0 + 3000), // out of order: earlier than the trade before it
      t('BTC', '4', 11, 1, MINUTE_0 + 5000), // same time as id 2, arrives later: the close
      t('BTC', '5', 20, 1, MINUTE_1 + 2000),
      t('BTC', '6', 8, 4, MINUTE_0 + 59_000), // late, within the 10 s allowance: minute 0's low and close
      t('BTC', '2', 12, 2, MINUTE_0 + 5000), // duplicate
      t('BTC', '7', 21, 1, MINUTE_1 + 15_000), // closes minute 0
      t('BTC', '8', 100, 9, MINUTE_0 + 30_000), // too late
    ];
    const second: SentTrade[] = [t('BTC', '5', 20, 1, MINUTE_1 + 2000), t('BTC', '7', 21, 1, MINUTE_1 + 15_000), t('BTC', '9', 22, 2, MINUTE_1 + 20_000), t('ETH', '2', 4, 1, MINUTE_1 + 1000)];
    const wire = (x: SentTrade, asStrings = false) => ({ type: 'trade', symbol: x.symbol, id: x.id, price: asStrings ? String(x.price) : x.price, size: asStrings ? String(x.size) : x.size, time: asStrings ? String(x.time) : x.time });
    const broken = [
      { type: 'trade', symbol: 'BTC', id: 'b1', price: '', size: 1, time: MINUTE_0 },
      { type: 'trade', symbol: 'BTC', id: 'b2', price: 5, size: 'abc', time: MINUTE_0 },
      { type: 'trade', symbol: 'BTC', id: 'b3', size: 1, time: MINUTE_0 },
      { type: 'trade', symbol: 'BTC', id: 'b4', price: 5, size: 1, time: '2024/05/01 12:00' },
      { type: 'trade', symbol: 'ETH', id: 'b5', price: 0, size: 1, time: MINUTE_0 },
    ];
    feed = await startTradeFeed((socket, index) => {
      if (index === 0) {
        first.forEach((x, i) => socket.send(JSON.stringify(wire(x, i % 2 === 1))));
        socket.send(JSON.stringify(broken), () => socket.terminate());
      } else socket.send(JSON.stringify(second.map((x) => wire(x, true))));
    });

    // Act
    const run = await runWorker({ ...s3.env, MODE: 'stream', ARTIFACT_PREFIX: 'messy-feed/', TASK_INPUT: JSON.stringify({ url: feed.url, symbols: ['BTC', 'ETH'], durationSeconds: 15, checkpointSeconds: 60 }) });

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(feed.connections).toBeGreaterThanOrEqual(2);
    const expected = expectedBars([...first, ...second], 10_000);
    const final = JSON.parse(await s3.getText('messy-feed/final.json'));
    expect(final.bars).toEqual(expected.bars);
    expect(final.bars.find((b: any) => b.symbol === 'BTC' && b.minute === '2024-05-01T12:00:00.000Z')).toMatchObject({ open: 10, low: 8, close: 8, trades: 5 });
    expect(final).toMatchObject({ latenessSeconds: 10, duplicates: expected.duplicates, tooLate: expected.tooLate, rejected: { price: 3, size: 1, time: 1, symbol: 0 } });
    expect(expected).toMatchObject({ duplicates: 3, tooLate: 1 });
    const inBars = expected.bars.reduce((sum, b) => sum + b.trades, 0);
    expect(final.trades).toBe(inBars);
    expect(final.tradesBySymbol).toEqual({ BTC: inBars - 2, ETH: 2 });
    expect(run.result?.result).toMatchObject({ trades: inBars, duplicates: 3, tooLate: 1 });
    expect(run.logs.find((l) => l.message === 'stream: bar closed')).toMatchObject({ symbol: 'BTC', minute: '2024-05-01T12:00:00.000Z', close: 8 });
  });
});

describe('stream mode on SIGTERM', () => {
  it('stops before its deadline with exit 143 and no final artifacts or manifest', async () => {
    feed = await startTradeFeed((socket) => socket.send(trade('BTC', 1, 1, MINUTE_0)));

    const run = await runWorker(
      { ...s3.env, MODE: 'stream', ARTIFACT_PREFIX: 'feed-term/', TASK_INPUT: JSON.stringify({ url: feed.url, symbols: ['BTC'], durationSeconds: 60, checkpointSeconds: 60 }) },
      (child) => void waitForLog(child, 'stream: first trade').then(() => child.kill('SIGTERM')),
    );

    expect(run.code).toBe(143);
    expect(run.result?.error?.name).toBe('Worker.Terminated');
    expect(await s3.keys('feed-term/')).toEqual([]);
  });
});
