/**
 * One clear line for an error an SDK call threw: the AWS error name and message for service errors,
 * and for transport failures where the call was going and why it never arrived.
 */

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
  $metadata?: { httpStatusCode?: number };
  errors?: SdkErrorLike[];
}

/** The transport cause (ECONNREFUSED, ...) of an SDK error, if that is what it is. */
function transportCause(error: SdkErrorLike): SdkErrorLike | undefined {
  if (error.code && UNREACHABLE_CODES.has(error.code)) return error;
  // Node reports a refused dual-stack connection as an AggregateError of the per-address errors.
  for (const inner of error.errors ?? []) if (inner.code && UNREACHABLE_CODES.has(inner.code)) return inner;
  if (error.name === 'TimeoutError') return error;
  return undefined;
}

/** A one-line description of an SDK call's failure, naming `where` the call went. */
export function explainSdkError(error: unknown, where: string): string {
  const e = (error ?? {}) as SdkErrorLike;
  const transport = transportCause(e);
  if (transport) {
    const address = transport.address ? `${transport.address}${transport.port ? `:${transport.port}` : ''}` : (transport.hostname ?? where);
    const why = transport.code ?? transport.name ?? 'no answer';
    return `Cannot reach ${address} (${why}) for ${where}: check the endpoint${where.includes('local') ? ', or start `sfn-ecs serve`' : ', region and network'}.`;
  }
  if (e.name === 'CredentialsProviderError' || /Could not load credentials/.test(e.message ?? '')) {
    return `No AWS credentials found for ${where}: set a profile (--profile or AWS_PROFILE) or credentials, or use --local.`;
  }
  if (/Region is missing/i.test(e.message ?? '')) {
    return `No AWS region for ${where}: pass --region or set AWS_REGION or AWS_DEFAULT_REGION (or use --local).`;
  }
  // An HTTP answer without an AWS error name: something other than an AWS API answered (a proxy, a web server).
  if (e.name === 'Unknown' && e.$metadata?.httpStatusCode) {
    return `${where} answered HTTP ${e.$metadata.httpStatusCode} without an AWS error: is it an AWS API endpoint (check the URL and any HTTP proxy)?`;
  }
  if (e.$metadata && e.name) return `${e.name}: ${e.message ?? ''}`.trimEnd();
  return e.message ?? String(error);
}

/** True for what an SDK call throws: a service error, a transport failure, or missing credentials or region. */
export function isSdkFailure(error: unknown): boolean {
  const e = (error ?? {}) as SdkErrorLike;
  return (
    e.$metadata !== undefined ||
    transportCause(e) !== undefined ||
    e.name === 'CredentialsProviderError' ||
    /Could not load credentials|Region is missing/i.test(e.message ?? '')
  );
}
