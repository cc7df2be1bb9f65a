/**
 * Remembers definitions that passed validation, by content hash, for the life of the process:
 * validation takes tens of milliseconds per definition, and every runtime start (tests, the CLI, a
 * library user's several runtimes) validates the same project files. Only successes are kept, so a
 * failing definition always reports its problems. Wrap only checks that depend on the definition
 * alone (not on a runtime's integrations): one cache serves every runtime in the process.
 */
import { createHash } from 'node:crypto';
import type { StateMachineDefinition } from '../asl/types.js';
import type { DefinitionValidation } from './step-functions-context.js';

/** Cached entries at most. */
const MAX_ENTRIES = 1_000;
/** Content hash -> the validated definition (definitions are read-only, so one object serves every caller). */
const passed = new Map<string, StateMachineDefinition>();

export function cachedValidation(validate: (definition: unknown) => DefinitionValidation): (definition: unknown) => DefinitionValidation {
  return (definition) => {
    const key = createHash('sha256').update(JSON.stringify(definition)).digest('hex');
    const known = passed.get(key);
    if (known) return { ok: true, definition: known };
    const result = validate(definition);
    if (result.ok) {
      if (passed.size >= MAX_ENTRIES) passed.clear();
      passed.set(key, result.definition);
    }
    return result;
  };
}
