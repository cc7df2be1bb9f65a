import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One SendTask* call as the server received it. */
export interface RecordedCall {
  operation: 'SendTaskSuccess' | 'SendTaskFailure' | 'SendTaskHeartbeat';
  body: Record<string, any>;
}

/** What the server answers to a call: an AWS error name, or success after an optional delay. */
export type Reply = { error: string; message?: string } | { delayMs: number } | undefined;

export interface TestSfn {
  readonly endpoint: string;
  readonly calls: RecordedCall[];
  /** Decides the answer per call; undefined = success (`{}`). */
  reply: (call: RecordedCall) => Reply;
  /** Resolves when a call satisfying `match` has arrived (bounded by `timeoutMs`). */
  waitFor(match: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

/**
 * A small Step Functions endpoint speaking AWS's JSON 1.0 protocol (POST /, X-Amz-Target
 * AWSStepFunctions.<Operation>, errors as HTTP 400 {"__type","message"}) that records SendTask* calls.
 */
export async function startTestSfn(): Promise<TestSfn> {
  const calls: RecordedCall[] = [];
  const waiters: { match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  const state: { reply: (call: RecordedCall) => Reply } = { reply: () => undefined };
  const server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8').on('data', (d: string) => (text += d));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.replace(/^AWSStepFunctions\./, '') as RecordedCall['operation'];
      const send = (status: number, body: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
      };
      if (request.method !== 'POST' || !['SendTaskSuccess', 'SendTaskFailure', 'SendTaskHeartbeat'].includes(operation)) {
        return send(400, { __type: 'UnknownOperationException', message: `unknown operation ${target}` });
      }
      const call: RecordedCall = { operation, body: JSON.parse(text || '{}') };
      calls.push(call);
      for (const waiter of [...waiters]) {
        if (waiter.match(call)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      }
      const reply = state.reply(call);
      if (reply && 'error' in reply) return send(400, { __type: reply.error, message: reply.message ?? reply.error });
      setTimeout(() => send(200, {}), reply?.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    get reply() {
      return state.reply;
    },
    set reply(fn) {
      state.reply = fn;
    },
    waitFor(match, timeoutMs = 20_000) {
      const found = calls.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching SendTask* call within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ match, resolve: (c) => (clearTimeout(timer), resolve(c)) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
