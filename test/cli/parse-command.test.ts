import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../local/src/cli/json-error-position.js';
import { COMMANDS } from '../../local/src/cli/command-table.js';
import { DEFAULT_PORT, parseCommand } from '../../local/src/cli/parse-command.js';
import { USAGE, usageFor } from '../../local/src/cli/usage-text.js';
import { readInput } from '../../local/src/cli/read-input.js';
import { UserError } from '../../local/src/cli/user-error.js';

describe('sfn-ecs command line', () => {
  it.each([
    [['run', 'sync', '--input', '{"mode":"echo"}', '--json'], { name: 'run', target: 'sync', input: '{"mode":"echo"}', json: true, console: false, root: '/p' }],
    [['run', 'statemachines/x.asl.json', '--time-scale', '0.01'], { name: 'run', target: 'statemachines/x.asl.json', json: false, console: false, timeScale: 0.01, root: '/p' }],
    [['run', 'sync', '--console'], { name: 'run', target: 'sync', json: false, console: true, root: '/p' }],
    [['serve'], { name: 'serve', port: DEFAULT_PORT, schedules: false, root: '/p' }],
    [['serve', '--port', '0', '--schedules', '--root', '/q'], { name: 'serve', port: 0, schedules: true, root: '/q' }],
    [['replay'], { name: 'replay', files: [], json: false, root: '/p' }],
    [['replay', 'events/a.json', 'events/b.json'], { name: 'replay', files: ['events/a.json', 'events/b.json'], json: false, root: '/p' }],
    [['history', 'run-1', '--data-dir', '/d'], { name: 'history', execution: 'run-1', json: false, root: '/p', dataDir: '/d', connection: { local: false, port: DEFAULT_PORT } }],
    [['logs', 'run-1', '--follow', '--local'], { name: 'logs', target: 'run-1', follow: true, json: false, root: '/p', connection: { local: true, port: DEFAULT_PORT } }],
    [
      ['start', 'sync', '--wait', '--name', 'n1', '--input', '{}', '--region', 'eu-west-1', '--profile', 'prod', '--stage', 'prod'],
      { name: 'start', machine: 'sync', wait: true, executionName: 'n1', input: '{}', json: false, root: '/p', connection: { local: false, port: DEFAULT_PORT, region: 'eu-west-1', profile: 'prod', stage: 'prod' } },
    ],
    [
      ['stop', 'arn:x', '--error', 'E', '--cause', 'C', '--endpoint-url', 'http://h:1'],
      { name: 'stop', execution: 'arn:x', error: 'E', cause: 'C', json: false, root: '/p', connection: { local: false, port: DEFAULT_PORT, endpointUrl: 'http://h:1' } },
    ],
    [['executions', 'sync', '--status', 'FAILED', '--json'], { name: 'executions', machine: 'sync', status: 'FAILED', json: true, root: '/p', connection: { local: false, port: DEFAULT_PORT } }],
    [
      ['task', 'run', '--mode', 'echo', '--env', 'A=1', '--env', 'B=x=y', '--cpu', '512', '--memory', '1024', '--spot', '--no-wait', '--subnets', 's1,s2'],
      {
        name: 'task-run',
        mode: 'echo',
        env: ['A=1', 'B=x=y'],
        cpu: '512',
        memory: '1024',
        spot: true,
        wait: false,
        target: { machine: 'sync', subnets: 's1,s2' },
        json: false,
        root: '/p',
        connection: { local: false, port: DEFAULT_PORT },
      },
    ],
    [['task', 'stop', 'arn:t', '--reason', 'done'], { name: 'task-stop', task: 'arn:t', reason: 'done', json: false, root: '/p', connection: { local: false, port: DEFAULT_PORT } }],
    [['task', 'list', '--status', 'STOPPED', '--cluster', 'c'], { name: 'task-list', status: 'STOPPED', target: { machine: 'sync', cluster: 'c' }, json: false, root: '/p', connection: { local: false, port: DEFAULT_PORT } }],
    [['schedules', '--fire', 'nightly'], { name: 'schedules', fire: 'nightly', root: '/p' }],
    [['validate', 'a.asl.json', 'dir', '--json'], { name: 'validate', files: ['a.asl.json', 'dir'], json: true, root: '/p' }],
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
    [['history', 'x', '--bogus'], 'unknown option --bogus'],
    [['serve', 'extra'], "'serve' takes no arguments"],
    [['task'], "'task' needs one of run, status, stop, list"],
    [['task', 'run'], "'task run' needs --mode"],
    [['task', 'run', '--mode', 'echo', '--env', 'novalue'], '--env takes NAME=VALUE'],
    [['task', 'status', 'arn:t', '--reason', 'x'], "'task status' does not take --reason"],
    [['executions', 'sync', '--status', 'DONE'], '--status must be one of RUNNING, SUCCEEDED'],
    [['describe', 'x', '--local', '--region', 'eu-west-1'], '--local cannot be combined with'],
    [['validate', '--jsn'], "unknown option --jsn for 'validate'; did you mean --json?"],
    [['validate', '--follow'], "'validate' does not take --follow"],
    [['task', 'status', 'arn:t', '--bogus'], "unknown option --bogus for 'task status'"],
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

describe('the command table', () => {
  it('lists every command in the usage text and gives each its own --help', () => {
    for (const entry of COMMANDS) {
      const line = `  ${entry.words} ${entry.usage}`;
      expect(USAGE.split('\n').some((l) => l.startsWith(line))).toBe(true);
      const help = usageFor(entry.words);
      expect(help.startsWith(`Usage: sfn-ecs ${entry.words} ${entry.usage}`)).toBe(true);
      expect(help.includes('Where service commands go:')).toBe('endpoint-url' in entry.options);
      expect(parseCommand([...entry.words.split(' '), '--help'], '/p')).toEqual({ name: 'help', topic: entry.words });
    }
  });

  it("shows a command's notes and details in its --help", () => {
    expect(usageFor('task run')).toContain('task options: --cluster ARN');
    expect(usageFor('run')).toContain('Mocks: --mock-config FILE');
    expect(usageFor('validate')).toContain('ErrorEquals names that never match');
    expect(usageFor('nosuch')).toBe(USAGE);
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

describe('bad JSON in --input names where it is', () => {
  it('gives the file and the line and column of the mistake', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-cli-'));
    try {
      await writeFile(join(dir, 'value.json'), '{\n  "a": 1,\n  "b": }\n');
      await writeFile(join(dir, 'comma.json'), '{\n  "a": 1\n  "b": 2\n}\n');
      await expect(readInput('@value.json', dir)).rejects.toThrow(/^--input file value\.json is not valid JSON: .* \(line 3 column 8\)$/);
      await expect(readInput('@comma.json', dir)).rejects.toThrow(/^--input file comma\.json is not valid JSON: .* \(line 3 column 3\)$/);
      await expect(readInput('{"a": tru}', dir)).rejects.toThrow(/\(line 1 column 10\)$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('finds a mistake exactly when JSON.parse does', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(jsonErrorOffset(text)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('}', ']', ',', ':', '"', 'x', '\\', '\n'), (text, at, junk) => {
        const broken = text.slice(0, at % (text.length + 1)) + junk + text.slice(at % (text.length + 1));
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(broken) === undefined).toBe(valid);
      }),
    );
  });
});
