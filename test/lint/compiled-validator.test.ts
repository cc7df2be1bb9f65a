/**
 * The schema compiled once (local/src/asl/compiled-asl-validator.ts) gives asl-validator's exact
 * verdicts: compared with the library as shipped, run in a separate process so it is unpatched.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runAslValidator } from '../../local/src/asl/compiled-asl-validator.js';

const DEFINITIONS: unknown[] = [
  { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, C: { Type: 'Pas', End: true } } },
  { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'not-an-arn', End: true } } },
  { StartAt: 'A', States: { A: { Type: 'Pass', OutputPath: '$.[', End: true } } },
  { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% 1 + %}', End: true } } },
  { StartAt: 'A', States: { A: { Type: 'Wait', End: true } } },
  { StartAt: 'A', States: { A: { Type: 'Map', ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Succeed' } } }, End: true, Unknown: 1 } } },
  ...['sync', 'callback', 'fanout'].map((name) => JSON.parse(readFileSync(`statemachines/${name}.asl.json`, 'utf8'))),
  JSON.parse(readFileSync('test/lint/fixtures/mistakes.asl.json', 'utf8')),
];

describe('asl-validator with its schema compiled once', () => {
  it('reports exactly what the library as shipped reports', () => {
    const shipped = execFileSync(
      process.execPath,
      ['-e', "const v = require('asl-validator'); const defs = JSON.parse(require('fs').readFileSync(0, 'utf8')); process.stdout.write(JSON.stringify(defs.map((d) => v(d).errors)))"],
      { input: JSON.stringify(DEFINITIONS), encoding: 'utf8', timeout: 60_000 },
    );
    const ours = DEFINITIONS.map((definition) => runAslValidator(structuredClone(definition)).errors);
    expect(ours).toEqual(JSON.parse(shipped));
    expect(ours.filter((errors) => errors.length > 0)).toHaveLength(7);
  });
});
