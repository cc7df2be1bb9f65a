/**
 * An AWS API error as a client sees it: the exception name (`__type` on the wire), a message and
 * whether the client or the server is at fault. Services throw it; only the protocol layer
 * (local/src/api) serialises it, as `{"__type": code, "message": message}` with HTTP 400 or 500.
 */
export class ServiceError extends Error {
  /** The AWS exception name, as the AWS SDK names its errors: code written against the SDK reads it the same. */
  override readonly name: string;
  constructor(
    /** AWS exception name, e.g. ExecutionDoesNotExist, InvalidParameterException. */
    readonly code: string,
    message: string,
    readonly fault: 'client' | 'server' = 'client',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code;
  }
}
