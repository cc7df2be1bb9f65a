/**
 * A local ECS cluster (Fargate semantics) that runs each container as a child process:
 * RunTask / DescribeTasks / StopTask / ListTasks with ECS's shapes, lifecycle, stop codes and
 * exception names, a FIFO limit on running tasks, and each task's output kept line by line.
 * The HTTP API (local/src/api) and the Step Functions integration (run-task-integration.ts) both
 * call this one object.
 */
import { availableParallelism } from 'node:os';
import type {
  DescribeTasksCommandInput,
  DescribeTasksCommandOutput,
  Failure,
  ListTasksCommandInput,
  ListTasksCommandOutput,
  RunTaskCommandInput,
  RunTaskCommandOutput,
  StopTaskCommandInput,
  StopTaskCommandOutput,
  Task,
} from '@aws-sdk/client-ecs';
import { ServiceError } from '../../errors/service-error.js';
import { ContainerProcess, type ContainerExit } from './container-process.js';
import type { ContainerRecords } from './container-records.js';
import { newTaskId, taskArn, taskIdOf, type EcsScope } from './ecs-names.js';
import { decodeToken, encodeToken } from './list-token.js';
import { newTask } from './new-task.js';
import type { LocalContainerDefinition, LocalTaskDefinition } from './task-definition.js';
import { TaskLog, type TaskLogLine } from './task-logs.js';
import { TaskSlots } from './task-slots.js';
import { assertCluster, validateRunTask } from './validate-run-task.js';

export type { TaskLogLine } from './task-logs.js';

/**
 * How an image runs locally: its ENTRYPOINT (`executable` + `args`, fixed, e.g. `node /app/worker.mjs`)
 * and its default CMD. As Docker and ECS do, a task definition's `command` or a RunTask
 * `containerOverrides[].command` replaces only the CMD: it becomes arguments to the entrypoint and
 * can never change which program runs (no `node -e`, no node flags).
 */
export interface ImageCommand {
  executable: string;
  args: string[];
  /** The image's CMD: arguments after the entrypoint when neither the task definition nor an override gives a command. */
  command?: string[];
}

export interface EcsServiceOptions {
  region: string;
  accountId: string;
  clusterName: string;
  taskDefinitions: readonly LocalTaskDefinition[];
  /** How a container image runs locally (the wiring gives the worker bundle, app/worker-image.ts); undefined -> CannotPullContainerError. */
  resolveImage: (container: LocalContainerDefinition) => ImageCommand | undefined;
  /** Platform variables below the task definition's (endpoints, region, dummy credentials, path style). */
  baseEnvironment?: Record<string, string>;
  /** Running containers at most; more RunTasks queue in PROVISIONING/PENDING. Default: 8 per core. */
  maxConcurrentTasks?: number;
  /** When set, each task's log lines are also appended there (JSON lines) so they survive a restart. */
  logDir?: string;
  /** Applied to every log line before it is kept or written (secrets such as task tokens removed). */
  redactLogLine?: (message: string) => string;
  /** Where the running containers' pids are recorded, so a runtime started after a crash can stop them. */
  containerRecords?: ContainerRecords;
  /**
   * Tasks allowed to wait for a slot; RunTask answers beyond it with a `failures` entry, as Fargate
   * does when it has no capacity. Default: unlimited.
   */
  maxQueuedTasks?: number;
  /** Working directory of the container processes. Default: process.cwd(). */
  workingDirectory?: string;
  /** How long a STOPPED task stays visible (DescribeTasks, taskLogs). Default: 1 hour, as on ECS. */
  stoppedTaskRetentionMs?: number;
}

/** Tasks per core when maxConcurrentTasks is not given: the worker mostly waits on I/O. */
export const DEFAULT_TASKS_PER_CORE = 8;
/** ECS shows stopped tasks for at least an hour (BC-ECS DescribeTasks). */
export const DEFAULT_STOPPED_TASK_RETENTION_MS = 60 * 60 * 1000;
/** StopTask without a reason. */
export const DEFAULT_STOP_REASON = 'Task stopped by user';
/** The reason close() gives the tasks it stops. */
export const SHUTDOWN_STOP_REASON = 'Local runtime shut down';
/** ListTasks pages hold at most 100 ARNs (BC-ECS ListTasksRequest.maxResults). */
const MAX_LIST_RESULTS = 100;
/** DescribeTasks takes at most 100 tasks (BC-ECS DescribeTasksRequest.tasks). */
const MAX_DESCRIBE_TASKS = 100;
/** Fargate's RunTask failure reason when it has no capacity. */
const NO_CAPACITY_REASON = 'Capacity is unavailable at this time. Please try again later or in a different availability zone';

interface TaskRecord {
  readonly task: Task;
  readonly id: string;
  readonly definition: LocalTaskDefinition;
  readonly input: RunTaskCommandInput;
  readonly log: TaskLog;
  readonly processes: Map<string, ContainerProcess>;
  readonly killTimers: NodeJS.Timeout[];
  readonly stopped: Promise<Task>;
  readonly resolveStopped: (task: Task) => void;
  cancelQueued: () => boolean;
  holdsSlot: boolean;
  /** True while #start is launching containers: an exit then must not finish the task early. */
  starting: boolean;
}

type Listener = (task: Task) => void;

export class EcsService {
  readonly #scope: EcsScope;
  readonly #definitions: readonly LocalTaskDefinition[];
  readonly #resolveImage: (container: LocalContainerDefinition) => ImageCommand | undefined;
  readonly #baseEnvironment: Readonly<Record<string, string>>;
  readonly #slots: TaskSlots;
  readonly #maxQueuedTasks: number;
  readonly #logDir: string | undefined;
  readonly #redactLogLine: (message: string) => string;
  readonly #containerRecords: ContainerRecords | undefined;
  readonly #workingDirectory: string;
  readonly #stoppedTaskRetentionMs: number;
  readonly #tasks = new Map<string, TaskRecord>();
  readonly #listeners = new Set<Listener>();
  #queued = 0;
  #closed = false;
  readonly #pendingStarts: (() => void)[] = [];
  #startScheduled = false;

  constructor(options: EcsServiceOptions) {
    this.#scope = { region: options.region, accountId: options.accountId, clusterName: options.clusterName };
    this.#definitions = options.taskDefinitions;
    this.#resolveImage = options.resolveImage;
    this.#baseEnvironment = options.baseEnvironment ?? {};
    this.#slots = new TaskSlots(options.maxConcurrentTasks ?? DEFAULT_TASKS_PER_CORE * availableParallelism());
    this.#maxQueuedTasks = options.maxQueuedTasks ?? Number.POSITIVE_INFINITY;
    this.#logDir = options.logDir;
    this.#redactLogLine = options.redactLogLine ?? ((message) => message);
    this.#containerRecords = options.containerRecords;
    this.#workingDirectory = options.workingDirectory ?? process.cwd();
    this.#stoppedTaskRetentionMs = options.stoppedTaskRetentionMs ?? DEFAULT_STOPPED_TASK_RETENTION_MS;
  }

  async runTask(input: RunTaskCommandInput): Promise<Pick<RunTaskCommandOutput, 'tasks' | 'failures'>> {
    if (this.#closed) throw new ServiceError('ServerException', 'The local ECS cluster is shutting down.', 'server');
    const valid = validateRunTask(input, this.#scope.clusterName, this.#definitions);
    this.#forgetOldStoppedTasks();
    const tasks: Task[] = [];
    const failures: Failure[] = [];
    for (let i = 0; i < valid.count; i += 1) {
      if (this.#slots.inUse + this.#queued >= this.#slotLimitPlusQueue()) {
        failures.push({ arn: valid.definition.taskDefinitionArn, reason: NO_CAPACITY_REASON });
        continue;
      }
      const record = this.#createRecord(input, valid.definition, valid.subnets, valid.capacityProviderName);
      tasks.push(snapshot(record.task));
      this.#emit(record);
      this.#queued += 1;
      record.cancelQueued = this.#slots.enqueue(() => {
        this.#queued -= 1;
        record.holdsSlot = true;
        // Started on a later turn so RunTask answers without waiting for process spawns.
        this.#startSoon(() => {
          this.#start(record).catch((error: unknown) => {
            // An image resolver that throws is a start failure, not a crash of the cluster.
            const containerName = record.definition.containers[0]?.name ?? '';
            void this.#failToStart(record, `CannotStartContainerError: ${(error as Error)?.message ?? String(error)}`, containerName);
          });
        });
      });
    }
    return { tasks, failures };
  }

  async describeTasks(input: DescribeTasksCommandInput): Promise<Pick<DescribeTasksCommandOutput, 'tasks' | 'failures'>> {
    assertCluster(input.cluster, this.#scope.clusterName);
    const refs = input.tasks ?? [];
    if (refs.length === 0) throw new ServiceError('InvalidParameterException', 'Tasks cannot be empty.');
    if (refs.length > MAX_DESCRIBE_TASKS) {
      throw new ServiceError('InvalidParameterException', `Tasks cannot have more than ${MAX_DESCRIBE_TASKS} elements.`);
    }
    const tasks: Task[] = [];
    const failures: Failure[] = [];
    for (const ref of refs) {
      const record = this.#tasks.get(taskIdOf(ref));
      if (record) tasks.push(snapshot(record.task));
      else failures.push({ arn: ref.startsWith('arn:') ? ref : taskArn(this.#scope, ref), reason: 'MISSING' });
    }
    return { tasks, failures };
  }

  async stopTask(input: StopTaskCommandInput): Promise<Pick<StopTaskCommandOutput, 'task'>> {
    assertCluster(input.cluster, this.#scope.clusterName);
    if (!input.task) throw new ServiceError('InvalidParameterException', 'Task can not be blank.');
    const record = this.#require(input.task);
    this.#stop(record, input.reason ?? DEFAULT_STOP_REASON);
    return { task: snapshot(record.task) };
  }

  async listTasks(input: ListTasksCommandInput): Promise<Pick<ListTasksCommandOutput, 'taskArns' | 'nextToken'>> {
    assertCluster(input.cluster, this.#scope.clusterName);
    const maxResults = input.maxResults ?? MAX_LIST_RESULTS;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_LIST_RESULTS) {
      throw new ServiceError('InvalidParameterException', `maxResults must be between 1 and ${MAX_LIST_RESULTS}.`);
    }
    const start = input.nextToken ? decodeToken(input.nextToken) : 0;
    const desiredStatus = input.desiredStatus ?? 'RUNNING';
    const matching = [...this.#tasks.values()].filter(
      ({ task, definition }) =>
        task.desiredStatus === desiredStatus &&
        (input.family === undefined || definition.family === input.family) &&
        (input.startedBy === undefined || task.startedBy === input.startedBy) &&
        (input.launchType === undefined || task.launchType === input.launchType),
    );
    const page = matching.slice(start, start + maxResults).map(({ task }) => task.taskArn!);
    const next = start + maxResults;
    return { taskArns: page, ...(next < matching.length ? { nextToken: encodeToken(next) } : {}) };
  }

  /** Resolves with the task once it is STOPPED; rejects with the signal's reason if the signal aborts first. */
  waitForStopped(taskArnOrId: string, signal?: AbortSignal): Promise<Task> {
    let record: TaskRecord;
    try {
      record = this.#require(taskArnOrId);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!signal) return record.stopped;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Task>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      void record.stopped.then((task) => {
        signal.removeEventListener('abort', onAbort);
        resolve(task);
      });
    });
  }

  /** Names of the task's essential containers (DescribeTasks does not show which they are). */
  essentialContainers(taskArnOrId: string): readonly string[] {
    return this.#require(taskArnOrId).definition.containers.filter((c) => c.essential).map((c) => c.name);
  }

  taskLogs(taskArnOrId: string): readonly TaskLogLine[] {
    return this.#tasks.get(taskIdOf(taskArnOrId))?.log.lines ?? [];
  }

  /** Every lastStatus change; returns an unsubscribe function. */
  onTaskStateChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops every running task (SIGTERM, then SIGKILL after its stopTimeout) and waits for them. */
  async close(): Promise<void> {
    this.#closed = true;
    const records = [...this.#tasks.values()];
    for (const record of records) {
      if (record.task.lastStatus !== 'STOPPED') this.#stop(record, SHUTDOWN_STOP_REASON);
    }
    await Promise.all(records.map((record) => record.stopped));
  }

  /** Drops tasks stopped longer ago than the retention, so a long-lived runtime does not grow. */
  #forgetOldStoppedTasks(): void {
    const cutoff = Date.now() - this.#stoppedTaskRetentionMs;
    for (const [id, { task }] of this.#tasks) {
      if (task.lastStatus === 'STOPPED' && task.stoppedAt!.getTime() < cutoff) this.#tasks.delete(id);
    }
  }

  /**
   * Runs container starts one per event-loop turn, with I/O between them: a spawn blocks the event
   * loop until the child has exec'd (long on a busy machine), so a batch of them back to back would
   * hold every API request behind it.
   */
  #startSoon(start: () => void): void {
    this.#pendingStarts.push(start);
    if (!this.#startScheduled) {
      this.#startScheduled = true;
      setImmediate(() => this.#startNext());
    }
  }

  #startNext(): void {
    const start = this.#pendingStarts.shift();
    try {
      start?.();
    } finally {
      if (this.#pendingStarts.length > 0) setImmediate(() => this.#startNext());
      else this.#startScheduled = false;
    }
  }

  #slotLimitPlusQueue(): number {
    // Slots free now plus the allowed queue: a RunTask fails only when both are full.
    return Number.isFinite(this.#maxQueuedTasks) ? this.#slots.limit + this.#maxQueuedTasks : Number.POSITIVE_INFINITY;
  }

  #require(ref: string): TaskRecord {
    const record = this.#tasks.get(taskIdOf(ref));
    if (!record) throw new ServiceError('InvalidParameterException', 'The referenced task was not found.');
    return record;
  }

  #createRecord(
    input: RunTaskCommandInput,
    definition: LocalTaskDefinition,
    subnets: readonly string[],
    capacityProviderName: string | undefined,
  ): TaskRecord {
    const id = newTaskId();
    const task = newTask(this.#scope, id, input, definition, subnets, capacityProviderName);
    let resolveStopped!: (task: Task) => void;
    const stopped = new Promise<Task>((resolve) => (resolveStopped = resolve));
    const record: TaskRecord = {
      task,
      id,
      definition,
      input,
      log: new TaskLog(this.#logDir, id),
      processes: new Map(),
      killTimers: [],
      stopped,
      resolveStopped,
      cancelQueued: () => false,
      holdsSlot: false,
      starting: false,
    };
    this.#tasks.set(id, record);
    return record;
  }

  /** PENDING: "pull" (resolve) every image, start every container, then RUNNING. */
  async #start(record: TaskRecord): Promise<void> {
    const { task, definition } = record;
    if (task.desiredStatus === 'STOPPED') return this.#finish(record);
    task.pullStartedAt = new Date();
    this.#transition(record, 'PENDING');
    const commands = new Map<string, ImageCommand>();
    for (const container of definition.containers) {
      const command = this.#resolveImage(container);
      if (!command) {
        const reason = `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${container.image}: no local command runs this image`;
        return this.#failToStart(record, reason, container.name);
      }
      commands.set(container.name, command);
    }
    task.pullStoppedAt = new Date();
    record.starting = true;
    for (const container of definition.containers) {
      const command = commands.get(container.name)!;
      const override = task.overrides?.containerOverrides?.find((o) => o.name === container.name);
      try {
        const proc = await ContainerProcess.start(
          {
            executable: command.executable,
            args: [...command.args, ...(override?.command ?? container.command ?? command.command ?? [])],
            env: this.#environment(container, override?.environment ?? []),
            cwd: this.#workingDirectory,
          },
          (stream, message) => record.log.append({ timestamp: Date.now(), stream, message: this.#redactLogLine(message) }),
        );
        const pid = proc.pid;
        if (pid !== undefined && this.#containerRecords) {
          const records = this.#containerRecords;
          records.add(pid, task.taskArn!, container.name);
          void proc.exited.then(() => records.remove(pid));
        }
        record.processes.set(container.name, proc);
        const state = task.containers!.find((c) => c.name === container.name)!;
        state.lastStatus = 'RUNNING';
        state.runtimeId = `${record.id}-${proc.pid ?? 0}`;
        void proc.exited.then((exit) => this.#onContainerExit(record, container, exit));
      } catch (error) {
        const started = [...record.processes.values()];
        for (const proc of started) proc.signal('SIGKILL');
        await Promise.all(started.map((proc) => proc.exited));
        record.starting = false;
        return this.#failToStart(record, `CannotStartContainerError: ${(error as Error).message}`, container.name);
      }
    }
    record.starting = false;
    task.connectivity = 'CONNECTED';
    task.connectivityAt = new Date();
    task.startedAt = new Date();
    task.attachments![0]!.status = 'ATTACHED';
    if (task.desiredStatus === 'STOPPED') {
      // StopTask (or an essential container's exit) arrived while the containers were starting.
      this.#transition(record, 'STOPPING');
      this.#terminate(record);
    } else {
      this.#transition(record, 'RUNNING');
    }
    if (record.processes.size === 0) await this.#finish(record);
  }

  /** Precedence, lowest first: platform < baseEnvironment < task definition < container overrides. */
  #environment(container: LocalContainerDefinition, overrides: readonly { name?: string; value?: string }[]): Record<string, string> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      AWS_REGION: this.#scope.region,
      AWS_DEFAULT_REGION: this.#scope.region,
      AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE',
      ...this.#baseEnvironment,
    };
    for (const { name, value } of container.environment) env[name] = value;
    for (const { name, value } of overrides) if (name) env[name] = value ?? '';
    return env;
  }

  #onContainerExit(record: TaskRecord, container: LocalContainerDefinition, exit: ContainerExit): void {
    const { task } = record;
    record.processes.delete(container.name);
    const state = task.containers!.find((c) => c.name === container.name)!;
    state.exitCode = exit.exitCode;
    state.lastStatus = 'STOPPED';
    if (container.essential && task.desiredStatus !== 'STOPPED') {
      task.desiredStatus = 'STOPPED';
      task.stopCode = 'EssentialContainerExited';
      task.stoppedReason = 'Essential container in task exited';
      task.stoppingAt = new Date();
      if (record.processes.size > 0) {
        this.#transition(record, 'STOPPING');
        this.#terminate(record);
      }
    }
    if (record.processes.size === 0 && !record.starting) void this.#finish(record);
  }

  #stop(record: TaskRecord, reason: string): void {
    const { task } = record;
    if (task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') return;
    task.desiredStatus = 'STOPPED';
    task.stopCode = 'UserInitiated';
    task.stoppedReason = reason;
    task.stoppingAt = new Date();
    if (record.cancelQueued()) {
      this.#queued -= 1;
      void this.#finish(record);
    } else if (task.lastStatus === 'RUNNING') {
      this.#transition(record, 'STOPPING');
      this.#terminate(record);
    }
    // PENDING: #start sees desiredStatus STOPPED once its containers have started.
  }

  /** SIGTERM every container, SIGKILL after its stopTimeoutSeconds (docker stop semantics). */
  #terminate(record: TaskRecord): void {
    for (const container of record.definition.containers) {
      const proc = record.processes.get(container.name);
      if (!proc) continue;
      proc.signal('SIGTERM');
      const timer = setTimeout(() => proc.signal('SIGKILL'), container.stopTimeoutSeconds * 1000);
      timer.unref();
      record.killTimers.push(timer);
    }
  }

  #failToStart(record: TaskRecord, reason: string, containerName: string): Promise<void> {
    const { task } = record;
    task.desiredStatus = 'STOPPED';
    task.stopCode = 'TaskFailedToStart';
    task.stoppedReason = reason;
    task.stoppingAt = new Date();
    const state = task.containers!.find((c) => c.name === containerName);
    if (state) state.reason = reason.slice(0, 1024);
    return this.#finish(record);
  }

  /** DEPROVISIONING, then STOPPED once the log is flushed; frees the slot for the next task. */
  async #finish(record: TaskRecord): Promise<void> {
    const { task } = record;
    if (task.lastStatus === 'DEPROVISIONING' || task.lastStatus === 'STOPPED') return;
    for (const timer of record.killTimers) clearTimeout(timer);
    task.executionStoppedAt = new Date();
    for (const container of task.containers ?? []) container.lastStatus = 'STOPPED';
    this.#transition(record, 'DEPROVISIONING');
    if (record.holdsSlot) {
      record.holdsSlot = false;
      this.#slots.release();
    }
    await record.log.close();
    task.stoppedAt = new Date();
    const attachment = task.attachments?.[0];
    if (attachment) Object.assign(attachment, { type: 'eni', status: 'DELETED' });
    this.#transition(record, 'STOPPED');
    record.resolveStopped(snapshot(task));
  }

  #transition(record: TaskRecord, lastStatus: string): void {
    record.task.lastStatus = lastStatus;
    record.task.version = (record.task.version ?? 0) + 1;
    this.#emit(record);
  }

  #emit(record: TaskRecord): void {
    for (const listener of this.#listeners) {
      try {
        listener(snapshot(record.task));
      } catch {
        // A listener's failure must not break the task's lifecycle.
      }
    }
  }
}

function snapshot(task: Task): Task {
  return structuredClone(task);
}
