import type { WebSocket } from 'ws';
import type { Logger } from '../log.js';

/** Reconnect delays: 250 ms doubling up to 5 s (bounded), reset after a successful connection. */
export const RECONNECT_BASE_MS = 250;
export const RECONNECT_MAX_MS = 5_000;
/** A feed never reached in this long is reported as unreachable (the workflow's retry decides what next). */
export const FIRST_CONNECT_GIVE_UP_MS = 15_000;
/** How long one connection attempt may take to open. */
const HANDSHAKE_TIMEOUT_MS = 5_000;

export interface FeedStats {
  connections: number;
  disconnects: number;
  messages: number;
  /** Connection attempts, successful or not. */
  attempts: number;
  /** Why the last attempt failed: the socket error's code (ECONNREFUSED, ENOTFOUND, ...) and message. */
  lastError?: { code?: string; message: string };
}

/**
 * Keeps a WebSocket subscription open until `until` (epoch ms) or the signal fires, reconnecting with
 * bounded exponential backoff. Each parsed JSON message (or each element of a JSON array) goes to `onMessage`.
 * A feed not reached once within `giveUpMs` is given up (stats.connections stays 0).
 */
export async function followFeed(options: {
  url: string;
  subscribe: unknown;
  untilMs: number;
  signal: AbortSignal;
  log: Logger;
  onMessage: (message: unknown, receivedMs: number) => void;
  giveUpMs?: number;
}): Promise<FeedStats> {
  const { WebSocket } = await import('ws');
  const stats: FeedStats = { connections: 0, disconnects: 0, messages: 0, attempts: 0 };
  const giveUpAt = Date.now() + (options.giveUpMs ?? FIRST_CONNECT_GIVE_UP_MS);
  let failures = 0;
  // The first attempt is made even when the window passed before it (a slow start on a busy machine):
  // a run that never tried must not report a feed it could not connect to.
  while ((stats.attempts === 0 || Date.now() < options.untilMs) && !options.signal.aborted) {
    if (stats.connections === 0 && stats.attempts > 0 && Date.now() >= giveUpAt) break;
    const opened = await runConnection(WebSocket, options, stats);
    if (opened) failures = 0;
    if (Date.now() >= options.untilMs || options.signal.aborted) break;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** failures, options.untilMs - Date.now());
    failures++;
    options.log.info('stream: reconnecting', { delayMs: delay, attempt: failures });
    await waitUntil(Date.now() + delay, options.signal);
  }
  return stats;
}

/** One connection's life; resolves when it closes, the deadline passes or the signal fires. True if it opened. */
function runConnection(
  WebSocketClass: typeof WebSocket,
  options: Parameters<typeof followFeed>[0],
  stats: FeedStats,
): Promise<boolean> {
  return new Promise((resolve) => {
    let opened = false;
    stats.attempts++;
    const socket = new WebSocketClass(options.url, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    const finish = (): void => {
      clearTimeout(deadline);
      options.signal.removeEventListener('abort', finish);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.terminate();
      resolve(opened);
    };
    // The first attempt gets its handshake's time even past the window, so it ends with the socket's own answer.
    const deadline = setTimeout(finish, Math.max(options.untilMs - Date.now(), stats.attempts === 1 ? HANDSHAKE_TIMEOUT_MS : 0));
    options.signal.addEventListener('abort', finish, { once: true });
    socket.on('open', () => {
      opened = true;
      stats.connections++;
      options.log.info('stream: connected', { url: options.url, connection: stats.connections });
      socket.send(JSON.stringify(options.subscribe));
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const receivedMs = Date.now();
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return;
      }
      stats.messages++;
      for (const message of Array.isArray(parsed) ? parsed : [parsed]) options.onMessage(message, receivedMs);
    });
    socket.on('error', (error: Error & { code?: string }) => {
      stats.lastError = { ...(typeof error.code === 'string' ? { code: error.code } : {}), message: error.message };
      options.log.warn(opened ? 'stream: connection error' : 'stream: could not connect', { url: options.url, error: error.message, ...(error.code ? { code: error.code } : {}) });
    });
    socket.on('close', (code) => {
      if (opened) {
        stats.disconnects++;
        options.log.warn('stream: disconnected', { code });
      }
      finish();
    });
  });
}

/** Waits until `untilMs` or the signal, whichever is first; never rejects. */
export function waitUntil(untilMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, untilMs - Date.now()));
    signal.addEventListener('abort', done, { once: true });
  });
}

/** "could not connect to 127.0.0.1:9 (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9), 4 attempts in 3.8 s (ws://127.0.0.1:9/feed)". */
export function couldNotConnect(url: string, stats: FeedStats, elapsedMs: number): string {
  let where = url;
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname}:${parsed.port || (parsed.protocol === 'wss:' ? '443' : '80')}`;
  } catch {
    // The schema admits only ws:// and wss:// URLs; keep the text as given if it still does not parse.
  }
  const why = stats.lastError ? ` (${stats.lastError.code && !stats.lastError.message.includes(stats.lastError.code) ? `${stats.lastError.code}: ` : ''}${stats.lastError.message})` : '';
  return `could not connect to ${where}${why}, ${stats.attempts} attempt${stats.attempts === 1 ? '' : 's'} in ${(elapsedMs / 1000).toFixed(1)} s (${url})`;
}
