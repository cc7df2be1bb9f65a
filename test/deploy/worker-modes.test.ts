/**
 * One source for the worker's modes: the worker's own table (worker/src/modes/index.ts, MODES).
 * The workflows take the list from their ${WorkerModes} placeholder, which serverless.yml binds once
 * (custom.workerModes, in DefinitionSubstitutions) for AWS and the local runtime alike (the project
 * loader reads the same DefinitionSubstitutions). worker/ and local/ share no code, so this test is the
 * link: it fails when that list, or a list written for people (READMEs, CLI help), differs from MODES.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../local/src/project/index.js';
import { MODES } from '../../worker/src/modes/index.js';
import { REPO_ROOT } from './package-template.js';

const WORKER_MODES = Object.keys(MODES);
const read = (file: string) => readFile(join(REPO_ROOT, file), 'utf8');
/** "a, b, c or d" / "a, b, c, d" / "a | b | c | d" with or without backquotes, as a list. */
const listed = (text: string) => text.split(/,\s*|\s+or\s+|\s*\|\s*/).map((m) => m.replace(/`/g, '').trim());

describe('worker modes', () => {
  it('the workflows get exactly the worker table as ${WorkerModes}, on AWS and locally', async () => {
    const project = await loadProject(REPO_ROOT);
    expect(project.placeholders['WorkerModes']?.split(',')).toEqual(WORKER_MODES);
    const yaml = await read('serverless.yml');
    expect(/^ {2}workerModes: (.+)$/m.exec(yaml)?.[1]?.split(',')).toEqual(WORKER_MODES);
  });

  it.each(['sync', 'callback', 'fanout'])('%s.asl.json names no mode itself: it reads ${WorkerModes}', async (machine) => {
    const text = await read(`statemachines/${machine}.asl.json`);
    expect(text).toContain("$split('${WorkerModes}', ',')");
    for (const mode of WORKER_MODES) expect(text, mode).not.toMatch(new RegExp(`'${mode}'`));
  });

  it('the lists written for people name the same modes', async () => {
    const places: [string, RegExp][] = [
      ['README.md', /four modes \(([^)]+)\)/],
      ['worker/README.md', /^\| `MODE` \| (.+) \|$/m],
      ['statemachines/README.md', /"mode": "([^"]+)"/],
      ['statemachines/README.md', /the worker mode: (.+?); anything else/],
      ['local/src/cli/commands/task.ts', /needs --mode \(([^)]+)\)/],
    ];
    for (const [file, pattern] of places) {
      const text = await read(file);
      // A list may wrap onto the next line of a paragraph.
      const match = pattern.exec(text) ?? pattern.exec(text.replace(/\n\s*/g, ' '));
      expect(match, `${file}: ${pattern}`).not.toBeNull();
      expect(listed(match?.[1] ?? ''), file).toEqual(WORKER_MODES);
    }
  });
});
