/** events/: every sample is catalogued with its machine and expected end, and the README says so. */
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProjectError, loadEventCatalog, loadProject } from '../../local/src/project/index.js';
import type { Project, SampleEvent } from '../../local/src/project/index.js';
import { MODES } from '../../worker/src/modes/index.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const temporaryDirs: string[] = [];
let project: Project;
let samples: SampleEvent[];

beforeAll(async () => {
  project = await loadProject(REPO_ROOT);
  samples = await loadEventCatalog(project);
});

afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('the sample events of this repository', () => {
  it('catalogues every file in events/', async () => {
    const files = (await readdir(join(REPO_ROOT, 'events'))).filter((f) => f.endsWith('.json') && f !== 'catalog.json');
    expect(samples.map((s) => `${s.name}.json`).sort()).toEqual(files.sort());
  });

  it('covers every workflow and worker mode, success and failure, and a scheduled event', () => {
    for (const machine of ['sync', 'callback', 'fanout']) {
      const own = samples.filter((s) => s.machine === machine);
      expect(own.some((s) => s.expect === 'SUCCEEDED'), machine).toBe(true);
      expect(own.some((s) => s.expect === 'FAILED'), machine).toBe(true);
    }
    const modes = new Set(samples.map((s) => (s.input as { mode?: string }).mode));
    for (const mode of Object.keys(MODES)) expect(modes, mode).toContain(mode);
    const errors = new Set(samples.map((s) => s.error));
    for (const error of ['Workflow.UnknownMode', 'Workflow.InvalidInput', 'Worker.InvalidInput', 'Worker.Failed']) expect(errors, error).toContain(error);
    expect(samples.some((s) => s.kind === 'eventbridge')).toBe(true);
  });

  it('turns the scheduled event into the input the rule passes: its constant Input', async () => {
    const scheduled = samples.find((s) => s.kind === 'eventbridge');
    const event = JSON.parse(await readFile(scheduled!.file, 'utf8'));
    expect(event).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
    const rule = project.schedules.find((s) => event.resources[0].endsWith(`:rule/${s.name}`));
    expect(scheduled?.machine).toBe(rule?.stateMachine);
    expect(scheduled?.input).toEqual(rule?.input);
  });

  it('documents every sample in events/README.md', async () => {
    const readme = await readFile(join(REPO_ROOT, 'events', 'README.md'), 'utf8');
    for (const sample of samples) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${sample.name}.json\``));
      expect(row, sample.name).toBeDefined();
      expect(row, sample.name).toContain(sample.machine);
      expect(row, sample.name).toContain(sample.error ?? sample.expect);
    }
  });
});

describe('catalog problems', () => {
  async function withCatalog(catalog: unknown, files: Record<string, unknown> = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-events-'));
    temporaryDirs.push(dir);
    await cp(join(REPO_ROOT, 'serverless.yml'), join(dir, 'serverless.yml'));
    await cp(join(REPO_ROOT, 'statemachines'), join(dir, 'statemachines'), { recursive: true });
    await mkdir(join(dir, 'events'));
    await writeFile(join(dir, 'events', 'catalog.json'), JSON.stringify(catalog));
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, 'events', name), JSON.stringify(content));
    return loadEventCatalog(await loadProject(dir));
  }

  it('passes the whole event when the rule has no constant Input', async () => {
    const event = { 'detail-type': 'Scheduled Event', resources: ['arn:aws:events:us-east-1:123456789012:rule/sfn-ecs-local-nightly-analytics'] };
    const [sample] = await withCatalog(
      { events: [{ file: 'e.json', kind: 'eventbridge', machine: 'sync', expect: 'SUCCEEDED', shows: 'x' }] },
      { 'e.json': event },
    );
    expect(sample?.input).toMatchObject({ mode: 'analytics' });
  });

  it.each([
    ['an unknown machine', { file: 'a.json', machine: 'nightly', expect: 'SUCCEEDED', shows: 'x' }, { 'a.json': {} }, /a\.json targets nightly, which is not one of callback, fanout, sync/],
    ['an unknown status', { file: 'a.json', machine: 'sync', expect: 'DONE', shows: 'x' }, { 'a.json': {} }, /expect/],
    ['a missing file', { file: 'gone.json', machine: 'sync', expect: 'FAILED', shows: 'x' }, {}, /Cannot read .*gone\.json: ENOENT/],
    [
      'an event from a rule serverless.yml does not have',
      { file: 'e.json', kind: 'eventbridge', machine: 'sync', expect: 'SUCCEEDED', shows: 'x' },
      { 'e.json': { resources: ['arn:aws:events:us-east-1:123456789012:rule/other'] } },
      /rule other is not a schedule in serverless\.yml/,
    ],
    [
      'an event whose rule targets another machine',
      { file: 'e.json', kind: 'eventbridge', machine: 'fanout', expect: 'SUCCEEDED', shows: 'x' },
      { 'e.json': { resources: ['arn:aws:events:us-east-1:123456789012:rule/sfn-ecs-local-nightly-analytics'] } },
      /targets sync, but the catalog says fanout/,
    ],
  ])('rejects %s', async (_what, entry, files, message) => {
    const error = await withCatalog({ events: [entry] }, files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectError);
    expect((error as Error).message).toMatch(message);
  });
});
