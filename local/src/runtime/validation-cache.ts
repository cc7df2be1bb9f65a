/**
 * Remembers definitions that passed validation, by content hash, for the life of the process:
 * asl-validator builds a fresh JSON-schema compiler on every call (~0.4 s per definition), and every
 * runtime start (tests, the CLI, a library user's several runtimes) validates the same project files.
 * Only successes are kept, so a failing definition always reports its problems.
 */
import { createHash } from 'node:crypto';
import type { DefinitionValidation } from './step-functions-service.js';

/** Cached entries at most (each is a 64-character hash). */
const MAX_ENTRIES = 1_000;
const passed = new Set<string>();

export function cachedValidation(validate: (definition: unknown) => DefinitionValidation): (definition: unknown) => DefinitionValidation {
  return (definition) => {
    const key = createHash('sha256').update(JSON.stringify(definition)).digest('hex');
    if (passed.has(key)) return { ok: true };
    const result = validate(definition);
    if (result.ok) {
      if (passed.size >= MAX_ENTRIES) passed.clear();
      passed.add(key);
    }
    return result;
  };
}
