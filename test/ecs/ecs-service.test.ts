import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../local/src/errors/service-error.js';
import { CONTAINER_NICENESS, START_WINDOW_MS } from '../../local/src/integrations/ecs/container-process.js';
import type { EcsService } from '../../local/src/integrations/ecs/ecs-service.js';
import {
  ACCOUNT,
  CLUSTER,
  CLUSTER_ARN,
  REGION,
  createService,
  isAlive,
  runTaskInput,
  taskDefinition,
  until,
} from './ecs-fixtures.js';

const DEFINITIONS = [
  'succeed',
  'fail',
  'invalid-input',
  'crash',
  'print-env',
  'sleep',
].map((script) => taskDefinition(script));

let service: EcsService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function runToStop(ecs: EcsService, family: string, extra = {}): Promise<Task> {
  const { tasks } = await ecs.runTask(runTaskInput(family, extra));
  return ecs.waitForStopped(tasks![0]!.taskArn!);
}

/** Runs the `sleep` task until it has printed the pids of its process and of its grandchild. */
async function startSleeping(ecs: EcsService): Promise<{ arn: string; pid: number; grandchildPid: number }> {
  const { tasks } = await ecs.runTask(runTaskInput('sleep'));
  const arn = tasks![0]!.taskArn!;
  await until(() => ecs.taskLogs(arn).some((line) => line.stream === 'stdout'));
  return { arn, ...(JSON.parse(ecs.taskLogs(arn)[0]!.message) as { pid: number; grandchildPid: number }) };
}

function lastStdoutJson(ecs: EcsService, task: Task): unknown {
  const lines = ecs.taskLogs(task.taskArn!).filter((line) => line.stream === 'stdout');
  return JSON.parse(lines.at(-1)!.message);
}

async function expectServiceError(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect(error).toMatchObject({ code, message });
}

describe('RunTask', () => {
  it('returns a PROVISIONING task with ECS identities and the task definition sizing', async () => {
    service = createService(DEFINITIONS);
    const { tasks, failures } = await service.runTask(runTaskInput('succeed', { startedBy: 'tester' }));

    expect(failures).toEqual([]);
    expect(tasks).toHaveLength(1);
    const task = tasks![0]!;
    expect(task.taskArn).toMatch(new RegExp(`^arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/[0-9a-f]{32}$`));
    expect(task).toMatchObject({
      clusterArn: CLUSTER_ARN,
      taskDefinitionArn: DEFINITIONS[0]!.taskDefinitionArn,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      group: 'family:succeed',
      startedBy: 'tester',
      launchType: 'FARGATE',
      cpu: '256',
      memory: '512',
    });
    expect(task.containers![0]).toMatchObject({ name: 'worker', image: 'fixture/succeed', lastStatus: 'PENDING' });
    expect(task.containers![0]!.containerArn).toMatch(
      new RegExp(`^arn:aws:ecs:${REGION}:${ACCOUNT}:container/${CLUSTER}/${task.taskArn!.split('/').at(-1)}/`),
    );
    expect(task.createdAt).toBeInstanceOf(Date);
    expect(task.overrides).toEqual({ containerOverrides: [{ name: 'worker' }], inferenceAcceleratorOverrides: [] });
  });

  it('goes PROVISIONING -> PENDING -> RUNNING -> DEPROVISIONING -> STOPPED with ordered timestamps', async () => {
    service = createService(DEFINITIONS);
    const seen: string[] = [];
    service.onTaskStateChange((task) => seen.push(task.lastStatus!));

    const task = await runToStop(service, 'succeed');

    expect(seen).toEqual(['PROVISIONING', 'PENDING', 'RUNNING', 'DEPROVISIONING', 'STOPPED']);
    expect(task).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      connectivity: 'CONNECTED',
    });
    expect(task.containers![0]).toMatchObject({ lastStatus: 'STOPPED', exitCode: 0 });
    const order = [
      task.createdAt,
      task.pullStartedAt,
      task.pullStoppedAt,
      task.startedAt,
      task.stoppingAt,
      task.executionStoppedAt,
      task.stoppedAt,
    ].map((date) => date!.getTime());
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('keeps stdout and stderr line by line with timestamps; the last stdout line is the result', async () => {
    service = createService(DEFINITIONS);
    const task = await runToStop(service, 'succeed');

    const logs = service.taskLogs(task.taskArn!);
    expect(logs.map(({ stream, message }) => ({ stream, message }))).toEqual(
      expect.arrayContaining([
        { stream: 'stderr', message: '{"level":"info","message":"working"}' },
        { stream: 'stdout', message: 'partial output' },
      ]),
    );
    expect(logs.every((line) => Number.isInteger(line.timestamp) && line.timestamp >= task.createdAt!.getTime())).toBe(true);
    expect(lastStdoutJson(service, task)).toEqual({ status: 'SUCCEEDED', args: [] });
  });

  it.each([
    ['fail', 1],
    ['invalid-input', 2],
    ['crash', 1],
  ])('records the exit code of %s (%i)', async (family, exitCode) => {
    service = createService(DEFINITIONS);
    const task = await runToStop(service, family);
    expect(task.stopCode).toBe('EssentialContainerExited');
    expect(task.containers![0]!.exitCode).toBe(exitCode);
  });

  it('layers the environment: base < task definition < container overrides', async () => {
    const definition = taskDefinition('print-env', {
      environment: [
        { name: 'FROM_DEFINITION', value: 'definition' },
        { name: 'BOTH', value: 'definition' },
        { name: 'ENDPOINT', value: 'definition' },
      ],
    });
    service = createService([definition], {
      baseEnvironment: { ENDPOINT: 'base', BASE_ONLY: 'base', HOME_SECRET: 'base' },
    });
    const names = ['FROM_DEFINITION', 'BOTH', 'ENDPOINT', 'BASE_ONLY', 'OVERRIDE', 'AWS_REGION', 'NOT_INHERITED'];
    process.env.NOT_INHERITED = 'host';
    try {
      const task = await runToStop(service, 'print-env', {
        overrides: {
          containerOverrides: [
            {
              name: 'worker',
              command: names,
              environment: [
                { name: 'BOTH', value: 'override' },
                { name: 'OVERRIDE', value: 'override' },
              ],
            },
          ],
        },
      });
      expect(lastStdoutJson(service, task)).toEqual({
        FROM_DEFINITION: 'definition',
        BOTH: 'override',
        ENDPOINT: 'definition',
        BASE_ONLY: 'base',
        OVERRIDE: 'override',
        AWS_REGION: REGION,
        NOT_INHERITED: null,
      });
    } finally {
      delete process.env.NOT_INHERITED;
    }
  });

  it("passes Overrides.Command to the image's entrypoint as its arguments, as Docker and ECS do", async () => {
    service = createService(DEFINITIONS);
    const task = await runToStop(service, 'succeed', {
      overrides: { containerOverrides: [{ name: 'worker', command: ['a', 'b c'] }] },
    });
    expect(lastStdoutJson(service, task)).toEqual({ status: 'SUCCEEDED', args: ['a', 'b c'] });
  });

  it('cannot turn the image into another program: node flags in a command override are only arguments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-command-'));
    const target = join(dir, `pwned-${randomUUID()}`);
    try {
      service = createService(DEFINITIONS);
      const command = ['-e', `require('fs').writeFileSync(${JSON.stringify(target)}, 'x')`, '--require', target];
      const task = await runToStop(service, 'succeed', { overrides: { containerOverrides: [{ name: 'worker', command }] } });
      expect(existsSync(target)).toBe(false);
      expect(lastStdoutJson(service, task)).toEqual({ status: 'SUCCEEDED', args: command });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs containers below the runtime's own priority, so the API stays responsive while tasks start", async () => {
    service = createService([taskDefinition('print-priority')]);
    const task = await runToStop(service, 'print-priority');
    // With autogroup a process's niceness counts only inside its session, so the session's group is lowered too.
    const autogroup = readFileSync('/proc/sys/kernel/sched_autogroup_enabled', { encoding: 'utf8', flag: 'r' }).trim() === '1' ? CONTAINER_NICENESS : null;
    expect(lastStdoutJson(service, task)).toEqual({ niceness: Math.min(19, getPriority() + CONTAINER_NICENESS), autogroup });
  });

  it('starts containers a few at a time: a silent one holds back the next start for the start window', async () => {
    service = createService([taskDefinition('silent')]);
    // One more silent container than there are start slots: the last starts only once a slot's window has passed.
    const runs = await Promise.all(Array.from({ length: availableParallelism() + 1 }, () => service!.runTask(runTaskInput('silent'))));
    const arns = runs.map((run) => run.tasks![0]!.taskArn!);
    const describe = async () => (await service!.describeTasks({ cluster: CLUSTER, tasks: arns })).tasks ?? [];
    await until(async () => (await describe()).filter((task) => task.startedAt !== undefined).length === arns.length, 60_000);
    const tasks = await describe();
    const firstCreated = Math.min(...tasks.map((task) => task.createdAt!.getTime()));
    const lastStarted = Math.max(...tasks.map((task) => task.startedAt!.getTime()));
    expect(lastStarted - firstCreated).toBeGreaterThanOrEqual(START_WINDOW_MS);
  });

  it("runs a task definition's command as the entrypoint's arguments; an override replaces it", async () => {
    service = createService([taskDefinition('succeed', { command: ['from-definition'] })]);
    const fromDefinition = await runToStop(service, 'succeed');
    expect(lastStdoutJson(service, fromDefinition)).toEqual({ status: 'SUCCEEDED', args: ['from-definition'] });
    const overridden = await runToStop(service, 'succeed', { overrides: { containerOverrides: [{ name: 'worker', command: ['from-override'] }] } });
    expect(lastStdoutJson(service, overridden)).toEqual({ status: 'SUCCEEDED', args: ['from-override'] });
  });

  it('lets task-level overrides win for cpu and memory', async () => {
    service = createService(DEFINITIONS);
    const { tasks } = await service.runTask(runTaskInput('succeed', { overrides: { cpu: '1024', memory: '2048' } }));
    expect(tasks![0]).toMatchObject({ cpu: '1024', memory: '2048' });
  });

  it('starts Count tasks in one call', async () => {
    service = createService(DEFINITIONS);
    const { tasks } = await service.runTask(runTaskInput('succeed', { count: 3 }));
    expect(new Set(tasks!.map((t) => t.taskArn)).size).toBe(3);
    const stopped = await Promise.all(tasks!.map((t) => service!.waitForStopped(t.taskArn!)));
    expect(stopped.map((t) => t.containers![0]!.exitCode)).toEqual([0, 0, 0]);
  });

  it('fails to start with CannotPullContainerError when no local command runs the image', async () => {
    service = createService([taskDefinition('succeed', { image: 'registry.example/no-such-image:1' })]);
    const task = await runToStop(service, 'succeed');
    expect(task.stopCode).toBe('TaskFailedToStart');
    expect(task.stoppedReason).toMatch(/^CannotPullContainerError: /);
    expect(task.containers![0]!.exitCode).toBeUndefined();
    expect(task.containers![0]!.reason).toMatch(/^CannotPullContainerError: /);
  });

  it('fails to start with CannotStartContainerError when the executable does not exist', async () => {
    service = createService(DEFINITIONS, {
      resolveImage: () => ({ executable: '/nonexistent/bin/worker', args: [] }),
    });
    const task = await runToStop(service, 'succeed');
    expect(task.stopCode).toBe('TaskFailedToStart');
    expect(task.stoppedReason).toMatch(/^CannotStartContainerError: .*ENOENT/);
    expect(task.containers![0]!.exitCode).toBeUndefined();
  });

  it('appends each task log to logDir as JSON lines', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'ecs-logs-'));
    try {
      service = createService(DEFINITIONS, { logDir });
      const task = await runToStop(service, 'succeed');
      const id = task.taskArn!.split('/').at(-1)!;
      const lines = readFileSync(join(logDir, `${id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toEqual(service.taskLogs(task.taskArn!));
    } finally {
      rmSync(logDir, { recursive: true, force: true });
    }
  });
});

describe('RunTask errors', () => {
  it.each([
    ['an unknown cluster', { cluster: 'other' }, 'ClusterNotFoundException', 'Cluster not found.'],
    ['no cluster (the missing default cluster)', { cluster: undefined }, 'ClusterNotFoundException', 'Cluster not found.'],
    ['an unknown task definition', { taskDefinition: 'nope' }, 'ClientException', 'TaskDefinition not found.'],
    ['an unknown revision', { taskDefinition: 'succeed:7' }, 'ClientException', 'TaskDefinition not found.'],
    [
      'no network configuration',
      { networkConfiguration: undefined },
      'InvalidParameterException',
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    ],
    [
      'no subnets',
      { networkConfiguration: { awsvpcConfiguration: { subnets: [] } } },
      'InvalidParameterException',
      'subnets can not be empty.',
    ],
    [
      'overrides over 8192 characters',
      { overrides: { containerOverrides: [{ name: 'worker', environment: [{ name: 'BIG', value: 'x'.repeat(8200) }] }] } },
      'InvalidParameterException',
      'Container Overrides length must be at most 8192',
    ],
    [
      'an override for an unknown container',
      { overrides: { containerOverrides: [{ name: 'sidecar' }] } },
      'InvalidParameterException',
      'Override for container named sidecar is not a container in the TaskDefinition.',
    ],
    ['the EC2 launch type on a Fargate cluster', { launchType: 'EC2' }, 'InvalidParameterException', 'No Container Instances were found in your cluster.'],
    [
      'a launch type and a capacity provider strategy',
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] },
      'InvalidParameterException',
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    ],
    ['Count over 10', { count: 11 }, 'InvalidParameterException', 'Count must be between 1 and 10.'],
  ])('rejects %s', async (_label, extra, code, message) => {
    service = createService(DEFINITIONS);
    await expectServiceError(service.runTask(runTaskInput('succeed', extra as object)), code, message);
  });

  it('accepts the cluster by name and the task definition by ARN, with a Fargate capacity provider', async () => {
    service = createService(DEFINITIONS);
    const { tasks } = await service.runTask(
      runTaskInput(DEFINITIONS[0]!.taskDefinitionArn, {
        cluster: CLUSTER,
        launchType: undefined,
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      }),
    );
    expect(tasks![0]).toMatchObject({ capacityProviderName: 'FARGATE_SPOT', taskDefinitionArn: DEFINITIONS[0]!.taskDefinitionArn });
  });

  it('answers with failures, not an error, when the queue is full', async () => {
    service = createService(DEFINITIONS, { maxConcurrentTasks: 1, maxQueuedTasks: 1 });
    const { tasks, failures } = await service.runTask(runTaskInput('sleep', { count: 3 }));
    expect(tasks).toHaveLength(2);
    expect(failures).toEqual([
      { arn: DEFINITIONS.find((d) => d.family === 'sleep')!.taskDefinitionArn, reason: expect.stringMatching(/^Capacity is unavailable/) },
    ]);
  });
});

describe('StopTask', () => {
  it('stops a running task: UserInitiated, the reason, SIGTERM exit 143, and its whole process group is gone', async () => {
    service = createService(DEFINITIONS);
    const { arn, pid, grandchildPid } = await startSleeping(service);
    expect(isAlive(pid) && isAlive(grandchildPid)).toBe(true);

    const { task } = await service.stopTask({ cluster: CLUSTER, task: arn, reason: 'no longer needed' });
    expect(task).toMatchObject({ desiredStatus: 'STOPPED', lastStatus: 'STOPPING', stopCode: 'UserInitiated' });

    const stopped = await service.waitForStopped(arn);
    expect(stopped).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'no longer needed' });
    expect(stopped.containers![0]!.exitCode).toBe(143);
    await until(() => !isAlive(pid) && !isAlive(grandchildPid));
  });

  it('a container spawner that dies takes its containers with it (exit 137, no process left); the next task still starts', async () => {
    service = createService(DEFINITIONS);
    const { arn, pid, grandchildPid } = await startSleeping(service);
    // The container's group is led by its shim, whose parent is the spawner (a process apart from this one).
    const shim = statField(pid, 'pgrp');
    const spawner = statField(shim, 'ppid');
    expect(spawner).not.toBe(process.pid);

    process.kill(spawner, 'SIGKILL');

    const stopped = await service.waitForStopped(arn);
    expect(stopped.containers![0]!.exitCode).toBe(137);
    await until(() => !isAlive(pid) && !isAlive(grandchildPid));
    const next = await runToStop(service, 'succeed');
    expect(next.containers![0]!.exitCode).toBe(0);
  });

  it('sends SIGKILL after stopTimeoutSeconds to a container that ignores SIGTERM (exit 137)', async () => {
    service = createService([taskDefinition('ignore-sigterm', { stopTimeoutSeconds: 1 })]);
    const { tasks } = await service.runTask(runTaskInput('ignore-sigterm'));
    const arn = tasks![0]!.taskArn!;
    await until(() => service!.taskLogs(arn).some((line) => line.stream === 'stdout'));

    await service.stopTask({ cluster: CLUSTER_ARN, task: arn });
    const stopped = await service.waitForStopped(arn);

    expect(service.taskLogs(arn).map((line) => line.message)).toContain('SIGTERM ignored');
    expect(stopped.containers![0]!.exitCode).toBe(137);
    expect(stopped.stoppedReason).toBe('Task stopped by user');
  });

  it('stops a queued task before it ever starts', async () => {
    service = createService(DEFINITIONS, { maxConcurrentTasks: 1 });
    const first = (await service.runTask(runTaskInput('sleep'))).tasks![0]!;
    const queued = (await service.runTask(runTaskInput('succeed'))).tasks![0]!;
    const seen: string[] = [];
    service.onTaskStateChange((task) => task.taskArn === queued.taskArn && seen.push(task.lastStatus!));

    await service.stopTask({ cluster: CLUSTER, task: queued.taskArn!, reason: 'cancelled' });
    const stopped = await service.waitForStopped(queued.taskArn!);

    expect(seen).toEqual(['DEPROVISIONING', 'STOPPED']);
    expect(stopped).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'cancelled' });
    expect(stopped.startedAt).toBeUndefined();
    expect(stopped.containers![0]!.exitCode).toBeUndefined();
    await service.stopTask({ cluster: CLUSTER, task: first.taskArn! });
  });

  it('rejects an unknown task with InvalidParameterException', async () => {
    service = createService(DEFINITIONS);
    await expectServiceError(
      service.stopTask({ cluster: CLUSTER, task: 'ffffffffffffffffffffffffffffffff' }),
      'InvalidParameterException',
      'The referenced task was not found.',
    );
  });
});

describe('DescribeTasks and ListTasks', () => {
  it('describes by id or ARN and reports unknown tasks as MISSING failures', async () => {
    service = createService(DEFINITIONS);
    const task = await runToStop(service, 'succeed');
    const id = task.taskArn!.split('/').at(-1)!;
    const unknown = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/${'0'.repeat(32)}`;

    const { tasks, failures } = await service.describeTasks({ cluster: CLUSTER, tasks: [id, task.taskArn!, unknown] });

    expect(tasks!.map((t) => t.taskArn)).toEqual([task.taskArn, task.taskArn]);
    expect(tasks![0]!.lastStatus).toBe('STOPPED');
    expect(failures).toEqual([{ arn: unknown, reason: 'MISSING' }]);
  });

  it('forgets stopped tasks after the retention period, like ECS after an hour', async () => {
    service = createService(DEFINITIONS, { stoppedTaskRetentionMs: 0 });
    const old = await runToStop(service, 'succeed');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await service.runTask(runTaskInput('succeed'));

    const { failures } = await service.describeTasks({ cluster: CLUSTER, tasks: [old.taskArn!] });
    expect(failures).toEqual([{ arn: old.taskArn, reason: 'MISSING' }]);
  });

  it('lists tasks by desired status (RUNNING by default), family and startedBy, page by page', async () => {
    service = createService(DEFINITIONS);
    const done = await runToStop(service, 'succeed');
    const running = (await service.runTask(runTaskInput('sleep', { count: 3, startedBy: 'lister' }))).tasks!;

    const all = await service.listTasks({ cluster: CLUSTER });
    expect(all.taskArns!.sort()).toEqual(running.map((t) => t.taskArn).sort());
    const stopped = await service.listTasks({ cluster: CLUSTER, desiredStatus: 'STOPPED' });
    expect(stopped.taskArns).toEqual([done.taskArn]);
    expect((await service.listTasks({ cluster: CLUSTER, family: 'succeed' })).taskArns).toEqual([]);
    expect((await service.listTasks({ cluster: CLUSTER, startedBy: 'lister' })).taskArns).toHaveLength(3);

    const first = await service.listTasks({ cluster: CLUSTER, maxResults: 2 });
    const second = await service.listTasks({ cluster: CLUSTER, maxResults: 2, nextToken: first.nextToken! });
    expect([...first.taskArns!, ...second.taskArns!].sort()).toEqual(all.taskArns!.sort());
    expect(second.nextToken).toBeUndefined();
  });
});

describe('concurrency and shutdown', () => {
  it('never runs more than maxConcurrentTasks at once and starts queued tasks in FIFO order', async () => {
    service = createService(DEFINITIONS, { maxConcurrentTasks: 2 });
    let running = 0;
    let peak = 0;
    const startOrder: string[] = [];
    service.onTaskStateChange((task) => {
      if (task.lastStatus === 'PENDING') {
        running += 1;
        peak = Math.max(peak, running);
        startOrder.push(task.taskArn!);
      }
      if (task.lastStatus === 'DEPROVISIONING' && task.startedAt) running -= 1;
    });

    const submitted: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { tasks } = await service.runTask(runTaskInput('succeed', { count: 2 }));
      submitted.push(...tasks!.map((t) => t.taskArn!));
    }
    const stopped = await Promise.all(submitted.map((arn) => service!.waitForStopped(arn)));

    expect(peak).toBe(2);
    expect(startOrder).toEqual(submitted);
    expect(stopped.every((t) => t.containers![0]!.exitCode === 0)).toBe(true);
  });

  it('close() stops every task and leaves no process behind', async () => {
    service = createService([...DEFINITIONS, taskDefinition('ignore-sigterm', { stopTimeoutSeconds: 1 })], {
      maxConcurrentTasks: 3,
    });
    const sleeping = (await service.runTask(runTaskInput('sleep', { count: 2 }))).tasks!;
    const stubborn = (await service.runTask(runTaskInput('ignore-sigterm'))).tasks![0]!;
    const queued = (await service.runTask(runTaskInput('succeed'))).tasks![0]!;
    await until(() => [...sleeping, stubborn].every((t) => service!.taskLogs(t.taskArn!).some((l) => l.stream === 'stdout')));
    const pids = [...sleeping, stubborn].flatMap((t) => {
      const info = JSON.parse(service!.taskLogs(t.taskArn!).find((l) => l.stream === 'stdout')!.message) as Record<string, number>;
      return Object.values(info);
    });
    expect(pids).toHaveLength(5);

    await service.close();

    await until(() => pids.every((pid) => !isAlive(pid)));
    const { tasks } = await service.describeTasks({ cluster: CLUSTER, tasks: [...sleeping, stubborn, queued].map((t) => t.taskArn!) });
    expect(tasks!.map((t) => t.lastStatus)).toEqual(['STOPPED', 'STOPPED', 'STOPPED', 'STOPPED']);
    expect(tasks![3]!.startedAt).toBeUndefined();
    await expectServiceError(service.runTask(runTaskInput('succeed')), 'ServerException', 'The local ECS cluster is shutting down.');
  });
});

describe('tasks with several containers', () => {
  function twoContainers(essential: string, sidecar: string) {
    const base = taskDefinition(essential);
    return {
      ...base,
      family: 'pair',
      taskDefinitionArn: base.taskDefinitionArn.replace(`/${essential}:`, '/pair:'),
      containers: [
        { ...base.containers[0]!, name: 'main' },
        { ...taskDefinition(sidecar).containers[0]!, name: 'sidecar', essential: false, stopTimeoutSeconds: 1 },
      ],
    };
  }

  it('stops the other containers when the essential one exits', async () => {
    service = createService([twoContainers('succeed', 'sleep')]);
    const task = await runToStop(service, 'pair');
    expect(task.stopCode).toBe('EssentialContainerExited');
    expect(Object.fromEntries(task.containers!.map((c) => [c.name, c.exitCode]))).toEqual({ main: 0, sidecar: 143 });
    expect(service.essentialContainers(task.taskArn!)).toEqual(['main']);
  });

  it('keeps the task running when only a non-essential container exits', async () => {
    service = createService([twoContainers('sleep', 'fail')]);
    const { tasks } = await service.runTask(runTaskInput('pair'));
    const arn = tasks![0]!.taskArn!;
    let latest: Task | undefined;
    service.onTaskStateChange((task) => task.taskArn === arn && (latest = task));
    await until(() => latest?.lastStatus === 'RUNNING');
    const sidecarExitCode = async (): Promise<number | undefined> =>
      (await service!.describeTasks({ cluster: CLUSTER, tasks: [arn] })).tasks![0]!.containers!.find((c) => c.name === 'sidecar')!.exitCode;
    await until(async () => (await sidecarExitCode()) !== undefined);

    const { tasks: [task] = [] } = await service.describeTasks({ cluster: CLUSTER, tasks: [arn] });
    expect(task).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
    expect(task!.containers!.find((c) => c.name === 'sidecar')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 1 });
    expect(task!.containers!.find((c) => c.name === 'main')!.lastStatus).toBe('RUNNING');
  });
});

/** A process's parent or process group, from /proc/<pid>/stat. */
function statField(pid: number, field: 'ppid' | 'pgrp'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[field === 'ppid' ? 1 : 2]);
}
