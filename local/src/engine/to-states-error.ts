/** The one boundary that turns any thrown value into a StatesError (unknowns -> States.Runtime). */
import { STATES_ERRORS, StatesError } from './errors.js';

export function toStatesError(thrown: unknown, fallback: string = STATES_ERRORS.Runtime): StatesError {
  if (thrown instanceof StatesError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new StatesError(fallback, message, { cause: thrown });
}

/** Error output as Catch and history carry it: {"Error", "Cause"}. */
export function errorOutput(error: StatesError): { Error: string | null; Cause?: string | null } {
  return error.cause === undefined ? { Error: error.error } : { Error: error.error, Cause: error.cause };
}
