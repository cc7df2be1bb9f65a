/**
 * GET /console-api/live[?executionArn=...]: server-sent events telling the page that something
 * changed, so it reads the news through the same APIs as always (GetExecutionHistory, ListExecutions)
 * instead of polling. With an execution: one `history` event per new history event (its id and type);
 * without: one `execution` event per execution started or ended.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMMON_HEADERS } from './security-headers.js';

export type HistoryNotice = (event: { readonly id: number; readonly type: string }, executionArn: string) => void;
export type SubscribeHistory = (listener: HistoryNotice) => () => void;

/** A comment line keeps idle connections (and proxies) from timing out. */
const KEEPALIVE_MS = 15_000;

export function serveLive(url: URL, req: IncomingMessage, res: ServerResponse, subscribe: SubscribeHistory): void {
  const executionArn = url.searchParams.get('executionArn') ?? undefined;
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write('retry: 1000\n\n');
  const unsubscribe = subscribe((event, arn) => {
    if (executionArn !== undefined) {
      if (arn === executionArn) res.write(`event: history\ndata: ${JSON.stringify({ id: event.id, type: event.type })}\n\n`);
    } else if (event.type.startsWith('Execution')) {
      res.write(`event: execution\ndata: ${JSON.stringify({ executionArn: arn, type: event.type })}\n\n`);
    }
  });
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  const end = (): void => {
    clearInterval(keepalive);
    unsubscribe();
  };
  req.on('close', end);
  res.on('close', end);
}
