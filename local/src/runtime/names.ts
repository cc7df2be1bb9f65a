/**
 * Name rules shared by state machines and executions (BC-SFN CreateStateMachine / StartExecution):
 * 1–80 characters; no whitespace, brackets `< > { } [ ]`, wildcards `? *`, the characters
 * `" # % \ ^ | ~ ` $ & , ; : /`, or control characters (U+0000–001F, U+007F–009F).
 */
import { ServiceError } from '../errors/service-error.js';

const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

export function isValidName(name: string): boolean {
  return name.length >= 1 && name.length <= 80 && !FORBIDDEN.test(name);
}

/** Throws InvalidName (AWS's message) unless the name follows the rules. */
export function assertValidName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !isValidName(name)) {
    throw new ServiceError('InvalidName', `Invalid Name: '${String(name)}'`);
  }
}
