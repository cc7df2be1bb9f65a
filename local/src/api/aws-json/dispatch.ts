/**
 * Serves AWS JSON-protocol requests: POST / with X-Amz-Target `<Prefix>.<Operation>`, a JSON object body,
 * and a JSON response or `{"__type","message"}` error with the x-amzn-ErrorType header. Every failure,
 * including a malformed request or a bug in a handler, becomes an AWS-shaped error; nothing escapes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../errors/service-error.js';
import { checkInputShape } from './input-shape.js';
import type { JsonService } from './operation-table.js';
import { toWireValue } from './wire.js';

/** Step Functions' largest payload is 256 KiB; a request body beyond 1 MiB is refused unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

/** Reads the body up to the byte limit (rejects with BodyTooLarge past it). */
async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, contentType: string, body: unknown, errorType?: string): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

function sendError(res: ServerResponse, contentType: string, error: ServiceError): void {
  const status = error.fault === 'server' ? 500 : 400;
  send(res, status, contentType, { __type: error.code, message: error.message }, error.code);
}

function missingMembers(input: Record<string, unknown>, required: readonly string[]): ServiceError | undefined {
  const missing = required.filter((member) => input[member] === undefined || input[member] === null);
  if (missing.length === 0) return undefined;
  const details = missing.map((m) => `Value null at '${m}' failed to satisfy constraint: Member must not be null`);
  return new ServiceError('ValidationException', `${missing.length} validation error${missing.length > 1 ? 's' : ''} detected: ${details.join('; ')}`);
}

/** The content type of the service an X-Amz-Target names (awsJson1_0 when it names none). */
function contentTypeOf(req: IncomingMessage, services: readonly JsonService[]): { service: JsonService | undefined; contentType: string } {
  const [prefix] = String(req.headers['x-amz-target'] ?? '').split('.', 1);
  const service = services.find((s) => s.targetPrefix === prefix);
  return { service, contentType: service?.contentType ?? 'application/x-amz-json-1.0' };
}

/**
 * Answers a request the listener refuses before any handler runs: 403 AccessDeniedException, the
 * error AWS gives a caller it does not authorise. The body is not read; the connection is closed.
 */
export function refuseAwsJson(req: IncomingMessage, res: ServerResponse, services: readonly JsonService[], message: string): void {
  req.resume();
  res.setHeader('connection', 'close');
  send(res, 403, contentTypeOf(req, services).contentType, { __type: 'AccessDeniedException', message }, 'AccessDeniedException');
}

/** Handles one request against the services sharing this port. */
export async function dispatchAwsJson(
  req: IncomingMessage,
  res: ServerResponse,
  services: readonly JsonService[],
  onUnexpected: (error: unknown) => void = () => undefined,
): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const { service, contentType } = contentTypeOf(req, services);
  // `<Prefix>.<Operation>` exactly: `Prefix.Operation.extra` names no operation.
  const operationName = target.slice(target.indexOf('.') + 1);
  try {
    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
      req.resume();
      throw new ServiceError('UnknownOperationException', `Only POST / is served (got ${req.method} ${req.url})`);
    }
    const operation = service && Object.hasOwn(service.operations, operationName) ? service.operations[operationName] : undefined;
    if (!operation) {
      req.resume();
      throw new ServiceError('UnknownOperationException', target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header');
    }
    let text: string;
    try {
      text = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        throw new ServiceError('SerializationException', `Request body is larger than ${MAX_BODY_BYTES} bytes`);
      }
      throw error;
    }
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new ServiceError('SerializationException', 'Request body is not valid JSON');
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new ServiceError('SerializationException', 'Request body must be a JSON object');
    }
    const invalid = checkInputShape(input as Record<string, unknown>, operation.input) ?? missingMembers(input as Record<string, unknown>, operation.required);
    if (invalid) throw invalid;
    // A member sent as null is a member not sent (AWS's JSON protocols); handlers never see null.
    const members = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null));
    const output = await operation.handle(members as never);
    send(res, 200, contentType, toWireValue(output ?? {}));
  } catch (error) {
    if (error instanceof ServiceError) {
      sendError(res, contentType, error);
    } else {
      onUnexpected(error);
      sendError(res, contentType, new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error.', 'server'));
    }
  }
}
