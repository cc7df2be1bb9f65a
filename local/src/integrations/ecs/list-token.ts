/** ListTasks' nextToken: the index of the next task, opaque to callers. */
import { ServiceError } from '../../errors/service-error.js';

export const encodeToken = (index: number): string => Buffer.from(JSON.stringify({ index })).toString('base64url');

export function decodeToken(token: string): number {
  try {
    const { index } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { index: unknown };
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0) return index;
  } catch {
    // fall through to the error below
  }
  throw new ServiceError('InvalidParameterException', 'Invalid nextToken.');
}
