/**
 * The web console's GET routes on the API port: the app shell for the console's stable URLs, the
 * bundled assets, and the few reads the AWS APIs do not offer (live notices, artifacts, samples,
 * the price table of the cost estimates).
 * Everything else the page needs it reads through the AWS JSON APIs (POST /), as any client would.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { foreignRequestReason } from '../net/loopback-guard.js';
import { appShell, isAppPath, notFoundPage } from './app-shell.js';
import type { ReadArtifact } from './artifact-reader.js';
import { serveArtifact } from './artifact-route.js';
import { serveLive, type SubscribeHistory } from './live-route.js';
import { COMMON_HEADERS, PAGE_CSP } from './security-headers.js';
import { StaticAssets } from './static-assets.js';

/** A sample the start form offers (events/catalog.json). */
export interface ConsoleSample {
  readonly name: string;
  readonly machine: string;
  readonly shows: string;
  readonly input: unknown;
}

export interface ConsoleOptions {
  /** dist/console; undefined when not built (pages then say so). */
  readonly assetsDir: string | undefined;
  /** The bucket artifacts are read from (no other is served). */
  readonly artifactBucket: string;
  readonly readArtifact: ReadArtifact;
  readonly samples: () => Promise<readonly ConsoleSample[]>;
  readonly subscribeHistory: SubscribeHistory;
  /** The price table the cost estimates use (the CLI's too). */
  readonly prices: () => unknown;
  /** Told about failures while serving (the page gets a 500). */
  readonly onUnexpectedError?: (error: unknown) => void;
}

function sendText(res: ServerResponse, status: number, contentType: string, body: string | Buffer, extra: Record<string, string> = {}, head = false): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...extra });
  res.end(head ? undefined : body);
}

function sendPage(res: ServerResponse, status: number, html: string, head: boolean): void {
  sendText(res, status, 'text/html; charset=utf-8', html, { 'content-security-policy': PAGE_CSP, 'cache-control': 'no-cache' }, head);
}

/** The GET/HEAD handler the API server is handed. */
export function createConsoleHandler(options: ConsoleOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const assets = new StaticAssets(options.assetsDir);
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refused = foreignRequestReason(req.headers);
    if (refused) return sendText(res, 403, 'text/plain; charset=utf-8', refused);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const head = req.method === 'HEAD';
    if (isAppPath(url.pathname)) {
      if (!assets.built) return sendPage(res, 503, notFoundPage(url.pathname).replace('<h1>Not found</h1>', '<h1>The console is not built</h1><p>Run <code>npm run build</code>, then reload.</p>'), head);
      return sendPage(res, 200, appShell(), head);
    }
    if (url.pathname.startsWith('/assets/')) {
      const asset = await assets.get(url.pathname.slice('/assets/'.length));
      if (!asset) return sendPage(res, 404, notFoundPage(url.pathname), head);
      const gzip = asset.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      return sendText(res, 200, asset.contentType, gzip ? asset.gzipped! : asset.body, { 'cache-control': 'no-cache', vary: 'accept-encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) }, head);
    }
    if (url.pathname === '/console-api/live') return serveLive(url, req, res, options.subscribeHistory);
    if (url.pathname === '/console-api/artifact') return serveArtifact(url, res, options.artifactBucket, options.readArtifact, head);
    if (url.pathname === '/console-api/prices') {
      return sendText(res, 200, 'application/json', JSON.stringify(options.prices()), { 'cache-control': 'no-store' }, head);
    }
    if (url.pathname === '/console-api/samples') {
      return sendText(res, 200, 'application/json', JSON.stringify({ samples: await options.samples() }), { 'cache-control': 'no-store' }, head);
    }
    return sendPage(res, 404, notFoundPage(url.pathname), head);
  };
  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      options.onUnexpectedError?.(error);
      if (!res.headersSent) sendText(res, 500, 'text/plain; charset=utf-8', 'The console failed to answer this request.');
      else res.destroy();
    });
  };
}
