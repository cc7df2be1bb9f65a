/**
 * End-to-end runs of the fixture machines in test/fixtures/asl: each `<name>.asl.json` runs on the
 * input in `<name>.expected.json`, and its outcome (and, where listed, its history event types) must
 * match. The machines also pass validateDefinition.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../local/src/validation/validate.js';
import type { ExecutionOutcome } from '../../local/src/engine/types.js';
import { eventTypes, run } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'asl');

interface Expected {
  readonly input: unknown;
  readonly outcome: ExecutionOutcome;
  readonly eventTypes?: readonly string[];
}

const names = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.asl.json'))
  .map((file) => file.slice(0, -'.asl.json'.length));

describe('fixture machines', () => {
  it('has fixtures to run', () => {
    expect(names.length).toBeGreaterThanOrEqual(4);
  });

  it.each(names)('%s runs to its expected outcome', async (name) => {
    const definition: unknown = JSON.parse(readFileSync(join(FIXTURES, `${name}.asl.json`), 'utf8'));
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;
    expect(validateDefinition(definition)).toMatchObject({ ok: true });
    const { outcome, events } = await run(definition, expected.input);
    expect(outcome).toEqual(expected.outcome);
    if (expected.eventTypes) expect(eventTypes(events)).toEqual(expected.eventTypes);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });
});
