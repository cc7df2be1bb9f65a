import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseCommand } from '../../local/src/cli/parse-command.js';
import { readInput } from '../../local/src/cli/read-input.js';
import { UserError } from '../../local/src/cli/user-error.js';

describe('sfn-ecs command line', () => {
  it.each([
    [['run', 'sync', '--input', '{"mode":"echo"}', '--json'], { name: 'run', target: 'sync', input: '{"mode":"echo"}', json: true, root: '/p' }],
    [['run', 'statemachines/x.asl.json', '--time-scale', '0.01'], { name: 'run', target: 'statemachines/x.asl.json', json: false, timeScale: 0.01, root: '/p' }],
    [['serve'], { name: 'serve', port: DEFAULT_PORT, schedules: false, root: '/p' }],
    [['serve', '--port', '0', '--schedules', '--root', '/q'], { name: 'serve', port: 0, schedules: true, root: '/q' }],
    [['replay'], { name: 'replay', files: [], json: false, root: '/p' }],
    [['replay', 'events/a.json', 'events/b.json'], { name: 'replay', files: ['events/a.json', 'events/b.json'], json: false, root: '/p' }],
    [['history', 'run-1', '--data-dir', '/d'], { name: 'history', execution: 'run-1', json: false, root: '/p', dataDir: '/d' }],
    [['logs', 'run-1'], { name: 'logs', execution: 'run-1', root: '/p' }],
    [['schedules', '--fire', 'nightly'], { name: 'schedules', fire: 'nightly', root: '/p' }],
    [[], { name: 'help' }],
    [['--help'], { name: 'help' }],
  ])('parses %j', (argv, expected) => {
    expect(parseCommand(argv, '/p')).toEqual(expected);
  });

  it.each([
    [['deploy'], "Unknown command 'deploy'"],
    [['run'], "'run' takes exactly one"],
    [['run', 'a', 'b'], "'run' takes exactly one"],
    [['serve', '--port', 'abc'], '--port must be an integer'],
    [['serve', '--port', '70000'], '--port must be an integer'],
    [['run', 'sync', '--time-scale=0'], '--time-scale must be a positive number'],
    [['logs', 'x', '--json'], "'logs' does not take --json"],
    [['history', 'x', '--bogus'], "Unknown option '--bogus'"],
    [['serve', 'extra'], "'serve' takes no arguments"],
  ])('refuses %j with a usage error', (argv, message) => {
    let thrown: unknown;
    try {
      parseCommand(argv, '/p');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).message).toContain(message);
    expect((thrown as UserError).exitCode).toBe(2);
  });
});

describe('--input', () => {
  it('takes inline JSON, @file, or defaults to {}', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-cli-'));
    try {
      await writeFile(join(dir, 'in.json'), '{"mode":"echo","input":{"message":"hi"}}');
      expect(await readInput(undefined, dir)).toBe('{}');
      expect(await readInput('[1,2]', dir)).toBe('[1,2]');
      expect(JSON.parse(await readInput('@in.json', dir))).toEqual({ mode: 'echo', input: { message: 'hi' } });
      await expect(readInput('{nope', dir)).rejects.toThrow(/--input is not valid JSON/);
      await expect(readInput('@missing.json', dir)).rejects.toThrow(/Cannot read --input file .*missing\.json: ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
