/**
 * The local runtime's HTTP API: one port on 127.0.0.1 serving the Step Functions (awsJson1_0) and
 * ECS (awsJson1_1) JSON protocols, told apart by X-Amz-Target.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { foreignRequestReason } from '../net/loopback-guard.js';
import { dispatchAwsJson, refuseAwsJson } from './aws-json/dispatch.js';
import type { JsonService } from './aws-json/operation-table.js';

export interface ApiServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly services: readonly JsonService[];
  /** Serves GET and HEAD requests (the web console) when given; the AWS APIs stay POST /. */
  readonly onGet?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Told about handler bugs (the client gets an InternalFailure). */
  readonly onUnexpectedError?: (error: unknown) => void;
}

export interface ApiServer {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the API server on 127.0.0.1 (never on other interfaces: it runs code on request). */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const server: Server = createServer((req, res) => {
    // DNS rebinding and other pages' requests are refused here, before any operation is looked up.
    // No CORS headers are ever sent, so a browser lets no foreign page read an answer either.
    const foreign = foreignRequestReason(req.headers);
    if (foreign !== undefined) return refuseAwsJson(req, res, options.services, foreign);
    if (options.onGet && (req.method === 'GET' || req.method === 'HEAD')) return options.onGet(req, res);
    void dispatchAwsJson(req, res, options.services, options.onUnexpectedError);
  });
  // Idle connections stay open a minute (Node's default is 5 s), as AWS's endpoints and load balancers
  // keep them: a client that polls every few seconds would otherwise reconnect, or meet a connection
  // closed just as it sends (ECONNRESET, retried by the SDKs at the cost of a round trip).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
