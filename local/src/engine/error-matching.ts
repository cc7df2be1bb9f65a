/**
 * ErrorEquals matching, shared by Retry and Catch (https://states-language.net/spec.html#error-names).
 * - States.ALL matches every error except States.Runtime and States.DataLimitExceeded (both terminal).
 * - States.TaskFailed matches any error except a timeout.
 * - States.Timeout also matches a missed heartbeat (States.HeartbeatTimeout).
 */
import { STATES_ERRORS } from './errors.js';

const UNCATCHABLE: ReadonlySet<string> = new Set([STATES_ERRORS.Runtime, STATES_ERRORS.DataLimitExceeded]);
const TIMEOUTS: ReadonlySet<string> = new Set([STATES_ERRORS.Timeout, STATES_ERRORS.HeartbeatTimeout]);

export function isCatchable(error: string | null): boolean {
  return error === null || !UNCATCHABLE.has(error);
}

export function errorMatches(errorEquals: readonly string[], error: string | null): boolean {
  if (!isCatchable(error)) return false;
  return errorEquals.some((name) => {
    if (name === STATES_ERRORS.ALL) return true;
    if (name === STATES_ERRORS.TaskFailed) return error === null || !TIMEOUTS.has(error);
    if (name === STATES_ERRORS.Timeout && error === STATES_ERRORS.HeartbeatTimeout) return true;
    return name === error;
  });
}
