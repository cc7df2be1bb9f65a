import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

/** A WebSocket trade feed on 127.0.0.1: `onConnection` scripts what each connection receives. */
export interface TestFeed {
  readonly url: string;
  readonly subscriptions: unknown[];
  connections: number;
  close(): Promise<void>;
}

export async function startTradeFeed(onConnection: (socket: WebSocket, index: number) => void): Promise<TestFeed> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const feed: TestFeed = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    subscriptions: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket) => {
    const index = feed.connections++;
    socket.once('message', (data) => {
      feed.subscriptions.push(JSON.parse(data.toString()));
      onConnection(socket, index);
    });
  });
  return feed;
}
