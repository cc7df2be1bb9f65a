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
      TASK_INPUT: JSON.stringify({ url: feed.url, symbols: ['BTC', 'ETH'], durationSeconds: 15, checkpointSeconds: 1 }),
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
      // Reconnects at +0.25 s, +0.75 s, +1.75 s, +3.75 s: a 5 s window sees at least two even when slow.
      TASK_INPUT: JSON.stringify({ url: 'ws://127.0.0.1:9/feed', symbols: ['BTC'], durationSeconds: 5, checkpointSeconds: 10 }),
    });

    expect(run.code).toBe(1);
    expect(run.result?.error).toMatchObject({ name: 'Worker.Failed', cause: expect.stringContaining('could not connect to ws://127.0.0.1:9/feed') });
    expect(run.logs.filter((l) => l.message === 'stream: reconnecting').length).toBeGreaterThanOrEqual(2);
    expect(await s3.keys('no-feed/')).toEqual([]);
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
