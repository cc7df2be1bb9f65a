/**
 * A newcomer's commands, exactly as typed (issue 16): `npx sfn-ecs ...` in the project folder, real
 * processes. Usage mistakes say what is wrong in one line plus a pointer to --help; hints print
 * commands that run as printed; one failure report for a failed `run`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorkerBundle } from '../e2e/helpers.js';
import { userEnv, userShell, type ShellResult } from '../helpers/user-shell.js';

let dataDir: string;
beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-newcomer-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Runs a shell command line in the project folder with a newcomer's environment (no AWS settings). */
const sh = (command: string): Promise<ShellResult> => userShell(command, userEnv(dataDir, { NO_COLOR: '1' }));

describe('usage errors: the mistake first, one line of hint, exit 2', () => {
  it.each([
    ['npx sfn-ecs run sync --inptu x', "sfn-ecs: unknown option --inptu for 'run'; did you mean --input?\nsee npx sfn-ecs run --help\n"],
    ['npx sfn-ecs histroy x', "sfn-ecs: Unknown command 'histroy'; did you mean 'history'?\nsee npx sfn-ecs --help\n"],
    ['npx sfn-ecs run sync --test-case RetryPath', 'sfn-ecs: --test-case RetryPath needs a mock configuration: add --mock-config FILE (or set SFN_MOCK_CONFIG)\nsee npx sfn-ecs run --help\n'],
  ])('%s', async (command, expected) => {
    const { status, stderr } = await sh(command);
    expect({ status, stderr }).toEqual({ status: 2, stderr: expected });
  }, 60_000);

  it('--input naming a file without @ gets the @ hint; bad JSON in an @file names the file', async () => {
    const plain = await sh('npx sfn-ecs run sync --input events/sync-echo.json');
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/^sfn-ecs: --input is not valid JSON: .*; to read the file, use @events\/sync-echo\.json\n$/);
    const bad = await sh(`printf '{"a": }' > ${dataDir}/bad.json && npx sfn-ecs run sync --input @${dataDir}/bad.json`);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`--input file ${dataDir}/bad.json is not valid JSON`);
  }, 60_000);

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    expect(await sh('npx sfn-ecs --version')).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  }, 60_000);
});

describe('run, as the README shows it', () => {
  it('a failed run prints one failure report, and its history hint runs as printed', async () => {
    const run = await sh(`npx sfn-ecs run sync --input @events/sync-worker-rejects-input.json --data-dir ${dataDir}`);
    expect(run.status).toBe(1);
    expect(run.stderr.match(/✖ FAILED/g)).toHaveLength(1);
    expect(run.stderr).toContain('error: Worker.InvalidInput');
    expect(run.stderr).toMatch(/cause: task arn:aws:ecs:\S+: exit code 2, stop code EssentialContainerExited/);
    expect(run.stderr).toMatch(/last \d+ log lines: ==> /);
    const hint = /^history: (npx sfn-ecs history \S+ --local --data-dir \S+) {3}logs: (npx sfn-ecs logs .*)$/m.exec(run.stderr);
    expect(hint).not.toBeNull();
    const history = await sh(hint![1]!);
    expect(history.status).toBe(0);
    expect(history.stdout).toContain('ExecutionFailed');
  }, 120_000);

  it('an EventBridge event as --input gets a hint to replay it or fire the schedule', async () => {
    const run = await sh(`npx sfn-ecs run sync --input @events/scheduled-event.json --data-dir ${dataDir}`);
    expect(run.stderr).toContain('sfn-ecs: note: @events/scheduled-event.json is an EventBridge event');
    expect(run.stderr).toContain('npx sfn-ecs replay events/scheduled-event.json  or  npx sfn-ecs schedules --fire <name>');
    // The hint works: replay runs it as EventBridge would and it ends as the catalog says.
    const replay = await sh(`npx sfn-ecs replay events/scheduled-event.json --data-dir ${dataDir}`);
    expect(replay.status).toBe(0);
  }, 180_000);

  it('validate a file and its folder reports each file once', async () => {
    const { status, stderr } = await sh('npx sfn-ecs validate statemachines/sync.asl.json statemachines/');
    expect(status).toBe(0);
    expect(stderr).toMatch(/^3 files: 0 errors/m);
  }, 60_000);
});
