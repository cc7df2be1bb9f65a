/**
 * The data folder as a user meets it: AWS-valid names that look like paths stay inside it, its files
 * are private, and one runtime at a time owns it.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { testRuntimes } from '../helpers/test-runtimes.js';
import { processStartTime } from '../../local/src/storage/process-identity.js';
import { cli } from '../toolset/cli-helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/test';
const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const { open, close, removeLater } = testRuntimes();

/** Every file and folder under dir, relative to it. */
async function walk(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) found.push(relative(dir, join(entry.parentPath, entry.name)));
  return found;
}

const client = (runtime: Runtime): SFNClient =>
  new SFNClient({ endpoint: runtime.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

const NAMES = ['.', '..', 'ü', 'x'.repeat(80), 'ü'.repeat(80), '😀'.repeat(40)];

describe('names that look like paths', () => {
  it('stores, lists, restarts and deletes machines and executions named ., .., ü and 80 characters, all inside the data folder', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'sfn-ecs-names-'));
    removeLater(parent);
    const dataDir = join(parent, 'data');
    let runtime = await open(dataDir);
    let sfn = client(runtime);
    const executions: { machine: string; name: string; arn: string; machineArn: string }[] = [];
    for (const name of NAMES) {
      const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));
      for (const executionName of NAMES) {
        const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify({ machine: name, execution: executionName }) }));
        executions.push({ machine: name, name: executionName, arn: executionArn!, machineArn: stateMachineArn! });
      }
    }
    for (const e of executions) await runtime.waitForExecution(e.arn);
    sfn.destroy();
    await close(runtime);

    // Nothing beside the data folder; every execution has its own folder.
    expect(await readdir(parent)).toEqual(['data']);
    const files = await walk(join(dataDir, 'executions'));
    expect(files.filter((f) => f.endsWith('history.jsonl'))).toHaveLength(NAMES.length * NAMES.length);

    runtime = await open(dataDir);
    sfn = client(runtime);
    const listed = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines!.map((m) => m.name);
    for (const name of NAMES) expect(listed).toContain(name);
    for (const e of executions) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: e.arn }));
      expect(described.status).toBe('SUCCEEDED');
      expect(described.name).toBe(e.name);
      expect(JSON.parse(described.output!).execution).toBe(e.name);
      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: e.arn }));
      expect(history.events!.map((event) => event.id)).toEqual([1, 2, 3, 4]);
      // Each execution has its own history (`.`/`..` of different machines once shared one).
      expect(JSON.parse(history.events![0]!.executionStartedEventDetails!.input!)).toEqual({ machine: e.machine, execution: e.name });
    }
    for (const name of NAMES) {
      const machineArn = executions.find((e) => e.machineArn.endsWith(`:${name}`))!.machineArn;
      const names = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn }))).executions!.map((e) => e.name);
      expect(names.sort()).toEqual([...NAMES].sort());
      await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: machineArn }));
    }
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines!.map((m) => m.name)).not.toContain('..');
    sfn.destroy();
    await close(runtime);
    expect(await readdir(parent)).toEqual(['data']);
    expect(await readdir(join(dataDir, 'state-machines'))).toEqual([]);
  }, 120_000);
});

describe('private data', () => {
  it('makes the data folder 0700 and its records, histories, task logs and index 0600', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-private-'));
    removeLater(dataDir);
    await import('node:fs/promises').then((fs) => fs.chmod(dataDir, 0o755));
    const runtime = await open(dataDir);
    const { stateMachineArn } = await runtime.createStateMachine({ name: 'm', definition, roleArn: ROLE });
    const { executionArn } = await runtime.startExecution({ stateMachineArn, name: 'e' });
    await runtime.waitForExecution(executionArn!);
    const [task] = (await runtime.ecs.runTask({ cluster: 'sfn-ecs-local', taskDefinition: runtime.project.taskDefinitions[0]!.family, launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } }, overrides: { containerOverrides: [{ name: runtime.project.taskDefinitions[0]!.containers[0]!.name, environment: [{ name: 'MODE', value: 'echo' }, { name: 'TASK_INPUT', value: '{"message":"hi"}' }] }] } })).tasks!;
    await runtime.ecs.waitForStopped(task!.taskArn!);
    await close(runtime);

    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    const ours = (await walk(dataDir)).filter((f) => !f.startsWith('s3'));
    expect(ours.some((f) => f.startsWith('task-logs/'))).toBe(true);
    for (const file of ours) {
      const info = await stat(join(dataDir, file));
      expect({ file, mode: (info.mode & 0o777).toString(8) }).toEqual({ file, mode: info.isDirectory() ? '700' : '600' });
    }
  }, 60_000);
});

describe('one runtime per data folder', () => {
  it('refuses a second runtime, naming the pid that holds the folder', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-lock-'));
    removeLater(dataDir);
    await open(dataDir);
    await expect(createRuntime({ rootDir: process.cwd(), dataDir })).rejects.toMatchObject({
      name: 'DataFolderInUseError',
      message: expect.stringContaining(`pid ${process.pid}`),
    });
  });

  it('`sfn-ecs run` on a folder a runtime holds exits 1, names the pid and says how to run on that server', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-lock-'));
    removeLater(dataDir);
    await open(dataDir);
    const { status, stderr } = await cli('run', 'sync', '--input', '{"mode":"echo","input":{"message":"hi"}}', '--data-dir', dataDir);
    expect(status).toBe(1);
    expect(stderr).toContain(`The data folder ${dataDir} is in use by another sfn-ecs runtime (pid ${process.pid}`);
    expect(stderr).toContain('sfn-ecs start <machine> --wait');
  });

  it('takes over a lock left by a process that is gone, with a note', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-lock-'));
    removeLater(dataDir);
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(join(dataDir, 'runtime.lock'), JSON.stringify({ pid: dead, startTime: '1', startedAt: '2026-01-01T00:00:00.000Z' }));
    const warnings: string[] = [];
    await open(dataDir, warnings);
    expect(warnings.join('\n')).toMatch(new RegExp(`pid ${dead}, started 2026-01-01T00:00:00.000Z\\) is gone; taking the data folder over`));
  });

  it('treats a lock whose pid now belongs to another program as stale', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-lock-'));
    removeLater(dataDir);
    await mkdir(dataDir, { recursive: true });
    const reused = { pid: process.pid, startTime: String(Number(processStartTime(process.pid)) + 1), startedAt: '2026-01-01T00:00:00.000Z' };
    await writeFile(join(dataDir, 'runtime.lock'), JSON.stringify(reused));
    const warnings: string[] = [];
    await open(dataDir, warnings);
    expect(warnings.join('\n')).toMatch(/is gone; taking the data folder over/);
  });
});
