/**
 * asl-validator 4 stays the first pass; each of its false rejections is overruled by a named rule,
 * tested here against the definitions AWS ran (test/fixtures/conformance, recorded on AWS): asl-validator
 * as shipped refuses each, sfn-ecs accepts it, and without that one rule it would refuse it again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runAslValidator } from '../../local/src/asl/compiled-asl-validator.js';
import type { QueryLanguageName } from '../../local/src/asl/types.js';
import { validateDefinition } from '../../local/src/validation/validate.js';
import { forAslValidator, STATE_REWRITES } from '../../local/src/validation/validator-overrules.js';

interface RecordedCase {
  readonly id: string;
  readonly definition: Record<string, unknown>;
}
const corpus = (file: string): RecordedCase[] => JSON.parse(readFileSync(new URL(`../fixtures/conformance/${file}`, import.meta.url), 'utf8')) as RecordedCase[];
const byId = new Map([...corpus('cases.json'), ...corpus('cases-history.json')].map((c) => [c.id, c.definition]));
const languageOf = (definition: Record<string, unknown>): QueryLanguageName => (definition.QueryLanguage as QueryLanguageName | undefined) ?? 'JSONPath';

describe.each(STATE_REWRITES.map((rewrite) => [rewrite.rule, rewrite] as const))('overruled: %s', (_rule, rewrite) => {
  it('has a reason and definitions AWS ran as its evidence', () => {
    expect(rewrite.reason.length).toBeGreaterThan(40);
    expect(rewrite.evidence.length).toBeGreaterThan(0);
  });

  it.each(rewrite.evidence.map((id) => [id]))('%s: refused by asl-validator as shipped and without this rule, accepted by sfn-ecs', (id) => {
    const definition = byId.get(id);
    expect(definition, `case ${id} in the corpus`).toBeDefined();
    if (!definition) return;
    expect(runAslValidator(definition).isValid).toBe(false);
    const others = STATE_REWRITES.filter((other) => other !== rewrite);
    expect(runAslValidator(forAslValidator(definition, languageOf(definition), others)).isValid).toBe(false);
    expect(validateDefinition(definition)).toMatchObject({ ok: true });
  });
});

describe('what asl-validator refuses and no rule overrules still stands', () => {
  it('a Pass state with a ResultSelector is refused', () => {
    const result = validateDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', ResultSelector: { a: 1 }, End: true } } });
    expect(result.ok).toBe(false);
  });

  it('a Choice Condition that is a number, not a boolean or an expression, is refused', () => {
    const result = validateDefinition({ QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: 1, Next: 'D' }], Default: 'D' }, D: { Type: 'Succeed' } } });
    expect(result.ok).toBe(false);
  });
});
