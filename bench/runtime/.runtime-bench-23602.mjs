// bench/runtime/runtime-bench.ts
import { spawn as spawn2 } from "node:child_process";
import { availableParallelism as availableParallelism2 } from "node:os";
import { mkdtemp, rm as rm2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join11 } from "node:path";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";

// local/src/integrations/ecs/ecs-service.ts
import { randomUUID as randomUUID2 } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join as join2 } from "node:path";
import { fileURLToPath } from "node:url";

// local/src/errors/service-error.ts
var ServiceError = class extends Error {
  constructor(code, message, fault = "client", options) {
    super(message, options);
    this.code = code;
    this.fault = fault;
  }
  code;
  fault;
  name = "ServiceError";
};

// local/src/integrations/ecs/container-process.ts
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { createInterface } from "node:readline";
var ContainerProcess = class _ContainerProcess {
  #child;
  /** Resolves once the process has exited and its output has been read to the end. */
  exited;
  constructor(child, exited) {
    this.#child = child;
    this.exited = exited;
  }
  /** Resolves once the process is running; rejects when it cannot start (e.g. ENOENT). */
  static start(command, onLine) {
    return new Promise((resolve3, reject) => {
      const child = spawn(command.executable, [...command.args], {
        env: { ...command.env },
        cwd: command.cwd,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"]
      });
      const readers = ["stdout", "stderr"].map((name) => {
        const lines = createInterface({ input: child[name], crlfDelay: Infinity });
        lines.on("line", (line) => onLine(name, line));
        return new Promise((done) => lines.once("close", done));
      });
      const closed = new Promise((done) => {
        child.once("close", (code, signal) => {
          done({ exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0), signal });
        });
      });
      child.once("exit", () => killGroup(child, "SIGKILL"));
      child.on("error", (error) => {
        if (child.pid === void 0) reject(error);
      });
      child.once("spawn", () => {
        trackUntilClosed(child);
        const exited = Promise.all([closed, ...readers]).then(([exit]) => exit);
        resolve3(new _ContainerProcess(child, exited));
      });
    });
  }
  get pid() {
    return this.#child.pid;
  }
  /** Sends a signal to the whole process group; a group that is already gone is not an error. */
  signal(signal) {
    killGroup(this.#child, signal);
  }
};
var live = /* @__PURE__ */ new Set();
var exitHookInstalled = false;
function trackUntilClosed(child) {
  live.add(child);
  child.once("close", () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const running of live) killGroup(running, "SIGKILL");
    });
  }
}
function killGroup(child, signal) {
  if (child.pid === void 0) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
  }
}

// local/src/integrations/ecs/ecs-names.ts
import { randomBytes, randomUUID } from "node:crypto";
var clusterArn = (s) => `arn:aws:ecs:${s.region}:${s.accountId}:cluster/${s.clusterName}`;
var taskArn = (s, taskId) => `arn:aws:ecs:${s.region}:${s.accountId}:task/${s.clusterName}/${taskId}`;
var containerArn = (s, taskId) => `arn:aws:ecs:${s.region}:${s.accountId}:container/${s.clusterName}/${taskId}/${randomUUID()}`;
var newTaskId = () => randomBytes(16).toString("hex");
function clusterNameOf(ref2) {
  if (!ref2) return "default";
  const match = /^arn:aws[\w-]*:ecs:[^:]*:\d*:cluster\/(.+)$/.exec(ref2);
  return match ? match[1] : ref2;
}
function taskIdOf(ref2) {
  const match = /^arn:aws[\w-]*:ecs:[^:]*:\d*:task\/(?:[^/]+\/)?([^/]+)$/.exec(ref2);
  return match ? match[1] : ref2;
}
function findTaskDefinition(definitions, ref2) {
  const exact = definitions.find((d) => d.taskDefinitionArn === ref2);
  if (exact) return exact;
  const match = /^(?:arn:aws[\w-]*:ecs:[^:]*:\d*:task-definition\/)?([A-Za-z0-9_-]+)(?::(\d+))?$/.exec(ref2);
  if (!match) return void 0;
  const [, family, revision] = match;
  const candidates = definitions.filter((d) => d.family === family && (revision === void 0 || d.revision === Number(revision)));
  return candidates.sort((a, b) => b.revision - a.revision)[0];
}

// local/src/integrations/ecs/task-logs.ts
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
var MAX_LINES_IN_MEMORY = 2e4;
var TaskLog = class {
  #lines = [];
  #file;
  constructor(logDir, taskId) {
    if (logDir) {
      mkdirSync(logDir, { recursive: true });
      this.#file = createWriteStream(join(logDir, `${taskId}.jsonl`), { flags: "a" });
      this.#file.on("error", () => {
      });
    }
  }
  get lines() {
    return this.#lines;
  }
  append(line) {
    this.#lines.push(line);
    if (this.#lines.length > MAX_LINES_IN_MEMORY) this.#lines.shift();
    this.#file?.write(`${JSON.stringify(line)}
`);
  }
  /** Flushes and closes the file (if any). */
  async close() {
    if (!this.#file || this.#file.closed) return;
    this.#file.end();
    await finished(this.#file).catch(() => void 0);
  }
};

// local/src/integrations/ecs/task-slots.ts
var TaskSlots = class {
  #limit;
  #waiting = [];
  #inUse = 0;
  constructor(limit2) {
    if (!Number.isInteger(limit2) || limit2 < 1) throw new RangeError(`maxConcurrentTasks must be a positive integer, got ${limit2}`);
    this.#limit = limit2;
  }
  get limit() {
    return this.#limit;
  }
  get inUse() {
    return this.#inUse;
  }
  /** Runs `start` once a slot is free; the returned function withdraws it if it has not started. */
  enqueue(start) {
    if (this.#inUse < this.#limit) {
      this.#inUse += 1;
      start();
      return () => false;
    }
    this.#waiting.push(start);
    return () => {
      const index = this.#waiting.indexOf(start);
      if (index < 0) return false;
      this.#waiting.splice(index, 1);
      return true;
    };
  }
  /** Frees a slot and hands it to the oldest waiting task. */
  release() {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#inUse -= 1;
  }
};

// local/src/integrations/ecs/validate-run-task.ts
var MAX_TASKS_PER_RUN = 10;
var MAX_OVERRIDES_CHARACTERS = 8192;
var FARGATE_CAPACITY_PROVIDERS = ["FARGATE", "FARGATE_SPOT"];
var invalid = (message) => new ServiceError("InvalidParameterException", message);
function assertCluster(ref2, clusterName) {
  if (clusterNameOf(ref2) !== clusterName) throw new ServiceError("ClusterNotFoundException", "Cluster not found.");
}
function validateRunTask(input, clusterName, definitions) {
  assertCluster(input.cluster, clusterName);
  if (typeof input.taskDefinition !== "string" || input.taskDefinition === "") {
    throw invalid("TaskDefinition can not be blank.");
  }
  const definition = findTaskDefinition(definitions, input.taskDefinition);
  if (!definition) throw new ServiceError("ClientException", "TaskDefinition not found.");
  const count = input.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_TASKS_PER_RUN) {
    throw invalid(`Count must be between 1 and ${MAX_TASKS_PER_RUN}.`);
  }
  const strategy = input.capacityProviderStrategy ?? [];
  if (input.launchType !== void 0 && strategy.length > 0) {
    throw invalid("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.");
  }
  if (input.launchType !== void 0 && input.launchType !== "FARGATE") {
    throw invalid("No Container Instances were found in your cluster.");
  }
  for (const item of strategy) {
    if (!FARGATE_CAPACITY_PROVIDERS.includes(item.capacityProvider ?? "")) {
      throw invalid(
        "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again."
      );
    }
  }
  const chosen = strategy.find((item) => (item.base ?? 0) > 0) ?? strategy.find((item) => (item.weight ?? 0) > 0) ?? strategy[0];
  const awsvpc = input.networkConfiguration?.awsvpcConfiguration;
  if (!awsvpc) throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  if (!Array.isArray(awsvpc.subnets) || awsvpc.subnets.length === 0) throw invalid("subnets can not be empty.");
  if (input.overrides !== void 0) {
    if (JSON.stringify(input.overrides).length > MAX_OVERRIDES_CHARACTERS) {
      throw invalid(`Container Overrides length must be at most ${MAX_OVERRIDES_CHARACTERS}`);
    }
    for (const override of input.overrides.containerOverrides ?? []) {
      if (!definition.containers.some((c) => c.name === override.name)) {
        throw invalid(`Override for container named ${override.name} is not a container in the TaskDefinition.`);
      }
    }
  }
  if (input.propagateTags === "SERVICE") {
    throw invalid("The propagateTags value SERVICE is not supported for a task that is not part of a service.");
  }
  if ((input.tags?.length ?? 0) > 50) throw invalid("Tags can not exceed 50 per resource.");
  return {
    definition,
    count,
    ...chosen?.capacityProvider ? { capacityProviderName: chosen.capacityProvider } : {},
    subnets: awsvpc.subnets
  };
}

// local/src/integrations/ecs/ecs-service.ts
var DEFAULT_TASKS_PER_CORE = 8;
var DEFAULT_STOPPED_TASK_RETENTION_MS = 60 * 60 * 1e3;
var DEFAULT_STOP_REASON = "Task stopped by user";
var SHUTDOWN_STOP_REASON = "Local runtime shut down";
var MAX_LIST_RESULTS = 100;
var MAX_DESCRIBE_TASKS = 100;
var NO_CAPACITY_REASON = "Capacity is unavailable at this time. Please try again later or in a different availability zone";
var EcsService = class {
  #scope;
  #definitions;
  #resolveImage;
  #baseEnvironment;
  #slots;
  #maxQueuedTasks;
  #logDir;
  #workingDirectory;
  #stoppedTaskRetentionMs;
  #tasks = /* @__PURE__ */ new Map();
  #listeners = /* @__PURE__ */ new Set();
  #queued = 0;
  #closed = false;
  constructor(options) {
    this.#scope = { region: options.region, accountId: options.accountId, clusterName: options.clusterName };
    this.#definitions = options.taskDefinitions;
    this.#resolveImage = options.resolveImage ?? resolveWorkerImage;
    this.#baseEnvironment = options.baseEnvironment ?? {};
    this.#slots = new TaskSlots(options.maxConcurrentTasks ?? DEFAULT_TASKS_PER_CORE * availableParallelism());
    this.#maxQueuedTasks = options.maxQueuedTasks ?? Number.POSITIVE_INFINITY;
    this.#logDir = options.logDir;
    this.#workingDirectory = options.workingDirectory ?? process.cwd();
    this.#stoppedTaskRetentionMs = options.stoppedTaskRetentionMs ?? DEFAULT_STOPPED_TASK_RETENTION_MS;
  }
  async runTask(input) {
    if (this.#closed) throw new ServiceError("ServerException", "The local ECS cluster is shutting down.", "server");
    const valid = validateRunTask(input, this.#scope.clusterName, this.#definitions);
    this.#forgetOldStoppedTasks();
    const tasks = [];
    const failures = [];
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
        setImmediate(() => {
          this.#start(record).catch((error) => {
            const containerName = record.definition.containers[0]?.name ?? "";
            void this.#failToStart(record, `CannotStartContainerError: ${error?.message ?? String(error)}`, containerName);
          });
        });
      });
    }
    return { tasks, failures };
  }
  async describeTasks(input) {
    assertCluster(input.cluster, this.#scope.clusterName);
    const refs = input.tasks ?? [];
    if (refs.length === 0) throw new ServiceError("InvalidParameterException", "Tasks cannot be empty.");
    if (refs.length > MAX_DESCRIBE_TASKS) {
      throw new ServiceError("InvalidParameterException", `Tasks cannot have more than ${MAX_DESCRIBE_TASKS} elements.`);
    }
    const tasks = [];
    const failures = [];
    for (const ref2 of refs) {
      const record = this.#tasks.get(taskIdOf(ref2));
      if (record) tasks.push(snapshot(record.task));
      else failures.push({ arn: ref2.startsWith("arn:") ? ref2 : taskArn(this.#scope, ref2), reason: "MISSING" });
    }
    return { tasks, failures };
  }
  async stopTask(input) {
    assertCluster(input.cluster, this.#scope.clusterName);
    if (!input.task) throw new ServiceError("InvalidParameterException", "Task can not be blank.");
    const record = this.#require(input.task);
    this.#stop(record, input.reason ?? DEFAULT_STOP_REASON);
    return { task: snapshot(record.task) };
  }
  async listTasks(input) {
    assertCluster(input.cluster, this.#scope.clusterName);
    const maxResults = input.maxResults ?? MAX_LIST_RESULTS;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_LIST_RESULTS) {
      throw new ServiceError("InvalidParameterException", `maxResults must be between 1 and ${MAX_LIST_RESULTS}.`);
    }
    const start = input.nextToken ? decodeToken(input.nextToken) : 0;
    const desiredStatus = input.desiredStatus ?? "RUNNING";
    const matching = [...this.#tasks.values()].filter(
      ({ task, definition }) => task.desiredStatus === desiredStatus && (input.family === void 0 || definition.family === input.family) && (input.startedBy === void 0 || task.startedBy === input.startedBy) && (input.launchType === void 0 || task.launchType === input.launchType)
    );
    const page2 = matching.slice(start, start + maxResults).map(({ task }) => task.taskArn);
    const next = start + maxResults;
    return { taskArns: page2, ...next < matching.length ? { nextToken: encodeToken(next) } : {} };
  }
  /** Resolves with the task once it is STOPPED; rejects with the signal's reason if the signal aborts first. */
  waitForStopped(taskArnOrId, signal) {
    let record;
    try {
      record = this.#require(taskArnOrId);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!signal) return record.stopped;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve3, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      void record.stopped.then((task) => {
        signal.removeEventListener("abort", onAbort);
        resolve3(task);
      });
    });
  }
  /** Names of the task's essential containers (DescribeTasks does not show which they are). */
  essentialContainers(taskArnOrId) {
    return this.#require(taskArnOrId).definition.containers.filter((c) => c.essential).map((c) => c.name);
  }
  taskLogs(taskArnOrId) {
    return this.#tasks.get(taskIdOf(taskArnOrId))?.log.lines ?? [];
  }
  /** Every lastStatus change; returns an unsubscribe function. */
  onTaskStateChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  /** Stops every running task (SIGTERM, then SIGKILL after its stopTimeout) and waits for them. */
  async close() {
    this.#closed = true;
    const records = [...this.#tasks.values()];
    for (const record of records) {
      if (record.task.lastStatus !== "STOPPED") this.#stop(record, SHUTDOWN_STOP_REASON);
    }
    await Promise.all(records.map((record) => record.stopped));
  }
  /** Drops tasks stopped longer ago than the retention, so a long-lived runtime does not grow. */
  #forgetOldStoppedTasks() {
    const cutoff = Date.now() - this.#stoppedTaskRetentionMs;
    for (const [id, { task }] of this.#tasks) {
      if (task.lastStatus === "STOPPED" && task.stoppedAt.getTime() < cutoff) this.#tasks.delete(id);
    }
  }
  #slotLimitPlusQueue() {
    return Number.isFinite(this.#maxQueuedTasks) ? this.#slots.limit + this.#maxQueuedTasks : Number.POSITIVE_INFINITY;
  }
  #require(ref2) {
    const record = this.#tasks.get(taskIdOf(ref2));
    if (!record) throw new ServiceError("InvalidParameterException", "The referenced task was not found.");
    return record;
  }
  #createRecord(input, definition, subnets, capacityProviderName) {
    const id = newTaskId();
    const arn = taskArn(this.#scope, id);
    const attachmentId = randomUUID2();
    const overrides = input.overrides ?? {};
    const containers = definition.containers.map((container2) => ({
      containerArn: containerArn(this.#scope, id),
      taskArn: arn,
      name: container2.name,
      image: container2.image,
      lastStatus: "PENDING",
      cpu: "0",
      networkBindings: [],
      networkInterfaces: [{ attachmentId, privateIpv4Address: "127.0.0.1" }],
      gpuIds: [],
      managedAgents: []
    }));
    const task = {
      attachments: [
        {
          id: attachmentId,
          type: "ElasticNetworkInterface",
          status: "PRECREATED",
          details: [{ name: "subnetId", value: subnets[0] }]
        }
      ],
      attributes: [{ name: "ecs.cpu-architecture", value: process.arch === "arm64" ? "arm64" : "x86_64" }],
      availabilityZone: `${this.#scope.region}a`,
      clusterArn: clusterArn(this.#scope),
      containers,
      cpu: overrides.cpu ?? definition.cpu,
      memory: overrides.memory ?? definition.memory,
      createdAt: /* @__PURE__ */ new Date(),
      desiredStatus: "RUNNING",
      enableExecuteCommand: input.enableExecuteCommand ?? false,
      ephemeralStorage: { sizeInGiB: overrides.ephemeralStorage?.sizeInGiB ?? 20 },
      group: input.group ?? `family:${definition.family}`,
      lastStatus: "PROVISIONING",
      launchType: "FARGATE",
      ...capacityProviderName ? { capacityProviderName } : {},
      overrides: {
        // ECS lists every container here, with just its name when it has no override.
        containerOverrides: definition.containers.map((container2) => ({
          name: container2.name,
          ...overrides.containerOverrides?.find((o) => o.name === container2.name)
        })),
        inferenceAcceleratorOverrides: overrides.inferenceAcceleratorOverrides ?? [],
        ...overrides.cpu !== void 0 ? { cpu: overrides.cpu } : {},
        ...overrides.memory !== void 0 ? { memory: overrides.memory } : {}
      },
      platformVersion: input.platformVersion && input.platformVersion !== "LATEST" ? input.platformVersion : "1.4.0",
      platformFamily: "Linux",
      ...input.startedBy !== void 0 ? { startedBy: input.startedBy } : {},
      tags: input.tags ?? [],
      taskArn: arn,
      taskDefinitionArn: definition.taskDefinitionArn,
      version: 1
    };
    let resolveStopped;
    const stopped = new Promise((resolve3) => resolveStopped = resolve3);
    const record = {
      task,
      id,
      definition,
      input,
      log: new TaskLog(this.#logDir, id),
      processes: /* @__PURE__ */ new Map(),
      killTimers: [],
      stopped,
      resolveStopped,
      cancelQueued: () => false,
      holdsSlot: false,
      starting: false
    };
    this.#tasks.set(id, record);
    return record;
  }
  /** PENDING: "pull" (resolve) every image, start every container, then RUNNING. */
  async #start(record) {
    const { task, definition } = record;
    if (task.desiredStatus === "STOPPED") return this.#finish(record);
    task.pullStartedAt = /* @__PURE__ */ new Date();
    this.#transition(record, "PENDING");
    const commands = /* @__PURE__ */ new Map();
    for (const container2 of definition.containers) {
      const command = this.#resolveImage(container2);
      if (!command) {
        const reason = `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${container2.image}: no local command runs this image`;
        return this.#failToStart(record, reason, container2.name);
      }
      commands.set(container2.name, command);
    }
    task.pullStoppedAt = /* @__PURE__ */ new Date();
    record.starting = true;
    for (const container2 of definition.containers) {
      const command = commands.get(container2.name);
      const override = task.overrides?.containerOverrides?.find((o) => o.name === container2.name);
      try {
        const proc = await ContainerProcess.start(
          {
            executable: command.executable,
            args: override?.command ?? command.args,
            env: this.#environment(container2, override?.environment ?? []),
            cwd: this.#workingDirectory
          },
          (stream, message) => record.log.append({ timestamp: Date.now(), stream, message })
        );
        record.processes.set(container2.name, proc);
        const state = task.containers.find((c) => c.name === container2.name);
        state.lastStatus = "RUNNING";
        state.runtimeId = `${record.id}-${proc.pid ?? 0}`;
        void proc.exited.then((exit) => this.#onContainerExit(record, container2, exit));
      } catch (error) {
        const started = [...record.processes.values()];
        for (const proc of started) proc.signal("SIGKILL");
        await Promise.all(started.map((proc) => proc.exited));
        record.starting = false;
        return this.#failToStart(record, `CannotStartContainerError: ${error.message}`, container2.name);
      }
    }
    record.starting = false;
    task.connectivity = "CONNECTED";
    task.connectivityAt = /* @__PURE__ */ new Date();
    task.startedAt = /* @__PURE__ */ new Date();
    task.attachments[0].status = "ATTACHED";
    if (task.desiredStatus === "STOPPED") {
      this.#transition(record, "STOPPING");
      this.#terminate(record);
    } else {
      this.#transition(record, "RUNNING");
    }
    if (record.processes.size === 0) await this.#finish(record);
  }
  /** Precedence, lowest first: platform < baseEnvironment < task definition < container overrides. */
  #environment(container2, overrides) {
    const env = {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      AWS_REGION: this.#scope.region,
      AWS_DEFAULT_REGION: this.#scope.region,
      AWS_EXECUTION_ENV: "AWS_ECS_FARGATE",
      ...this.#baseEnvironment
    };
    for (const { name, value } of container2.environment) env[name] = value;
    for (const { name, value } of overrides) if (name) env[name] = value ?? "";
    return env;
  }
  #onContainerExit(record, container2, exit) {
    const { task } = record;
    record.processes.delete(container2.name);
    const state = task.containers.find((c) => c.name === container2.name);
    state.exitCode = exit.exitCode;
    state.lastStatus = "STOPPED";
    if (container2.essential && task.desiredStatus !== "STOPPED") {
      task.desiredStatus = "STOPPED";
      task.stopCode = "EssentialContainerExited";
      task.stoppedReason = "Essential container in task exited";
      task.stoppingAt = /* @__PURE__ */ new Date();
      if (record.processes.size > 0) {
        this.#transition(record, "STOPPING");
        this.#terminate(record);
      }
    }
    if (record.processes.size === 0 && !record.starting) void this.#finish(record);
  }
  #stop(record, reason) {
    const { task } = record;
    if (task.lastStatus === "STOPPED" || task.desiredStatus === "STOPPED") return;
    task.desiredStatus = "STOPPED";
    task.stopCode = "UserInitiated";
    task.stoppedReason = reason;
    task.stoppingAt = /* @__PURE__ */ new Date();
    if (record.cancelQueued()) {
      this.#queued -= 1;
      void this.#finish(record);
    } else if (task.lastStatus === "RUNNING") {
      this.#transition(record, "STOPPING");
      this.#terminate(record);
    }
  }
  /** SIGTERM every container, SIGKILL after its stopTimeoutSeconds (docker stop semantics). */
  #terminate(record) {
    for (const container2 of record.definition.containers) {
      const proc = record.processes.get(container2.name);
      if (!proc) continue;
      proc.signal("SIGTERM");
      const timer = setTimeout(() => proc.signal("SIGKILL"), container2.stopTimeoutSeconds * 1e3);
      timer.unref();
      record.killTimers.push(timer);
    }
  }
  #failToStart(record, reason, containerName) {
    const { task } = record;
    task.desiredStatus = "STOPPED";
    task.stopCode = "TaskFailedToStart";
    task.stoppedReason = reason;
    task.stoppingAt = /* @__PURE__ */ new Date();
    const state = task.containers.find((c) => c.name === containerName);
    if (state) state.reason = reason.slice(0, 1024);
    return this.#finish(record);
  }
  /** DEPROVISIONING, then STOPPED once the log is flushed; frees the slot for the next task. */
  async #finish(record) {
    const { task } = record;
    if (task.lastStatus === "DEPROVISIONING" || task.lastStatus === "STOPPED") return;
    for (const timer of record.killTimers) clearTimeout(timer);
    task.executionStoppedAt = /* @__PURE__ */ new Date();
    for (const container2 of task.containers ?? []) container2.lastStatus = "STOPPED";
    this.#transition(record, "DEPROVISIONING");
    if (record.holdsSlot) {
      record.holdsSlot = false;
      this.#slots.release();
    }
    await record.log.close();
    task.stoppedAt = /* @__PURE__ */ new Date();
    const attachment = task.attachments?.[0];
    if (attachment) Object.assign(attachment, { type: "eni", status: "DELETED" });
    this.#transition(record, "STOPPED");
    record.resolveStopped(snapshot(task));
  }
  #transition(record, lastStatus) {
    record.task.lastStatus = lastStatus;
    record.task.version = (record.task.version ?? 0) + 1;
    this.#emit(record);
  }
  #emit(record) {
    for (const listener of this.#listeners) {
      try {
        listener(snapshot(record.task));
      } catch {
      }
    }
  }
};
function snapshot(task) {
  return structuredClone(task);
}
var encodeToken = (index) => Buffer.from(JSON.stringify({ index })).toString("base64url");
function decodeToken(token) {
  try {
    const { index } = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof index === "number" && Number.isInteger(index) && index >= 0) return index;
  } catch {
  }
  throw new ServiceError("InvalidParameterException", "Invalid nextToken.");
}
function resolveWorkerImage() {
  const bundle = join2(projectRoot(), "dist", "worker.mjs");
  return existsSync(bundle) ? { executable: process.execPath, args: [bundle] } : void 0;
}
var cachedRoot;
function projectRoot() {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth += 1) {
    const manifest = join2(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, "utf8")).name === "sfn-ecs") return cachedRoot = dir;
      } catch {
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return cachedRoot = process.cwd();
}

// local/src/runtime/create-runtime.ts
import { join as join10, resolve as resolve2 } from "node:path";

// local/src/asl/validate.ts
import jsonata from "jsonata";

// local/src/asl/compiled-asl-validator.ts
import { createRequire } from "node:module";
var requireHere = createRequire(import.meta.url);
var validatorPath = requireHere.resolve("asl-validator");
var fromValidator = createRequire(validatorPath);
var validator = fromValidator("asl-validator");
var SCHEMAS = ["common", "paths", "jsonata", "choice", "fail", "parallel", "pass", "base-state-machine", "state-machine", "state", "succeed", "task", "wait", "map", "errors"];
var SCHEMA_ERROR_CODE = "SCHEMA_VALIDATION_FAILED";
var compiled = /* @__PURE__ */ new Map();
function jsonataCompiles(value) {
  const jsonata3 = fromValidator("jsonata");
  let expression = value.trim();
  expression = expression.startsWith("{%") ? expression.slice(2) : expression;
  expression = expression.endsWith("%}") ? expression.slice(0, -2) : expression;
  try {
    jsonata3(expression);
    return true;
  } catch {
    return false;
  }
}
function ajvFor(options) {
  const key = `${options.checkPaths}:${options.checkArn}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const fromChecks = createRequire(fromValidator.resolve("./checks/json-schema-errors.js"));
  const AjvClass = fromChecks("ajv").default;
  const addFormats = fromChecks("ajv-formats").default;
  const schemas = SCHEMAS.map((name) => fromChecks(`../schemas/${name}.json`));
  const ajv = new AjvClass({ schemas, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat("jsonata_string", jsonataCompiles);
  ajv.addFormat("maybe_jsonata_string", (value) => {
    const trimmed = value.trim();
    return trimmed.startsWith("{%") || trimmed.endsWith("%}") ? jsonataCompiles(trimmed) : true;
  });
  if (options.checkPaths) {
    fromChecks("asl-path-validator").registerAll(ajv);
  } else {
    for (const format2 of ["asl_path", "asl_ref_path", "asl_payload_template", "asl_result_path"]) ajv.addFormat(format2, () => true);
  }
  const { isArnFormatValid } = fromChecks("./formats.js");
  ajv.addFormat("asl_arn", options.checkArn ? isArnFormatValid : () => true);
  compiled.set(key, ajv);
  return ajv;
}
function schemaErrors(definition, options) {
  const ajv = ajvFor(options);
  ajv.validate("http://asl-validator.cloud/state-machine.json#", definition);
  const all = ajv.errors ?? [];
  let deepest = 0;
  let selected = [];
  for (const error of all) {
    const depth = error.instancePath.split("/").length;
    if (depth === deepest) selected.push(error);
    else if (depth > deepest) selected = [error];
    deepest = Math.max(deepest, depth);
  }
  const withOneOf = new Set(selected.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const error of selected) {
    if (error.keyword !== "oneOf" && withOneOf.has(error.instancePath)) continue;
    const schemaPath = decodeURIComponent(error.schemaPath);
    const key = `${schemaPath}\0${error.instancePath}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      "Error code": SCHEMA_ERROR_CODE,
      Message: `${error.instancePath} is invalid. ${error.message ?? ""}`,
      schemaError: { instancePath: error.instancePath, schemaPath }
    });
  }
  return out;
}
var installed;
function install() {
  if (installed !== void 0) return installed;
  try {
    const checks = fromValidator("./checks/json-schema-errors.js");
    if (typeof checks.jsonSchemaErrors !== "function") return installed = false;
    checks.jsonSchemaErrors = schemaErrors;
    installed = true;
  } catch {
    installed = false;
  }
  return installed;
}
function runAslValidator(definition) {
  install();
  return validator(definition);
}

// local/src/engine/errors.ts
var STATES_ERRORS = {
  ALL: "States.ALL",
  TaskFailed: "States.TaskFailed",
  Timeout: "States.Timeout",
  HeartbeatTimeout: "States.HeartbeatTimeout",
  Permissions: "States.Permissions",
  Runtime: "States.Runtime",
  DataLimitExceeded: "States.DataLimitExceeded",
  ResultPathMatchFailure: "States.ResultPathMatchFailure",
  ParameterPathFailure: "States.ParameterPathFailure",
  BranchFailed: "States.BranchFailed",
  NoChoiceMatched: "States.NoChoiceMatched",
  IntrinsicFailure: "States.IntrinsicFailure",
  ExceedToleratedFailureThreshold: "States.ExceedToleratedFailureThreshold",
  ItemReaderFailed: "States.ItemReaderFailed",
  ResultWriterFailed: "States.ResultWriterFailed",
  QueryEvaluationError: "States.QueryEvaluationError"
};
var StatesError = class extends Error {
  constructor(error, cause, options) {
    super(`${error ?? "null"}${cause ? `: ${cause}` : ""}`, options);
    this.error = error;
    this.cause = cause;
  }
  error;
  cause;
  name = "StatesError";
};

// local/src/engine/intrinsics/parser.ts
function fail(source, message) {
  throw new StatesError(STATES_ERRORS.IntrinsicFailure, `Invalid intrinsic function '${source}': ${message}`);
}
function readPath(source, start) {
  let depth = 0;
  let i = start;
  while (i < source.length) {
    const ch = source[i];
    if (ch === "'" || ch === '"') {
      const close = source.indexOf(ch, i + 1);
      i = close < 0 ? source.length : close + 1;
      continue;
    }
    if (ch === "[" || ch === "(") depth++;
    else if (ch === "]" || ch === ")" && depth > 0) depth--;
    else if (depth === 0 && (ch === "," || ch === ")")) break;
    i++;
  }
  return i;
}
function tokenize(source) {
  const tokens = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ type: "punct", text: ch });
      i++;
    } else if (ch === "'") {
      let text = "";
      i++;
      for (; ; ) {
        if (i >= source.length) fail(source, "unterminated string literal");
        const c = source[i];
        if (c === "\\") {
          const next = source[i + 1];
          if (next === void 0) fail(source, "dangling escape");
          text += next === "{" || next === "}" ? `\\${next}` : next;
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          text += c;
          i++;
        }
      }
      tokens.push({ type: "string", text });
    } else if (ch === "$") {
      const end = readPath(source, i);
      tokens.push({ type: "path", text: source.slice(i, end).trim() });
      i = end;
    } else if (/[-\d]/.test(ch)) {
      const match = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(source.slice(i));
      if (!match) fail(source, `unexpected '${ch}' at ${i}`);
      tokens.push({ type: "number", value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z]/.test(ch)) {
      const match = /^[A-Za-z][A-Za-z0-9.]*/.exec(source.slice(i));
      tokens.push({ type: "name", text: match[0] });
      i += match[0].length;
    } else {
      fail(source, `unexpected '${ch}' at ${i}`);
    }
  }
  return tokens;
}
function isIntrinsicCall(value) {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(value);
}
function parseIntrinsic(source) {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const expectPunct = (text) => {
    const token = tokens[position++];
    if (token?.type !== "punct" || token.text !== text) fail(source, `expected '${text}'`);
  };
  const parseCall = () => {
    const token = tokens[position++];
    if (token?.type !== "name" || !token.text.startsWith("States.")) fail(source, "expected a States.* function name");
    expectPunct("(");
    const args = [];
    if (!(peek()?.type === "punct" && peek().text === ")")) {
      for (; ; ) {
        args.push(parseArgument());
        const next = peek();
        if (next?.type === "punct" && next.text === ",") {
          position++;
          continue;
        }
        break;
      }
    }
    expectPunct(")");
    return { kind: "call", name: token.text, args };
  };
  const parseArgument = () => {
    const token = peek();
    if (!token) fail(source, "missing argument");
    switch (token.type) {
      case "string":
        position++;
        return { kind: "literal", value: token.text };
      case "number":
        position++;
        return { kind: "literal", value: token.value };
      case "path":
        position++;
        return { kind: "path", path: token.text };
      case "name":
        if (token.text === "true" || token.text === "false" || token.text === "null") {
          position++;
          return { kind: "literal", value: token.text === "null" ? null : token.text === "true" };
        }
        return parseCall();
      default:
        return fail(source, `unexpected '${token.text}'`);
    }
  };
  const call = parseCall();
  if (position !== tokens.length) fail(source, "unexpected text after the call");
  return call;
}

// local/src/engine/intrinsics/functions.ts
import { createHash, randomUUID as randomUUID3 } from "node:crypto";
import { isDeepStrictEqual } from "node:util";

// local/src/engine/java-random.ts
var MULTIPLIER = 0x5deece66dn;
var ADDEND = 0xbn;
var MASK = (1n << 48n) - 1n;
function javaRandomDouble(seed) {
  let state = (BigInt(Math.trunc(seed)) ^ MULTIPLIER) & MASK;
  const next = (bits) => {
    state = state * MULTIPLIER + ADDEND & MASK;
    return state >> 48n - bits;
  };
  const high = next(26n);
  const low = next(27n);
  return Number((high << 27n) + low) / 2 ** 53;
}

// local/src/engine/intrinsics/functions.ts
var MAX_ARRAY_RANGE = 1e3;
var HASH_ALGORITHMS = {
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512"
};
function failure(name, message) {
  return new StatesError(STATES_ERRORS.IntrinsicFailure, `${name}: ${message}`);
}
function arity(name, args, min, max = min) {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw failure(name, `expected ${expected} argument(s), got ${args.length}`);
  }
}
function asString(name, value, what) {
  if (typeof value !== "string") throw failure(name, `${what} must be a string, got ${JSON.stringify(value)}`);
  return value;
}
function asArray(name, value, what) {
  if (!Array.isArray(value)) throw failure(name, `${what} must be an array, got ${JSON.stringify(value)}`);
  return value;
}
function asInteger(name, value, what) {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw failure(name, `${what} must be an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}
function asObject(name, value, what) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw failure(name, `${what} must be a JSON object, got ${JSON.stringify(value)}`);
  }
  return value;
}
function format(args) {
  const name = "States.Format";
  if (args.length < 1) throw failure(name, "expected a template string");
  const template = asString(name, args[0], "the template");
  const values = args.slice(1);
  let out = "";
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === "\\" && (template[i + 1] === "{" || template[i + 1] === "}" || template[i + 1] === "\\")) {
      out += template[i + 1];
      i++;
    } else if (ch === "{" && template[i + 1] === "}") {
      if (next >= values.length) throw failure(name, "more placeholders than arguments");
      const value = values[next++];
      out += typeof value === "string" ? value : JSON.stringify(value);
      i++;
    } else {
      out += ch;
    }
  }
  if (next !== values.length) throw failure(name, `${values.length} argument(s) for ${next} placeholder(s)`);
  return out;
}
var FUNCTIONS = {
  "States.Format": (args) => format(args),
  "States.StringToJson": (args) => {
    arity("States.StringToJson", args, 1);
    const text = asString("States.StringToJson", args[0], "the argument");
    try {
      return JSON.parse(text);
    } catch (error) {
      throw failure("States.StringToJson", `not valid JSON: ${error.message}`);
    }
  },
  "States.JsonToString": (args) => {
    arity("States.JsonToString", args, 1);
    return JSON.stringify(args[0]);
  },
  "States.Array": (args) => [...args],
  "States.ArrayPartition": (args) => {
    const name = "States.ArrayPartition";
    arity(name, args, 2);
    const array = asArray(name, args[0], "the array");
    const size = asInteger(name, args[1], "the chunk size");
    if (size <= 0) throw failure(name, "the chunk size must be positive");
    const chunks = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  },
  "States.ArrayContains": (args) => {
    arity("States.ArrayContains", args, 2);
    return asArray("States.ArrayContains", args[0], "the array").some((item) => isDeepStrictEqual(item, args[1]));
  },
  "States.ArrayRange": (args) => {
    const name = "States.ArrayRange";
    arity(name, args, 3);
    const first = asInteger(name, args[0], "the first element");
    const last = asInteger(name, args[1], "the last element");
    const step = asInteger(name, args[2], "the step");
    if (step === 0) throw failure(name, "the step must not be 0");
    const count = Math.floor((last - first) / step) + 1;
    if (count > MAX_ARRAY_RANGE) throw failure(name, `the range has more than ${MAX_ARRAY_RANGE} elements`);
    return Array.from({ length: Math.max(0, count) }, (_, i) => first + i * step);
  },
  "States.ArrayGetItem": (args) => {
    const name = "States.ArrayGetItem";
    arity(name, args, 2);
    const array = asArray(name, args[0], "the array");
    const index = asInteger(name, args[1], "the index");
    if (index < 0 || index >= array.length) throw failure(name, `index ${index} is out of bounds (length ${array.length})`);
    return array[index];
  },
  "States.ArrayLength": (args) => {
    arity("States.ArrayLength", args, 1);
    return asArray("States.ArrayLength", args[0], "the argument").length;
  },
  "States.ArrayUnique": (args) => {
    arity("States.ArrayUnique", args, 1);
    const unique = [];
    for (const item of asArray("States.ArrayUnique", args[0], "the argument")) {
      if (!unique.some((seen) => isDeepStrictEqual(seen, item))) unique.push(item);
    }
    return unique;
  },
  "States.Base64Encode": (args) => {
    arity("States.Base64Encode", args, 1);
    return Buffer.from(asString("States.Base64Encode", args[0], "the argument"), "utf8").toString("base64");
  },
  "States.Base64Decode": (args) => {
    const name = "States.Base64Decode";
    arity(name, args, 1);
    const text = asString(name, args[0], "the argument");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw failure(name, "the argument is not base64");
    return Buffer.from(text, "base64").toString("utf8");
  },
  "States.Hash": (args) => {
    const name = "States.Hash";
    arity(name, args, 2);
    const algorithm = HASH_ALGORITHMS[asString(name, args[1], "the algorithm")];
    if (!algorithm) throw failure(name, `the algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(", ")}`);
    const data = typeof args[0] === "string" ? args[0] : JSON.stringify(args[0]);
    return createHash(algorithm).update(data, "utf8").digest("hex");
  },
  "States.JsonMerge": (args) => {
    const name = "States.JsonMerge";
    arity(name, args, 3);
    if (args[2] !== false) throw failure(name, "only shallow merges are supported: the third argument must be false");
    return { ...asObject(name, args[0], "the first argument"), ...asObject(name, args[1], "the second argument") };
  },
  "States.MathRandom": (args, random) => {
    const name = "States.MathRandom";
    arity(name, args, 2, 3);
    const start = asInteger(name, args[0], "the start");
    const end = asInteger(name, args[1], "the end");
    if (end <= start) throw failure(name, "the end must be greater than the start");
    const draw = args.length === 3 ? javaRandomDouble(asInteger(name, args[2], "the seed")) : random();
    return start + Math.floor(draw * (end - start));
  },
  "States.MathAdd": (args) => {
    const name = "States.MathAdd";
    arity(name, args, 2);
    return asInteger(name, args[0], "the first argument") + asInteger(name, args[1], "the second argument");
  },
  "States.StringSplit": (args) => {
    const name = "States.StringSplit";
    arity(name, args, 2);
    const text = asString(name, args[0], "the string");
    const delimiters = new Set(asString(name, args[1], "the delimiter"));
    const parts = [];
    let current = "";
    for (const ch of text) {
      if (delimiters.has(ch)) {
        if (current) parts.push(current);
        current = "";
      } else {
        current += ch;
      }
    }
    if (current) parts.push(current);
    return parts;
  },
  "States.UUID": (args) => {
    arity("States.UUID", args, 0);
    return randomUUID3();
  }
};
function callIntrinsic(name, args, random) {
  const fn = FUNCTIONS[name];
  if (!fn) throw new StatesError(STATES_ERRORS.IntrinsicFailure, `Unknown intrinsic function '${name}'`);
  return fn(args, random);
}
function isKnownIntrinsic(name) {
  return name in FUNCTIONS;
}

// local/src/asl/types.ts
var QUERY_LANGUAGES = ["JSONPath", "JSONata"];

// local/src/asl/validate.ts
var isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
var STATE_TYPES = /* @__PURE__ */ new Set(["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]);
var EXPRESSION = /^\s*\{%([\s\S]*)%\}\s*$/;
var RETRIER_BOUNDS = {
  IntervalSeconds: { min: 1, max: 99999999 },
  MaxAttempts: { min: 0, max: 99999999 },
  MaxDelaySeconds: { min: 1, max: 31622401 }
};
function machines(root) {
  const out = [];
  const visit = (node, path) => {
    out.push({ node, path });
    if (!isObject(node.States)) return;
    for (const [name, state] of Object.entries(node.States)) {
      if (!isObject(state)) continue;
      const statePath = `${path}/States/${name}`;
      if (Array.isArray(state.Branches)) {
        state.Branches.forEach((branch, i) => isObject(branch) && visit(branch, `${statePath}/Branches/${i}`));
      }
      for (const key of ["ItemProcessor", "Iterator"]) {
        const processor = state[key];
        if (isObject(processor)) visit(processor, `${statePath}/${key}`);
      }
    }
  };
  visit(root, "");
  return out;
}
function forAslValidator(definition, rootLanguage) {
  const copy = structuredClone(definition);
  const noNulls = (value) => Array.isArray(value) ? value.map((v) => v === null ? 0 : noNulls(v)) : isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, noNulls(v)])) : value;
  for (const { node } of machines(copy)) {
    if (!isObject(node.States)) continue;
    for (const state of Object.values(node.States)) {
      if (!isObject(state)) continue;
      const language = state.QueryLanguage ?? rootLanguage;
      if (state.Type === "Choice") delete state.Output;
      if (language === "JSONata" && "Output" in state && !isObject(state.Output) && !(typeof state.Output === "string" && EXPRESSION.test(state.Output))) {
        state.Output = {};
      }
      if (isObject(state.Assign)) state.Assign = noNulls(state.Assign);
      for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
        if (isObject(catcher) && isObject(catcher.Assign)) catcher.Assign = noNulls(catcher.Assign);
      }
    }
  }
  return copy;
}
function statePathByName(definition, stateName) {
  for (const { node, path } of machines(definition)) {
    if (isObject(node.States) && Object.hasOwn(node.States, stateName)) return `${path}/States/${stateName}`;
  }
  return void 0;
}
function fromAslValidator(definition, rootLanguage) {
  const result = runAslValidator(forAslValidator(definition, rootLanguage));
  return result.errors.flatMap((error) => {
    if (error.schemaError) return [{ path: error.schemaError.instancePath || "/", message: error.Message }];
    if (error.Message.startsWith("Missing 'StartAt'")) return [];
    const stateName = /State (\S+) is not reachable/.exec(error.Message)?.[1];
    const path = stateName && statePathByName(definition, stateName) || "/";
    return [{ path, message: `${error["Error code"]}: ${error.Message}` }];
  });
}
function checkErrorEquals(list, path, isLast, errors) {
  if (!Array.isArray(list)) return;
  list.forEach((name, i) => {
    if (name === "States.ALL" && (list.length !== 1 || !isLast)) {
      errors.push({ path: `${path}/ErrorEquals/${i}`, message: "States.ALL must appear alone in ErrorEquals, in the last retrier or catcher" });
    }
  });
}
function checkRetriers(state, path, errors) {
  const retriers = Array.isArray(state.Retry) ? state.Retry : [];
  retriers.forEach((retrier, i) => {
    if (!isObject(retrier)) return;
    const at = `${path}/Retry/${i}`;
    checkErrorEquals(retrier.ErrorEquals, at, i === retriers.length - 1, errors);
    for (const [field, { min, max }] of Object.entries(RETRIER_BOUNDS)) {
      const value = retrier[field];
      if (value !== void 0 && (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)) {
        errors.push({ path: `${at}/${field}`, message: `${field} must be an integer from ${min} to ${max}` });
      }
    }
    if (retrier.BackoffRate !== void 0 && (typeof retrier.BackoffRate !== "number" || retrier.BackoffRate < 1)) {
      errors.push({ path: `${at}/BackoffRate`, message: "BackoffRate must be a number >= 1.0" });
    }
    if (retrier.JitterStrategy !== void 0 && retrier.JitterStrategy !== "FULL" && retrier.JitterStrategy !== "NONE") {
      errors.push({ path: `${at}/JitterStrategy`, message: "JitterStrategy must be FULL or NONE" });
    }
  });
  const catchers = Array.isArray(state.Catch) ? state.Catch : [];
  catchers.forEach((catcher, i) => {
    if (isObject(catcher)) checkErrorEquals(catcher.ErrorEquals, `${path}/Catch/${i}`, i === catchers.length - 1, errors);
  });
}
function checkExpressions(value, path, language, errors) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkExpressions(item, `${path}/${i}`, language, errors));
    return;
  }
  if (typeof value === "string" && language === "JSONata") {
    const match = EXPRESSION.exec(value);
    if (match) {
      try {
        jsonata(match[1].trim());
      } catch (error) {
        errors.push({ path, message: `Invalid JSONata expression: ${error.message}` });
      }
    }
    return;
  }
  if (!isObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key}`;
    if (language === "JSONPath" && key.endsWith(".$")) {
      if (typeof item !== "string") {
        errors.push({ path: at, message: `The value of '${key}' must be a path or an intrinsic function call` });
      } else if (isIntrinsicCall(item)) {
        try {
          const checkCalls = (call) => {
            if (!isKnownIntrinsic(call.name)) throw new Error(`unknown intrinsic function '${call.name}'`);
            for (const arg of call.args) if (arg.kind === "call") checkCalls(arg);
          };
          checkCalls(parseIntrinsic(item.trim()));
        } catch (error) {
          errors.push({ path: at, message: error.message });
        }
      } else if (!item.startsWith("$")) {
        errors.push({ path: at, message: `The value of '${key}' must start with '$' or be an intrinsic function call` });
      }
    } else {
      checkExpressions(item, at, language, errors);
    }
  }
}
var TEMPLATE_FIELDS = ["Parameters", "ResultSelector", "ItemSelector", "Arguments", "Output", "Assign", "Items"];
function checkState(name, state, path, states, rootLanguage, errors) {
  if (typeof state.Type !== "string" || !STATE_TYPES.has(state.Type)) {
    errors.push({ path: `${path}/Type`, message: `Unknown state type ${JSON.stringify(state.Type)}` });
    return;
  }
  if (state.QueryLanguage !== void 0 && !QUERY_LANGUAGES.includes(state.QueryLanguage)) {
    errors.push({ path: `${path}/QueryLanguage`, message: "QueryLanguage must be JSONPath or JSONata" });
  }
  if (rootLanguage === "JSONata" && state.QueryLanguage === "JSONPath") {
    errors.push({ path: `${path}/QueryLanguage`, message: "A state cannot use JSONPath when the state machine uses JSONata" });
  }
  const language = state.QueryLanguage ?? rootLanguage;
  const targets = [["Next", state.Next], ["Default", state.Default]];
  if (Array.isArray(state.Catch)) state.Catch.forEach((c, i) => isObject(c) && targets.push([`Catch/${i}/Next`, c.Next]));
  if (Array.isArray(state.Choices)) state.Choices.forEach((c, i) => isObject(c) && targets.push([`Choices/${i}/Next`, c.Next]));
  for (const [field, target] of targets) {
    if (typeof target === "string" && !Object.hasOwn(states, target)) {
      errors.push({ path: `${path}/${field}`, message: `The transition target '${target}' of state '${name}' does not exist` });
    }
  }
  checkRetriers(state, path, errors);
  if (state.Type === "Map") {
    for (const field of ["ItemReader", "ResultWriter", "ItemBatcher"]) {
      if (state[field] !== void 0) errors.push({ path: `${path}/${field}`, message: `${field} (Distributed Map) is not supported by the local runtime` });
    }
  }
  if (typeof state.TimeoutSeconds === "number" && typeof state.HeartbeatSeconds === "number" && state.HeartbeatSeconds >= state.TimeoutSeconds) {
    errors.push({ path: `${path}/HeartbeatSeconds`, message: "HeartbeatSeconds must be smaller than TimeoutSeconds" });
  }
  if (language === "JSONPath") {
    for (const field of ["Arguments", "Output"]) {
      if (state[field] !== void 0) errors.push({ path: `${path}/${field}`, message: `${field} is only allowed in JSONata states` });
    }
  } else {
    for (const field of ["InputPath", "OutputPath", "Parameters", "ResultPath", "ResultSelector", "ItemsPath"]) {
      if (state[field] !== void 0) errors.push({ path: `${path}/${field}`, message: `${field} is only allowed in JSONPath states; use Arguments, Output or Items in JSONata` });
    }
  }
  for (const field of TEMPLATE_FIELDS) {
    if (state[field] !== void 0) checkExpressions(state[field], `${path}/${field}`, language, errors);
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((c, i) => {
      if (!isObject(c)) return;
      if (c.Assign !== void 0) checkExpressions(c.Assign, `${path}/Catch/${i}/Assign`, language, errors);
      if (c.Output !== void 0) checkExpressions(c.Output, `${path}/Catch/${i}/Output`, language, errors);
    });
  }
}
function checkResources(definition, integrations, errors) {
  for (const { node, path } of machines(definition)) {
    if (!isObject(node.States)) continue;
    for (const [name, state] of Object.entries(node.States)) {
      if (!isObject(state) || state.Type !== "Task" || typeof state.Resource !== "string" || EXPRESSION.test(state.Resource)) continue;
      const problem = integrations.explainMissing(state.Resource);
      if (problem) errors.push({ path: `${path}/States/${name}/Resource`, message: problem });
    }
  }
}
function validateDefinition(definition, options = {}) {
  if (!isObject(definition)) return { ok: false, errors: [{ path: "/", message: "The definition must be a JSON object" }] };
  const rootLanguage = definition.QueryLanguage ?? "JSONPath";
  const errors = [];
  if (!QUERY_LANGUAGES.includes(rootLanguage)) errors.push({ path: "/QueryLanguage", message: "QueryLanguage must be JSONPath or JSONata" });
  for (const { node, path } of machines(definition)) {
    if (!isObject(node.States)) {
      errors.push({ path: `${path}/States`, message: "States must be an object of named states" });
      continue;
    }
    if (typeof node.StartAt !== "string" || !Object.hasOwn(node.States, node.StartAt)) {
      errors.push({ path: `${path}/StartAt`, message: `StartAt must name a state in States, got ${JSON.stringify(node.StartAt)}` });
    }
    for (const [name, state] of Object.entries(node.States)) {
      if (isObject(state)) checkState(name, state, `${path}/States/${name}`, node.States, rootLanguage, errors);
      else errors.push({ path: `${path}/States/${name}`, message: "A state must be an object" });
    }
  }
  if (options.integrations) checkResources(definition, options.integrations, errors);
  try {
    errors.push(...fromAslValidator(definition, rootLanguage));
  } catch (error) {
    errors.push({ path: "/", message: `The definition could not be checked: ${error.message}` });
  }
  const seen = /* @__PURE__ */ new Set();
  const unique = errors.filter((e) => {
    const key = `${e.path}\0${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.length === 0 ? { ok: true } : { ok: false, errors: unique };
}

// local/src/api/aws-json/operation-table.ts
function defineOperation(required, handle, types) {
  return types ? { required, handle, types } : { required, handle };
}

// local/src/api/ecs/operations.ts
function ecsService(ecs) {
  return {
    targetPrefix: "AmazonEC2ContainerServiceV20141113",
    contentType: "application/x-amz-json-1.1",
    operations: {
      RunTask: defineOperation(["taskDefinition"], (input) => ecs.runTask(input)),
      DescribeTasks: defineOperation(["tasks"], (input) => ecs.describeTasks(input)),
      StopTask: defineOperation(["task"], (input) => ecs.stopTask(input)),
      ListTasks: defineOperation([], (input) => ecs.listTasks(input))
    }
  };
}

// local/src/api/ecs/describe-task-definition.ts
function describeTaskDefinition(definitions, region, input) {
  const definition = input.taskDefinition ? findTaskDefinition(definitions, input.taskDefinition) : void 0;
  if (!definition) throw new ServiceError("ClientException", "Unable to describe task definition.");
  return {
    taskDefinition: {
      taskDefinitionArn: definition.taskDefinitionArn,
      family: definition.family,
      revision: definition.revision,
      status: "ACTIVE",
      cpu: definition.cpu,
      memory: definition.memory,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      compatibilities: ["EC2", "FARGATE"],
      containerDefinitions: definition.containers.map((c) => ({
        name: c.name,
        image: c.image,
        essential: c.essential,
        environment: c.environment.map((e) => ({ name: e.name, value: e.value })),
        stopTimeout: c.stopTimeoutSeconds,
        ...c.logGroup ? {
          logConfiguration: {
            logDriver: "awslogs",
            options: {
              "awslogs-group": c.logGroup,
              "awslogs-region": region,
              ...c.logStreamPrefix ? { "awslogs-stream-prefix": c.logStreamPrefix } : {}
            }
          }
        } : {}
      }))
    }
  };
}
function describeTaskDefinitionOperation(definitions, region) {
  return defineOperation(["taskDefinition"], async (input) => describeTaskDefinition(definitions, region, input));
}

// local/src/api/logs/operations.ts
function logsService(logs) {
  return {
    targetPrefix: "Logs_20140328",
    contentType: "application/x-amz-json-1.1",
    operations: {
      DescribeLogGroups: defineOperation([], (input) => logs.describeLogGroups(input)),
      DescribeLogStreams: defineOperation([], (input) => logs.describeLogStreams(input)),
      GetLogEvents: defineOperation(["logStreamName"], (input) => logs.getLogEvents(input)),
      FilterLogEvents: defineOperation([], (input) => logs.filterLogEvents(input))
    }
  };
}

// local/src/logs/ecs-log-streams.ts
import { join as join3 } from "node:path";
function awslogsStreamName(prefix, containerName, taskId) {
  return prefix ? `${prefix}/${containerName}/${taskId}` : `${containerName}/${taskId}`;
}
function connectEcsLogStreams(options) {
  const { store, taskDefinitions } = options;
  for (const definition of taskDefinitions) {
    for (const container2 of definition.containers) if (container2.logGroup) store.ensureGroup(container2.logGroup);
  }
  const seen = /* @__PURE__ */ new Set();
  return options.ecs.onTaskStateChange((task) => {
    const arn = task.taskArn ?? "";
    if (seen.has(arn)) return;
    seen.add(arn);
    for (const override of task.overrides?.containerOverrides ?? []) {
      for (const variable of override.environment ?? []) {
        if (variable.name === "TASK_TOKEN" && variable.value) store.addSecret(variable.value);
      }
    }
    const definition = taskDefinitions.find((d) => d.taskDefinitionArn === task.taskDefinitionArn);
    const container2 = definition?.containers.find((c) => c.logGroup);
    if (!container2?.logGroup) return;
    const taskId = arn.slice(arn.lastIndexOf("/") + 1);
    void store.addTaskStream({
      logGroupName: container2.logGroup,
      logStreamName: awslogsStreamName(container2.logStreamPrefix, container2.name, taskId),
      creationTime: task.createdAt instanceof Date ? task.createdAt.getTime() : Date.now(),
      file: join3(options.taskLogDir, `${taskId}.jsonl`)
    });
  });
}

// local/src/logs/log-store.ts
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { join as join4 } from "node:path";

// local/src/logs/filter-pattern.ts
function terms(pattern) {
  const found = [];
  const re = /([?-]?)"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of pattern.matchAll(re)) {
    found.push(match[3] ?? `${match[1]}${match[2].replace(/\\(.)/g, "$1")}`);
  }
  return found;
}
function compileFilterPattern(pattern) {
  const text = pattern?.trim() ?? "";
  if (text === "") return () => true;
  if (text.startsWith("{") || text.startsWith("[")) {
    throw new ServiceError(
      "InvalidParameterException",
      'Invalid filter pattern: the local runtime supports text terms, "phrases", ?any-of and -exclusion, not JSON or space-delimited patterns.'
    );
  }
  const all = terms(text);
  const anyOf = all.filter((t) => t.startsWith("?")).map((t) => t.slice(1)).filter(Boolean);
  const excluded = all.filter((t) => t.startsWith("-") && t.length > 1).map((t) => t.slice(1));
  const required = all.filter((t) => !t.startsWith("?") && !(t.startsWith("-") && t.length > 1));
  return (message) => required.every((t) => message.includes(t)) && (anyOf.length === 0 || anyOf.some((t) => message.includes(t))) && !excluded.some((t) => message.includes(t));
}

// local/src/logs/redaction.ts
var REDACTED = "[redacted task token]";
var MIN_SECRET_LENGTH = 16;
var Redaction = class {
  #secrets = /* @__PURE__ */ new Set();
  add(secret) {
    if (secret.length >= MIN_SECRET_LENGTH) this.#secrets.add(secret);
  }
  apply(message) {
    let text = message;
    for (const secret of this.#secrets) {
      if (text.includes(secret)) text = text.split(secret).join(REDACTED);
    }
    return text;
  }
};

// local/src/logs/task-log-tail.ts
import { open } from "node:fs/promises";
var MAX_READ_BYTES = 8 * 1024 * 1024;
var TaskLogTail = class {
  constructor(file) {
    this.file = file;
  }
  file;
  #offset = 0;
  /** The complete lines written since the previous call (none when the file does not exist yet). */
  async readNew() {
    let handle;
    try {
      handle = await open(this.file, "r");
    } catch {
      return [];
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.#offset) return [];
      const length = Math.min(size - this.#offset, MAX_READ_BYTES);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, this.#offset);
      const text = buffer.subarray(0, bytesRead);
      const end = text.lastIndexOf(10);
      if (end < 0) return [];
      this.#offset += end + 1;
      return parseLines(text.subarray(0, end).toString("utf8"));
    } finally {
      await handle.close();
    }
  }
};
function parseLines(text) {
  const lines = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const raw = JSON.parse(line);
      if (typeof raw.timestamp === "number" && typeof raw.message === "string") lines.push({ timestamp: raw.timestamp, message: raw.message });
    } catch {
    }
  }
  return lines;
}

// local/src/logs/log-store.ts
var LOG_LIMITS = { describe: 50, events: 1e4, responseBytes: 1024 * 1024 };
var INDEX_FILE = "streams.jsonl";
var EVENT_OVERHEAD_BYTES = 26;
var notFound = (what) => new ServiceError("ResourceNotFoundException", `The specified log ${what} does not exist.`);
var invalid2 = (message) => new ServiceError("InvalidParameterException", message);
function encodeToken2(value) {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
function decodeToken2(token, check) {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (check(value)) return value;
  } catch {
  }
  throw invalid2("The specified nextToken is invalid.");
}
function limitOf(limit2, max, name = "limit") {
  if (limit2 === void 0) return max;
  if (!Number.isInteger(limit2) || limit2 < 1 || limit2 > max) {
    throw invalid2(`1 validation error detected: Value '${limit2}' at '${name}' failed to satisfy constraint: Member must have value between 1 and ${max}`);
  }
  return limit2;
}
function groupNameOf(input) {
  if (input.logGroupName && input.logGroupIdentifier) {
    throw invalid2("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  const ref2 = input.logGroupName ?? input.logGroupIdentifier;
  if (!ref2) throw invalid2("Either the log group name or the log group ARN must be specified.");
  const arn = /^arn:aws[\w-]*:logs:[^:]*:\d*:log-group:(.+?)(?::\*)?$/.exec(ref2);
  return arn ? arn[1] : ref2;
}
var LogStore = class _LogStore {
  #dir;
  #options;
  #groups = /* @__PURE__ */ new Map();
  #redaction = new Redaction();
  #streamCount = 0;
  #writes = Promise.resolve();
  constructor(dir, options) {
    this.#dir = dir;
    this.#options = options;
  }
  /** Opens the store in `dir`, loading the streams earlier runtimes registered there. */
  static async open(dir, options) {
    await mkdir(dir, { recursive: true });
    const store = new _LogStore(dir, options);
    let text = "";
    try {
      text = await readFile(join4(dir, INDEX_FILE), "utf8");
    } catch {
    }
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        store.#register(JSON.parse(line));
      } catch {
      }
    }
    return store;
  }
  /** Declares a log group (a task definition's awslogs-group); existing groups are left as they are. */
  ensureGroup(name, creationTime = Date.now()) {
    if (!this.#groups.has(name)) this.#groups.set(name, { name, creationTime, streams: /* @__PURE__ */ new Map() });
  }
  /** Registers a task container's stream and remembers it in the index. */
  addTaskStream(spec) {
    if (this.#groups.get(spec.logGroupName)?.streams.has(spec.logStreamName)) return this.#writes;
    this.#register(spec);
    this.#writes = this.#writes.then(() => appendFile(join4(this.#dir, INDEX_FILE), `${JSON.stringify(spec)}
`)).catch(() => void 0);
    return this.#writes;
  }
  /** A string (a live task token) that must never appear in an event: it is replaced before storing. */
  addSecret(secret) {
    this.#redaction.add(secret);
  }
  /** Waits for index writes (for tests and close). */
  flush() {
    return this.#writes;
  }
  #register(spec) {
    this.ensureGroup(spec.logGroupName, spec.creationTime);
    const group = this.#groups.get(spec.logGroupName);
    if (group.streams.has(spec.logStreamName)) return;
    this.#streamCount += 1;
    group.streams.set(spec.logStreamName, { spec, number: this.#streamCount, tail: new TaskLogTail(spec.file), events: [], storedBytes: 0 });
  }
  /** Reads what the streams' files gained since the last request. */
  async #sync(streams) {
    await Promise.all(
      [...streams].map(async (stream) => {
        const ingestionTime = Date.now();
        for (const line of await stream.tail.readNew()) {
          const message = this.#redaction.apply(line.message);
          const seq = stream.events.length;
          const eventId = `${String(line.timestamp).padStart(16, "0")}${String(stream.number).padStart(10, "0")}${String(seq).padStart(12, "0")}`;
          stream.events.push({ timestamp: line.timestamp, ingestionTime: Math.max(ingestionTime, line.timestamp), message, eventId });
          stream.storedBytes += Buffer.byteLength(message) + EVENT_OVERHEAD_BYTES;
        }
      })
    );
  }
  #group(name) {
    const group = this.#groups.get(name);
    if (!group) throw notFound("group");
    return group;
  }
  #groupArn(name) {
    return `arn:aws:logs:${this.#options.region}:${this.#options.accountId}:log-group:${name}`;
  }
  async describeLogGroups(input) {
    if (input.logGroupNamePrefix && input.logGroupNamePattern) {
      throw invalid2("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
    }
    const limit2 = limitOf(input.limit, LOG_LIMITS.describe);
    const after = input.nextToken ? decodeToken2(input.nextToken, (v) => typeof v?.after === "string").after : void 0;
    const names = [...this.#groups.keys()].filter((name) => !input.logGroupNamePrefix || name.startsWith(input.logGroupNamePrefix)).filter((name) => !input.logGroupNamePattern || name.includes(input.logGroupNamePattern)).sort().filter((name) => after === void 0 || name > after);
    const pageNames = names.slice(0, limit2);
    await this.#sync(pageNames.flatMap((name) => [...this.#group(name).streams.values()]));
    const logGroups = pageNames.map((name) => {
      const group = this.#group(name);
      const storedBytes = [...group.streams.values()].reduce((sum, s) => sum + s.storedBytes, 0);
      return {
        logGroupName: name,
        creationTime: group.creationTime,
        metricFilterCount: 0,
        arn: `${this.#groupArn(name)}:*`,
        logGroupArn: this.#groupArn(name),
        storedBytes,
        logGroupClass: "STANDARD"
      };
    });
    return names.length > limit2 ? { logGroups, nextToken: encodeToken2({ after: pageNames.at(-1) }) } : { logGroups };
  }
  async describeLogStreams(input) {
    const group = this.#group(groupNameOf(input));
    const orderBy = input.orderBy ?? "LogStreamName";
    if (orderBy === "LastEventTime" && input.logStreamNamePrefix) {
      throw invalid2("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    const limit2 = limitOf(input.limit, LOG_LIMITS.describe);
    const offset = input.nextToken ? decodeToken2(input.nextToken, (v) => Number.isInteger(v?.offset)).offset : 0;
    const streams = [...group.streams.values()].filter((s) => !input.logStreamNamePrefix || s.spec.logStreamName.startsWith(input.logStreamNamePrefix));
    await this.#sync(streams);
    const key = (s) => orderBy === "LastEventTime" ? s.events.at(-1)?.timestamp ?? 0 : s.spec.logStreamName;
    streams.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = x < y ? -1 : x > y ? 1 : 0;
      return input.descending ? -order : order;
    });
    const logStreams = streams.slice(offset, offset + limit2).map((s) => this.#streamInfo(group.name, s));
    return offset + limit2 < streams.length ? { logStreams, nextToken: encodeToken2({ offset: offset + limit2 }) } : { logStreams };
  }
  #streamInfo(groupName, stream) {
    const first = stream.events[0];
    const last = stream.events.at(-1);
    return {
      logStreamName: stream.spec.logStreamName,
      creationTime: stream.spec.creationTime,
      ...first ? { firstEventTimestamp: first.timestamp } : {},
      ...last ? { lastEventTimestamp: last.timestamp, lastIngestionTime: last.ingestionTime } : {},
      arn: `${this.#groupArn(groupName)}:log-stream:${stream.spec.logStreamName}`,
      // AWS has reported 0 here since 2019 (the field is deprecated for streams).
      storedBytes: 0
    };
  }
  /**
   * One stream's events. Tokens are positions: `f/<n>` reads forward from event n, `b/<n>` backward
   * before it; at the end of the stream the same forward token comes back (how clients know to wait).
   */
  async getLogEvents(input) {
    const group = this.#group(groupNameOf(input));
    const stream = group.streams.get(input.logStreamName ?? "");
    if (!stream) throw notFound("stream");
    const limit2 = limitOf(input.limit, LOG_LIMITS.events);
    await this.#sync([stream]);
    const events = stream.events.filter(
      (e) => (input.startTime === void 0 || e.timestamp >= input.startTime) && (input.endTime === void 0 || e.timestamp < input.endTime)
    );
    let from;
    let to;
    const token = input.nextToken ? /^([fb])\/(\d{20})$/.exec(input.nextToken) : void 0;
    if (input.nextToken && !token) throw invalid2("The specified nextToken is invalid.");
    if (token?.[1] === "f") {
      from = Math.min(Number(token[2]), events.length);
      to = fitting(events, from, limit2, 1);
    } else if (token?.[1] === "b") {
      to = Math.min(Number(token[2]), events.length);
      from = fitting(events, to, limit2, -1);
    } else if (input.startFromHead) {
      from = 0;
      to = fitting(events, 0, limit2, 1);
    } else {
      to = events.length;
      from = fitting(events, to, limit2, -1);
    }
    const position = (n) => String(n).padStart(20, "0");
    return {
      events: events.slice(from, to).map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
      nextForwardToken: `f/${position(to)}`,
      nextBackwardToken: `b/${position(from)}`
    };
  }
  /** Events of a group's streams, interleaved in time order, paged with an opaque nextToken. */
  async filterLogEvents(input) {
    const group = this.#group(groupNameOf(input));
    if (input.logStreamNames && input.logStreamNamePrefix) {
      throw invalid2("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
    }
    const limit2 = limitOf(input.limit, LOG_LIMITS.events);
    const matches2 = compileFilterPattern(input.filterPattern);
    let streams = [...group.streams.values()];
    if (input.logStreamNames) {
      const names = new Set(input.logStreamNames);
      if (![...names].every((name) => group.streams.has(name))) throw notFound("stream");
      streams = streams.filter((s) => names.has(s.spec.logStreamName));
    }
    if (input.logStreamNamePrefix) streams = streams.filter((s) => s.spec.logStreamName.startsWith(input.logStreamNamePrefix));
    const after = input.nextToken ? decodeToken2(input.nextToken, (v) => typeof v?.after === "string").after : void 0;
    await this.#sync(streams);
    const found = [];
    for (const stream of streams) {
      for (const event of stream.events) {
        if (input.startTime !== void 0 && event.timestamp < input.startTime) continue;
        if (input.endTime !== void 0 && event.timestamp > input.endTime) continue;
        if (after !== void 0 && event.eventId <= after) continue;
        if (!matches2(event.message)) continue;
        found.push({ logStreamName: stream.spec.logStreamName, timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime, eventId: event.eventId });
      }
    }
    found.sort((a, b) => a.eventId < b.eventId ? -1 : 1);
    const end = fitting(found, 0, limit2, 1);
    const events = found.slice(0, end);
    const more = end < found.length;
    return {
      events,
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.spec.logStreamName, searchedCompletely: !more })),
      ...more ? { nextToken: encodeToken2({ after: events.at(-1).eventId }) } : {}
    };
  }
};
function fitting(events, start, limit2, step) {
  let bytes = 0;
  let index = start;
  let count = 0;
  while (count < limit2 && (step === 1 ? index < events.length : index > 0)) {
    const event = events[step === 1 ? index : index - 1];
    bytes += Buffer.byteLength(event.message ?? "") + EVENT_OVERHEAD_BYTES;
    if (bytes > LOG_LIMITS.responseBytes && count > 0) break;
    index += step;
    count += 1;
  }
  return index;
}

// local/src/api/server.ts
import { createServer } from "node:http";

// local/src/api/aws-json/dispatch.ts
import { randomUUID as randomUUID4 } from "node:crypto";

// local/src/api/aws-json/wire.ts
function toWireValue(value) {
  if (value instanceof Date) return value.getTime() / 1e3;
  if (Array.isArray(value)) return value.map(toWireValue);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== void 0) out[key] = toWireValue(member);
    }
    return out;
  }
  return value;
}

// local/src/api/aws-json/dispatch.ts
var MAX_BODY_BYTES = 1024 * 1024;
var BodyTooLarge = class extends Error {
};
async function readBody(req, limit2) {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit2) throw new BodyTooLarge();
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit2) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
function send(res, status, contentType, body, errorType) {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": randomUUID4(),
    ...errorType ? { "x-amzn-errortype": errorType } : {}
  });
  res.end(text);
}
function sendError(res, contentType, error) {
  const status = error.fault === "server" ? 500 : 400;
  send(res, status, contentType, { __type: error.code, message: error.message }, error.code);
}
function missingMembers(input, required) {
  const missing = required.filter((member) => input[member] === void 0 || input[member] === null);
  if (missing.length === 0) return void 0;
  const details = missing.map((m) => `Value null at '${m}' failed to satisfy constraint: Member must not be null`);
  return new ServiceError("ValidationException", `${missing.length} validation error${missing.length > 1 ? "s" : ""} detected: ${details.join("; ")}`);
}
function jsonType(value) {
  if (Array.isArray(value)) return "list";
  if (typeof value === "object") return "structure";
  return typeof value;
}
function mistypedMember(input, types) {
  for (const [member, expected] of Object.entries(types ?? {})) {
    if (expected === void 0) continue;
    const value = input[member];
    if (value === void 0 || value === null) continue;
    const actual = jsonType(value);
    if (actual !== expected) return new ServiceError("SerializationException", `Unexpected ${actual} for member ${member}: expected a ${expected}`);
  }
  return void 0;
}
async function dispatchAwsJson(req, res, services, onUnexpected = () => void 0) {
  const target = String(req.headers["x-amz-target"] ?? "");
  const [prefix, operationName] = target.split(".", 2);
  const service = services.find((s) => s.targetPrefix === prefix);
  const contentType = service?.contentType ?? "application/x-amz-json-1.0";
  try {
    if (req.method !== "POST" || (req.url ?? "/").split("?")[0] !== "/") {
      req.resume();
      throw new ServiceError("UnknownOperationException", `Only POST / is served (got ${req.method} ${req.url})`);
    }
    const operation = service && operationName ? service.operations[operationName] : void 0;
    if (!operation || !Object.hasOwn(service.operations, operationName)) {
      req.resume();
      throw new ServiceError("UnknownOperationException", target ? `Unknown operation ${target}` : "Missing X-Amz-Target header");
    }
    let text;
    try {
      text = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader("connection", "close");
        throw new ServiceError("SerializationException", `Request body is larger than ${MAX_BODY_BYTES} bytes`);
      }
      throw error;
    }
    let input;
    try {
      input = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      throw new ServiceError("SerializationException", "Request body is not valid JSON");
    }
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      throw new ServiceError("SerializationException", "Request body must be a JSON object");
    }
    const invalid3 = mistypedMember(input, operation.types) ?? missingMembers(input, operation.required);
    if (invalid3) throw invalid3;
    const output = await operation.handle(input);
    send(res, 200, contentType, toWireValue(output ?? {}));
  } catch (error) {
    if (error instanceof ServiceError) {
      sendError(res, contentType, error);
    } else {
      onUnexpected(error);
      sendError(res, contentType, new ServiceError("InternalFailure", "The request processing has failed because of an unknown error.", "server"));
    }
  }
}

// local/src/api/server.ts
async function startApiServer(options) {
  const server = createServer((req, res) => {
    void dispatchAwsJson(req, res, options.services, options.onUnexpectedError);
  });
  server.keepAliveTimeout = 5e3;
  await new Promise((resolve3, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve3();
    });
  });
  const { port } = server.address();
  let closed;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close() {
      closed ??= new Promise((resolve3) => {
        server.close(() => resolve3());
        server.closeAllConnections();
      });
      return closed;
    }
  };
}

// local/src/api/stepfunctions/operations.ts
function stepFunctionsService(api, extras = {}) {
  const { testState: testState2 } = extras;
  return {
    targetPrefix: "AWSStepFunctions",
    contentType: "application/x-amz-json-1.0",
    operations: {
      CreateStateMachine: defineOperation(["name", "definition", "roleArn"], (input) => api.createStateMachine(input), { name: "string", definition: "string", roleArn: "string", type: "string", loggingConfiguration: "structure", tracingConfiguration: "structure", tags: "list", publish: "boolean", versionDescription: "string" }),
      DescribeStateMachine: defineOperation(["stateMachineArn"], (input) => api.describeStateMachine(input), { stateMachineArn: "string", includedData: "string" }),
      ListStateMachines: defineOperation([], (input) => api.listStateMachines(input), { maxResults: "number", nextToken: "string" }),
      DeleteStateMachine: defineOperation(["stateMachineArn"], (input) => api.deleteStateMachine(input), { stateMachineArn: "string" }),
      StartExecution: defineOperation(["stateMachineArn"], (input) => api.startExecution(input), { stateMachineArn: "string", name: "string", input: "string", traceHeader: "string" }),
      DescribeExecution: defineOperation(["executionArn"], (input) => api.describeExecution(input), { executionArn: "string", includedData: "string" }),
      StopExecution: defineOperation(["executionArn"], (input) => api.stopExecution(input), { executionArn: "string", error: "string", cause: "string" }),
      ListExecutions: defineOperation([], (input) => api.listExecutions(input), { stateMachineArn: "string", statusFilter: "string", maxResults: "number", nextToken: "string", mapRunArn: "string", redriveFilter: "string" }),
      GetExecutionHistory: defineOperation(["executionArn"], (input) => api.getExecutionHistory(input), { executionArn: "string", maxResults: "number", reverseOrder: "boolean", nextToken: "string", includeExecutionData: "boolean" }),
      SendTaskSuccess: defineOperation(["taskToken", "output"], (input) => api.sendTaskSuccess(input), { taskToken: "string", output: "string" }),
      SendTaskFailure: defineOperation(["taskToken"], (input) => api.sendTaskFailure(input), { taskToken: "string", error: "string", cause: "string" }),
      SendTaskHeartbeat: defineOperation(["taskToken"], (input) => api.sendTaskHeartbeat(input), { taskToken: "string" }),
      ...testState2 ? { TestState: defineOperation(["definition"], (input) => testState2(input), { definition: "string", roleArn: "string", input: "string", inspectionLevel: "string", revealSecrets: "boolean", stateName: "string", variables: "string", mock: "structure", context: "string", stateConfiguration: "structure" }) } : {}
    }
  };
}

// local/src/engine/clock.ts
function abortableSleep(ms, signal) {
  return new Promise((resolve3, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve3();
    }, Math.max(0, ms));
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
function systemClock() {
  return { now: () => Date.now(), sleep: abortableSleep, random: () => Math.random() };
}

// local/src/engine/execution-env.ts
function newLane(signal, previousEventId) {
  return { signal, cursor: { last: previousEventId }, retryCounts: /* @__PURE__ */ new Map() };
}

// local/src/engine/limits.ts
var AWS_LIMITS = { maxPayloadBytes: 262144, maxHistoryEvents: 25e3 };
function resolveLimits(limits) {
  return { ...AWS_LIMITS, ...limits };
}

// local/src/engine/history.ts
var NOT_TRUNCATED = { truncated: false };
function detailsKey(type) {
  if (type.endsWith("StateEntered")) return "stateEnteredEventDetails";
  if (type.endsWith("StateExited")) return "stateExitedEventDetails";
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}
var CLOSING_EVENTS = /* @__PURE__ */ new Set(["ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"]);
var HistoryWriter = class {
  constructor(onEvent, clock, maxEvents = AWS_LIMITS.maxHistoryEvents) {
    this.onEvent = onEvent;
    this.clock = clock;
    this.maxEvents = maxEvents;
  }
  onEvent;
  clock;
  maxEvents;
  #nextId = 1;
  #exceeded;
  /** Set once the history is full: the error the execution fails with. */
  get exceeded() {
    return this.#exceeded;
  }
  /** Id of the newest event written. */
  get lastId() {
    return this.#nextId - 1;
  }
  /** Writes one event after `cursor.last` and moves the cursor to it; returns the new id. */
  emit(cursor, type, details) {
    if (!CLOSING_EVENTS.has(type) && this.#nextId >= this.maxEvents) {
      this.#exceeded ??= new StatesError(
        STATES_ERRORS.Runtime,
        // AWS's words, recorded by a third party (floci-io/floci #2734): ExecutionFailed is event 25,000.
        `The execution reached the maximum number of history events (${this.maxEvents}).`
      );
      throw this.#exceeded;
    }
    const id = this.#nextId++;
    const event = {
      id,
      previousEventId: cursor.last,
      timestamp: new Date(this.clock.now()),
      type,
      ...details ? { [detailsKey(type)]: details } : {}
    };
    cursor.last = id;
    this.onEvent(event);
    return id;
  }
};

// local/src/engine/interruption.ts
var INTERRUPTIONS = {
  /** StopExecution. */
  stopped: "stopped",
  /** The execution's own TimeoutSeconds. */
  timedOut: "timedOut",
  /** A Parallel branch or Map iteration next to this one failed. */
  siblingFailed: "siblingFailed"
};
var Interrupted = class extends Error {
  constructor(kind) {
    super(`Execution interrupted: ${kind}`);
    this.kind = kind;
  }
  kind;
  name = "Interrupted";
};
function childSignal(parent) {
  const controller = new AbortController();
  return { signal: AbortSignal.any([parent, controller.signal]), abort: (reason) => controller.abort(reason) };
}
function raceSignal(promise, signal) {
  promise.catch(() => void 0);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve3, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve3(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      }
    );
  });
}
var JOB_STOP_GRACE_MS = 13e4;
function settleOnAbort(promise, signal, sleep, graceMs = JOB_STOP_GRACE_MS) {
  promise.catch(() => void 0);
  return new Promise((resolve3, reject) => {
    let aborting = false;
    const onAbort = () => {
      aborting = true;
      const grace = new AbortController();
      void Promise.race([promise.then(() => void 0, () => void 0), sleep(graceMs, grace.signal).catch(() => void 0)]).then(() => {
        grace.abort();
        reject(signal.reason);
      });
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (!aborting) resolve3(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        if (!aborting) reject(error);
      }
    );
  });
}

// local/src/engine/payload-limit.ts
var MAX_PAYLOAD_BYTES = AWS_LIMITS.maxPayloadBytes;
function serialisePayload(value, what, maxBytes = MAX_PAYLOAD_BYTES) {
  const text = JSON.stringify(value) ?? "null";
  const over = text.length > maxBytes || text.length * 3 > maxBytes && Buffer.byteLength(text, "utf8") > maxBytes;
  if (over) {
    throw new StatesError(
      STATES_ERRORS.DataLimitExceeded,
      `The ${what} has a size of ${Buffer.byteLength(text, "utf8")} bytes, over the limit of ${maxBytes} bytes.`
    );
  }
  return text;
}
var PREVIEW_CHARS = 1024;
function preview(value) {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}\u2026` : text;
}

// local/src/integrations/resource-arn.ts
var SERVICE_PREFIX = /^arn:[\w-]+:states:::/;
var SERVICE_ACTION = /^([A-Za-z0-9-]+):([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*?)(\.sync(?::\d+)?|\.waitForTaskToken)?$/;
var OTHER_ARN = /^arn:[\w-]+:([\w-]+):/;
function parseResourceArn(resource) {
  const serviceArn = resource.replace(SERVICE_PREFIX, "");
  const match = SERVICE_ACTION.exec(serviceArn);
  if (match && (serviceArn !== resource || !OTHER_ARN.test(resource))) {
    const [, service2 = "", action = "", suffix] = match;
    const pattern = suffix === void 0 ? "request-response" : suffix.startsWith(".sync") ? "sync" : "waitForTaskToken";
    return { serviceAction: `${service2}:${action}`, pattern, resourceType: service2, resource: `${action}${suffix ?? ""}` };
  }
  const service = OTHER_ARN.exec(resource)?.[1] ?? "unknown";
  return { serviceAction: resource, pattern: "request-response", resourceType: service, resource };
}

// local/src/engine/context-object.ts
function stateContext(execution, executionInput, state) {
  return {
    Execution: {
      Id: execution.executionArn,
      Input: executionInput,
      Name: execution.executionName,
      RoleArn: execution.roleArn,
      StartTime: execution.startTime,
      RedriveCount: 0
    },
    StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineName },
    State: { Name: state.name, EnteredTime: state.enteredTime, RetryCount: state.retryCount }
  };
}
function withTaskToken(context, token) {
  return { ...context, Task: { Token: token } };
}
function withMapItem(context, index, value) {
  return { ...context, Map: { Item: { Index: index, Value: value } } };
}

// local/src/engine/error-matching.ts
var UNCATCHABLE = /* @__PURE__ */ new Set([STATES_ERRORS.Runtime, STATES_ERRORS.DataLimitExceeded]);
var TIMEOUTS = /* @__PURE__ */ new Set([STATES_ERRORS.Timeout, STATES_ERRORS.HeartbeatTimeout]);
function isCatchable(error) {
  return error === null || !UNCATCHABLE.has(error);
}
function errorMatches(errorEquals, error) {
  if (!isCatchable(error)) return false;
  return errorEquals.some((name) => {
    if (name === STATES_ERRORS.ALL) return true;
    if (name === STATES_ERRORS.TaskFailed) return error === null || !TIMEOUTS.has(error);
    if (name === STATES_ERRORS.Timeout && error === STATES_ERRORS.HeartbeatTimeout) return true;
    return name === error;
  });
}

// local/src/engine/query/jsonata.ts
import { createHash as createHash2, randomUUID as randomUUID5 } from "node:crypto";
import jsonata2 from "jsonata";
var EXPRESSION2 = /^\s*\{%([\s\S]*)%\}\s*$/;
var compiled2 = /* @__PURE__ */ new Map();
var MAX_COMPILED = 5e3;
var HASH_ALGORITHMS2 = {
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512"
};
function isJsonataExpression(value) {
  return typeof value === "string" && EXPRESSION2.test(value);
}
function compileJsonata(text) {
  const source = (EXPRESSION2.exec(text)?.[1] ?? text).trim();
  let expression = compiled2.get(source);
  if (!expression) {
    try {
      expression = jsonata2(source);
    } catch (error) {
      throw new StatesError(STATES_ERRORS.QueryEvaluationError, `Invalid JSONata expression '${source}': ${error.message}`);
    }
    if (compiled2.size >= MAX_COMPILED) compiled2.clear();
    compiled2.set(source, expression);
  }
  return expression;
}
function stepFunctionsFunctions(random) {
  return {
    partition: (array, size) => {
      if (!Array.isArray(array) || !Number.isInteger(size) || size <= 0) {
        throw new Error("$partition expects an array and a positive integer size");
      }
      const chunks = [];
      for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
      return chunks;
    },
    // The end is included, as measured on AWS: $range(0, 6, 2) = [0, 2, 4, 6].
    range: (start, end, step = 1) => {
      if (step === 0) throw new Error("$range step must not be 0");
      const out = [];
      for (let value = start; step > 0 ? value <= end : value >= end; value += step) {
        out.push(value);
        if (out.length > 1e3) throw new Error("$range produces more than 1000 elements");
      }
      return out;
    },
    hash: (value, algorithm) => {
      const name = HASH_ALGORITHMS2[algorithm];
      if (!name) throw new Error(`$hash algorithm must be one of ${Object.keys(HASH_ALGORITHMS2).join(", ")}`);
      return createHash2(name).update(typeof value === "string" ? value : JSON.stringify(value)).digest("hex");
    },
    random: (seed) => seed === void 0 ? random() : javaRandomDouble(seed),
    uuid: () => randomUUID5(),
    parse: (text) => JSON.parse(text),
    // Step Functions does not offer $eval (reference section 9).
    eval: () => {
      throw new Error("$eval is not available in Step Functions");
    }
  };
}
async function evaluateExpression(text, states, scope) {
  const expression = compileJsonata(text);
  const bindings = {
    ...scope.variables,
    ...stepFunctionsFunctions(scope.random),
    states: { ...states, context: scope.context }
  };
  let value;
  try {
    value = await expression.evaluate(states.input, bindings);
  } catch (error) {
    const message = error.message ?? String(error);
    throw new StatesError(STATES_ERRORS.QueryEvaluationError, `The JSONata expression '${text}' failed: ${message}`);
  }
  if (value === void 0) {
    throw new StatesError(STATES_ERRORS.QueryEvaluationError, `The JSONata expression '${text}' returned nothing (undefined)`);
  }
  return normalise(value);
}
function normalise(value) {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) out[key] = normalise(item);
    return out;
  }
  if (typeof value === "function") return void 0;
  return value;
}
async function evaluateTemplate(template, states, scope) {
  if (isJsonataExpression(template)) return evaluateExpression(template, states, scope);
  if (Array.isArray(template)) {
    const out = [];
    for (const item of template) out.push(await evaluateTemplate(item, states, scope));
    return out;
  }
  if (template !== null && typeof template === "object") {
    const out = {};
    for (const [key, value] of Object.entries(template)) out[key] = await evaluateTemplate(value, states, scope);
    return out;
  }
  return template;
}

// local/src/engine/query/query-language.ts
var PRODUCES_RESULT = /* @__PURE__ */ new Set(["Task", "Map", "Parallel"]);

// local/src/engine/query/jsonata-strategy.ts
var TAKES_ARGUMENTS = /* @__PURE__ */ new Set(["Task", "Parallel"]);
var jsonataStrategy = {
  name: "JSONata",
  async effectiveInput(state, rawInput, scope) {
    if (TAKES_ARGUMENTS.has(state.Type) && "Arguments" in state && state.Arguments !== void 0) {
      return evaluateTemplate(state.Arguments, { input: rawInput }, scope);
    }
    return rawInput;
  },
  async stateOutput(state, rawInput, result, scope) {
    const states = PRODUCES_RESULT.has(state.Type) ? { input: rawInput, result } : { input: rawInput };
    const assignTemplate = "Assign" in state ? state.Assign : void 0;
    const assigned = assignTemplate ? await evaluateTemplate(assignTemplate, states, scope) : void 0;
    const outputTemplate = "Output" in state ? state.Output : void 0;
    const output = outputTemplate === void 0 ? result : await evaluateTemplate(outputTemplate, states, scope);
    return { output, assigned };
  },
  async catchOutput(catcher, rawInput, errorOutput2, scope) {
    const states = { input: rawInput, errorOutput: errorOutput2 };
    const assigned = catcher.Assign ? await evaluateTemplate(catcher.Assign, states, scope) : void 0;
    const output = catcher.Output === void 0 ? errorOutput2 : await evaluateTemplate(catcher.Output, states, scope);
    return { output, assigned };
  },
  async fieldValue(literal, _path, io, scope) {
    return evaluateTemplate(literal, { input: io.rawInput }, scope);
  },
  async template(template, rawInput, scope) {
    return evaluateTemplate(template, { input: rawInput }, scope);
  }
};

// local/src/engine/query/jsonpath.ts
import { JSONPath } from "jsonpath-plus";
var PathNotFound = class extends Error {
  constructor(path) {
    super(`Invalid path '${path}': No results for path: $['${path}']`);
    this.path = path;
  }
  path;
  name = "PathNotFound";
};
var VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;
var SIMPLE_SEGMENTS = /^(?:\.[^.[\]*@?,:()'"\s]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\])*$/;
function simpleSegments(rest) {
  if (!SIMPLE_SEGMENTS.test(rest)) return void 0;
  const segments = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g;
  for (let match = re.exec(rest); match; match = re.exec(rest)) {
    if (match[1] !== void 0) segments.push(match[1]);
    else if (match[2] !== void 0) segments.push(Number(match[2]));
    else segments.push(match[3] ?? match[4]);
  }
  return segments;
}
function readSegments(root, segments, path) {
  let current = root;
  for (const segment of segments) {
    if (typeof segment === "number") {
      if (!Array.isArray(current) || segment >= current.length) throw new PathNotFound(path);
      current = current[segment];
    } else {
      if (typeof current !== "object" || current === null || Array.isArray(current) || !Object.hasOwn(current, segment)) {
        throw new PathNotFound(path);
      }
      current = current[segment];
    }
  }
  return current;
}
function resolveRoot(path, input, scope) {
  if (path.startsWith("$$")) return { root: scope.context, rest: path.slice(2) };
  const variable = VARIABLE.exec(path);
  if (variable) {
    const name = variable[1];
    if (!Object.hasOwn(scope.variables, name)) throw new PathNotFound(path);
    return { root: scope.variables[name], rest: path.slice(variable[0].length) };
  }
  if (!path.startsWith("$")) throw new StatesError(STATES_ERRORS.Runtime, `Invalid JSONPath '${path}': it must start with '$'`);
  return { root: input, rest: path.slice(1) };
}
function readPath2(path, input, scope) {
  const { root, rest } = resolveRoot(path, input, scope);
  const segments = simpleSegments(rest);
  if (segments) return readSegments(root, segments, path);
  if (root === null || typeof root !== "object") throw new PathNotFound(path);
  return JSONPath({ path: `$${rest}`, json: root, wrap: true, resultType: "value" });
}
function evaluateArgument(argument, input, scope) {
  switch (argument.kind) {
    case "literal":
      return argument.value;
    case "path":
      try {
        return readPath2(argument.path, input, scope);
      } catch (error) {
        if (error instanceof PathNotFound) {
          throw new StatesError(STATES_ERRORS.IntrinsicFailure, `The path '${argument.path}' could not be found in the input`);
        }
        throw error;
      }
    case "call":
      return callIntrinsic(
        argument.name,
        argument.args.map(
          (arg) => (
            // Only States.Format gives `\{` and `\}` a meaning; elsewhere they are plain braces.
            arg.kind === "literal" && typeof arg.value === "string" && argument.name !== "States.Format" ? arg.value.replace(/\\([{}])/g, "$1") : evaluateArgument(arg, input, scope)
          )
        ),
        scope.random
      );
  }
}
function evaluateDynamicValue(expression, input, scope) {
  if (isIntrinsicCall(expression)) return evaluateArgument(parseIntrinsic(expression.trim()), input, scope);
  return readPath2(expression, input, scope);
}
function evaluatePayloadTemplate(template, input, scope) {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, input, scope));
  if (template === null || typeof template !== "object") return template;
  const out = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$") && typeof value === "string") {
      try {
        out[key.slice(0, -2)] = evaluateDynamicValue(value, input, scope);
      } catch (error) {
        if (error instanceof PathNotFound) {
          throw new StatesError(
            STATES_ERRORS.Runtime,
            `The JSONPath '${value}' specified for the field '${key}' could not be found in the input '${preview(input)}'`
          );
        }
        throw error;
      }
    } else {
      out[key] = evaluatePayloadTemplate(value, input, scope);
    }
  }
  return out;
}
function applyPath(path, value, scope, field) {
  if (path === void 0 || path === "$") return value;
  if (path === null) return {};
  try {
    return readPath2(path, value, scope);
  } catch (error) {
    if (error instanceof PathNotFound) {
      throw new StatesError(STATES_ERRORS.Runtime, `Invalid path '${path}' : ${field} could not be applied to '${preview(value)}': No results for path`);
    }
    throw error;
  }
}
function applyResultPath(resultPath, input, result) {
  if (resultPath === void 0 || resultPath === "$") return result;
  if (resultPath === null) return input;
  const segments = resultPath.startsWith("$") ? simpleSegments(resultPath.slice(1)) : void 0;
  if (!segments) throw new StatesError(STATES_ERRORS.ResultPathMatchFailure, `Invalid ResultPath '${resultPath}': it must be a reference path`);
  const mismatch = () => new StatesError(
    STATES_ERRORS.ResultPathMatchFailure,
    `Unable to apply ResultPath '${resultPath}' to input '${preview(input)}'`
  );
  if (typeof input !== "object" || input === null) throw mismatch();
  const root = structuredClone(input);
  let current = root;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) {
      current[segment] = result;
      return;
    }
    const next = current[segment];
    if (next === void 0) current[segment] = {};
    else if (typeof next !== "object" || next === null) throw mismatch();
    current = current[segment];
  });
  return root;
}

// local/src/engine/query/jsonpath-strategy.ts
var TAKES_PARAMETERS = /* @__PURE__ */ new Set(["Task", "Pass", "Parallel"]);
var HAS_RESULT_PATH = /* @__PURE__ */ new Set(["Task", "Pass", "Parallel", "Map"]);
function assign(template, value, scope) {
  if (!template) return void 0;
  return evaluatePayloadTemplate(template, value, scope);
}
var jsonPathStrategy = {
  name: "JSONPath",
  async effectiveInput(state, rawInput, scope) {
    if (state.Type === "Fail") return rawInput;
    const input = applyPath(state.InputPath, rawInput, scope, "InputPath");
    if (TAKES_PARAMETERS.has(state.Type) && "Parameters" in state && state.Parameters !== void 0) {
      return evaluatePayloadTemplate(state.Parameters, input, scope);
    }
    return input;
  },
  async stateOutput(state, rawInput, result, scope) {
    if (state.Type === "Fail") return { output: result };
    let selected = result;
    if (PRODUCES_RESULT.has(state.Type) && "ResultSelector" in state && state.ResultSelector) {
      selected = evaluatePayloadTemplate(state.ResultSelector, result, scope);
    }
    const assigned = assign(state.Assign, selected, scope);
    const combined = HAS_RESULT_PATH.has(state.Type) ? applyResultPath(state.ResultPath, rawInput, selected) : selected;
    return { output: applyPath(state.OutputPath, combined, scope, "OutputPath"), assigned };
  },
  async catchOutput(catcher, rawInput, errorOutput2, scope) {
    const assigned = assign(catcher.Assign, errorOutput2, scope);
    return { output: applyResultPath(catcher.ResultPath, rawInput, errorOutput2), assigned };
  },
  async fieldValue(literal, path, io, scope) {
    if (path === void 0) return literal;
    try {
      return evaluateDynamicValue(path, io.effectiveInput, scope);
    } catch (error) {
      if (error instanceof PathNotFound) {
        throw new StatesError(STATES_ERRORS.Runtime, `Invalid path '${path}': No results for path in '${preview(io.effectiveInput)}'`);
      }
      throw error;
    }
  },
  async template(template, rawInput, scope) {
    return evaluatePayloadTemplate(template, rawInput, scope);
  }
};

// local/src/engine/retry.ts
var RETRY_DEFAULTS = {
  /** Seconds before the first retry. */
  intervalSeconds: 1,
  maxAttempts: 3,
  backoffRate: 2
};
function retryDelaySeconds(retrier, attempt, random) {
  const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.intervalSeconds;
  const backoff = retrier.BackoffRate ?? RETRY_DEFAULTS.backoffRate;
  let delay = interval * backoff ** Math.max(0, attempt - 1);
  if (retrier.MaxDelaySeconds !== void 0) delay = Math.min(delay, retrier.MaxDelaySeconds);
  return retrier.JitterStrategy === "FULL" ? random() * delay : delay;
}
function maxAttempts(retrier) {
  return retrier.MaxAttempts ?? RETRY_DEFAULTS.maxAttempts;
}

// local/src/engine/states/choice-rules.ts
var OPS = ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"];
var ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
function isTimestamp(value) {
  return typeof value === "string" && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}
function typed(kind, value) {
  switch (kind) {
    case "String":
      return typeof value === "string" ? value : void 0;
    case "Numeric":
      return typeof value === "number" ? value : void 0;
    case "Boolean":
      return typeof value === "boolean" ? value : void 0;
    case "Timestamp":
      return isTimestamp(value) ? Date.parse(value) : void 0;
  }
}
function compare(op, a, b) {
  switch (op) {
    case "Equals":
      return a === b;
    case "LessThan":
      return a < b;
    case "GreaterThan":
      return a > b;
    case "LessThanEquals":
      return a <= b;
    case "GreaterThanEquals":
      return a >= b;
  }
}
function wildcardMatch(value, pattern) {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\" && i + 1 < pattern.length) {
      source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else if (ch === "*") {
      source += "[\\s\\S]*";
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`).test(value);
}
function read(path, input, scope) {
  try {
    return { found: true, value: readPath2(path, input, scope) };
  } catch (error) {
    if (error instanceof PathNotFound) return { found: false };
    throw error;
  }
}
function evaluateChoiceRule(rule, input, scope) {
  if (rule.And) return rule.And.every((r) => evaluateChoiceRule(r, input, scope));
  if (rule.Or) return rule.Or.some((r) => evaluateChoiceRule(r, input, scope));
  if (rule.Not) return !evaluateChoiceRule(rule.Not, input, scope);
  if (rule.Variable === void 0) throw new StatesError(STATES_ERRORS.Runtime, "A Choice rule has no Variable");
  const variable = read(rule.Variable, input, scope);
  if (rule.IsPresent !== void 0) return variable.found === rule.IsPresent;
  if (!variable.found) {
    throw new StatesError(
      STATES_ERRORS.Runtime,
      `Invalid path '${rule.Variable}': The choice state's condition path references an invalid value.`
    );
  }
  const value = variable.value;
  if (rule.IsNull !== void 0) return value === null === rule.IsNull;
  if (rule.IsNumeric !== void 0) return typeof value === "number" === rule.IsNumeric;
  if (rule.IsString !== void 0) return typeof value === "string" === rule.IsString;
  if (rule.IsBoolean !== void 0) return typeof value === "boolean" === rule.IsBoolean;
  if (rule.IsTimestamp !== void 0) return isTimestamp(value) === rule.IsTimestamp;
  if (rule.StringMatches !== void 0) {
    return typeof value === "string" && typeof rule.StringMatches === "string" && wildcardMatch(value, rule.StringMatches);
  }
  for (const kind of ["String", "Numeric", "Boolean", "Timestamp"]) {
    for (const op of OPS) {
      if (kind === "Boolean" && op !== "Equals") continue;
      const literalKey = `${kind}${op}`;
      const pathKey = `${literalKey}Path`;
      if (rule[literalKey] === void 0 && rule[pathKey] === void 0) continue;
      let expected = rule[literalKey];
      if (rule[pathKey] !== void 0) {
        const other = read(String(rule[pathKey]), input, scope);
        if (!other.found) {
          throw new StatesError(STATES_ERRORS.Runtime, `Invalid path '${String(rule[pathKey])}': The choice state's condition path references an invalid value.`);
        }
        expected = other.value;
      }
      const a = typed(kind, value);
      const b = typed(kind, expected);
      return a !== void 0 && b !== void 0 && compare(op, a, b);
    }
  }
  throw new StatesError(STATES_ERRORS.Runtime, `A Choice rule on '${rule.Variable}' has no comparison operator`);
}

// local/src/engine/states/choice.ts
async function matches(rule, input, env) {
  if (env.query.name === "JSONPath") return evaluateChoiceRule(rule, input, env.scope);
  if (typeof rule.Condition === "boolean") return rule.Condition;
  const value = await evaluateExpression(String(rule.Condition), { input: env.rawInput }, env.scope);
  if (typeof value !== "boolean") {
    throw new StatesError(STATES_ERRORS.QueryEvaluationError, `The Condition '${String(rule.Condition)}' returned ${preview(value)}, not a boolean`);
  }
  return value;
}
async function runChoice(state, input, env) {
  for (const rule of state.Choices) {
    if (!await matches(rule, input, env)) continue;
    const assigned = rule.Assign ? await env.query.template(rule.Assign, input, env.scope) : void 0;
    const output = rule.Output !== void 0 ? { value: await env.query.template(rule.Output, input, env.scope) } : void 0;
    return { result: input, next: rule.Next, assigned, output };
  }
  if (state.Default !== void 0) return { result: input, next: state.Default };
  throw new StatesError(STATES_ERRORS.NoChoiceMatched, `No Choice rule matched and no Default is set in the Choice state '${env.stateName}'.`);
}

// local/src/engine/states/fail.ts
async function runFail(state, input, env) {
  const io = { rawInput: env.rawInput, effectiveInput: input };
  const error = await env.query.fieldValue(state.Error, state.ErrorPath, io, env.scope);
  const cause = await env.query.fieldValue(state.Cause, state.CausePath, io, env.scope);
  for (const [field, value] of [["Error", error], ["Cause", cause]]) {
    if (value !== void 0 && typeof value !== "string") {
      throw new StatesError(STATES_ERRORS.Runtime, `The Fail state's ${field} must be a string, got ${preview(value)}`);
    }
  }
  throw new StatesError(error ?? null, cause);
}

// local/src/engine/to-states-error.ts
function toStatesError(thrown, fallback = STATES_ERRORS.Runtime) {
  if (thrown instanceof StatesError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new StatesError(fallback, message, { cause: thrown });
}
function errorOutput(error) {
  return error.cause === void 0 ? { Error: error.error } : { Error: error.error, Cause: error.cause };
}

// local/src/engine/states/map.ts
var INLINE_MAP_MAX_CONCURRENCY = 40;
async function numberField(env, input, field, literal, path, fallback) {
  if (literal === void 0 && path === void 0) return fallback;
  const value = await env.query.fieldValue(literal, path, { rawInput: env.rawInput, effectiveInput: input }, env.scope);
  if (typeof value !== "number" || value < 0) {
    throw new StatesError(STATES_ERRORS.Runtime, `The Map state's ${field} must be a non-negative number, got ${preview(value)}`);
  }
  return value;
}
async function readItems(state, input, env) {
  const items = env.query.name === "JSONPath" ? await env.query.fieldValue(void 0, state.ItemsPath ?? "$", { rawInput: env.rawInput, effectiveInput: input }, env.scope) : state.Items === void 0 ? env.rawInput : await env.query.fieldValue(state.Items, void 0, { rawInput: env.rawInput, effectiveInput: input }, env.scope);
  if (!Array.isArray(items)) {
    throw new StatesError(STATES_ERRORS.Runtime, `The Map state's items must be a JSON array, got ${preview(items)}`);
  }
  return items;
}
async function runMap(state, input, env) {
  const { history } = env.exec;
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw new StatesError(STATES_ERRORS.Runtime, `The Map state '${env.stateName}' has no ItemProcessor`);
  const items = await readItems(state, input, env);
  const maxConcurrency = await numberField(env, input, "MaxConcurrency", state.MaxConcurrency, state.MaxConcurrencyPath, 0);
  const toleratedCount = await numberField(env, input, "ToleratedFailureCount", state.ToleratedFailureCount, state.ToleratedFailureCountPath, 0);
  const toleratedPercentage = await numberField(env, input, "ToleratedFailurePercentage", state.ToleratedFailurePercentage, state.ToleratedFailurePercentagePath, 0);
  const countSet = state.ToleratedFailureCount !== void 0 || state.ToleratedFailureCountPath !== void 0;
  const percentageSet = state.ToleratedFailurePercentage !== void 0 || state.ToleratedFailurePercentagePath !== void 0;
  const hasTolerance = countSet || percentageSet;
  const selector = state.ItemSelector ?? (env.query.name === "JSONPath" ? state.Parameters : void 0);
  history.emit(env.lane.cursor, "MapStateStarted", { length: items.length });
  const results = new Array(items.length).fill(null);
  const controllers = items.map(() => childSignal(env.lane.signal));
  let failures = 0;
  let failure2;
  const exceedsTolerance = () => countSet && failures > toleratedCount || percentageSet && failures / items.length * 100 > toleratedPercentage;
  let failureEventId = 0;
  const runItem = async (index) => {
    const item = items[index];
    const { signal } = controllers[index];
    const iterationDetails = { name: env.stateName, index };
    const lane = newLane(signal, history.emit(env.lane.cursor, "MapIterationStarted", iterationDetails));
    const endIteration = (type) => {
      env.lane.cursor.last = lane.cursor.last;
      history.emit({ last: lane.cursor.last }, type, iterationDetails);
    };
    try {
      let itemInput = item;
      if (selector !== void 0) {
        const scope = { ...env.scope, context: withMapItem(env.scope.context, index, item) };
        itemInput = await env.query.template(selector, env.query.name === "JSONPath" ? input : env.rawInput, scope);
      }
      results[index] = await env.runBranch(processor, itemInput, lane, env.scope.variables);
      endIteration("MapIterationSucceeded");
    } catch (thrown) {
      if (signal.aborted) {
        endIteration("MapIterationAborted");
        return;
      }
      endIteration("MapIterationFailed");
      const error = toStatesError(thrown);
      failures++;
      results[index] = errorOutput(error);
      if (!failure2 && (!hasTolerance || exceedsTolerance())) {
        failure2 = hasTolerance ? new StatesError(STATES_ERRORS.ExceedToleratedFailureThreshold, `The Map state '${env.stateName}' exceeded its tolerated failures: ${failures} of ${items.length} items failed`) : error;
        failureEventId = lane.cursor.last;
        for (const other of controllers) other.abort(new Interrupted("siblingFailed"));
      }
    }
  };
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length && !failure2 && !env.lane.signal.aborted) {
      await runItem(nextIndex++);
    }
  };
  const workers = Math.min(maxConcurrency === 0 ? INLINE_MAP_MAX_CONCURRENCY : maxConcurrency, INLINE_MAP_MAX_CONCURRENCY, items.length);
  await Promise.all(Array.from({ length: workers }, worker));
  if (env.lane.signal.aborted) {
    env.lane.cursor.last = history.lastId;
    history.emit(env.lane.cursor, "MapStateAborted");
    throw env.lane.signal.reason;
  }
  if (failure2) {
    env.lane.cursor.last = failureEventId;
    throw failure2;
  }
  env.lane.cursor.last = history.lastId;
  history.emit({ last: env.lane.cursor.last }, "MapStateSucceeded");
  return { result: results };
}

// local/src/engine/states/parallel.ts
async function runParallel(state, input, env) {
  const { history } = env.exec;
  const startedId = history.emit(env.lane.cursor, "ParallelStateStarted");
  const branches = state.Branches.map(() => {
    const { signal, abort } = childSignal(env.lane.signal);
    return { signal, abort, lane: newLane(signal, startedId) };
  });
  let failure2;
  const settled = await Promise.allSettled(
    state.Branches.map(async (definition, i) => {
      const branch = branches[i];
      try {
        return await env.runBranch(definition, input, branch.lane, env.scope.variables);
      } catch (error) {
        if (!failure2 && !branch.signal.aborted) {
          failure2 = { error, lastEventId: branch.lane.cursor.last };
          for (const other of branches) other.abort(new Interrupted("siblingFailed"));
        }
        throw error;
      }
    })
  );
  if (env.lane.signal.aborted) {
    env.lane.cursor.last = history.lastId;
    history.emit(env.lane.cursor, "ParallelStateAborted");
    throw env.lane.signal.reason;
  }
  if (failure2) {
    env.lane.cursor.last = failure2.lastEventId;
    throw failure2.error;
  }
  env.lane.cursor.last = history.lastId;
  history.emit({ last: env.lane.cursor.last }, "ParallelStateSucceeded");
  return { result: settled.map((outcome) => outcome.status === "fulfilled" ? outcome.value : null) };
}

// local/src/engine/states/pass.ts
async function runPass(state, input, env) {
  const result = env.query.name === "JSONPath" && state.Result !== void 0 ? state.Result : input;
  return { result };
}

// local/src/engine/states/succeed.ts
async function runSucceed(_state, input, _env) {
  return { result: input };
}

// local/src/engine/states/task.ts
async function positiveSeconds(env, input, field, literal, path) {
  if (literal === void 0 && path === void 0) return void 0;
  const value = await env.query.fieldValue(literal, path, { rawInput: env.rawInput, effectiveInput: input }, env.scope);
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new StatesError(STATES_ERRORS.Runtime, `The Task state's ${field} must be a positive integer, got ${preview(value)}`);
  }
  return value;
}
async function runTask(state, input, env) {
  const { exec, lane } = env;
  const { history, clock } = exec;
  const arn = parseResourceArn(state.Resource);
  const base = { resourceType: arn.resourceType, resource: arn.resource };
  const timeoutSeconds = await positiveSeconds(env, input, "TimeoutSeconds", state.TimeoutSeconds, state.TimeoutSecondsPath);
  const heartbeatSeconds = await positiveSeconds(env, input, "HeartbeatSeconds", state.HeartbeatSeconds, state.HeartbeatSecondsPath);
  history.emit(lane.cursor, "TaskScheduled", {
    ...base,
    region: exec.execution.region,
    parameters: serialisePayload(input, "task parameters", exec.limits.maxPayloadBytes),
    ...timeoutSeconds !== void 0 ? { timeoutInSeconds: timeoutSeconds } : {},
    ...heartbeatSeconds !== void 0 ? { heartbeatInSeconds: heartbeatSeconds } : {}
  });
  const resolved = exec.integrations.resolve(state.Resource);
  if (!resolved) {
    const cause = exec.integrations.explainMissing(state.Resource) ?? `The resource '${state.Resource}' is not available locally.`;
    history.emit(lane.cursor, "TaskStartFailed", { ...base, error: STATES_ERRORS.Runtime, cause });
    throw new StatesError(STATES_ERRORS.Runtime, cause);
  }
  history.emit(lane.cursor, "TaskStarted", base);
  const attempt = childSignal(lane.signal);
  const timedOut = new StatesError(STATES_ERRORS.Timeout);
  const timer = new AbortController();
  if (timeoutSeconds !== void 0) {
    clock.sleep(timeoutSeconds * 1e3, timer.signal).then(
      () => attempt.abort(timedOut),
      () => void 0
    );
  }
  const invocation = {
    resource: state.Resource,
    pattern: resolved.pattern,
    parameters: input,
    ...env.taskToken !== void 0 ? { taskToken: env.taskToken } : {},
    signal: attempt.signal,
    context: {
      executionArn: exec.execution.executionArn,
      executionName: exec.execution.executionName,
      stateMachineArn: exec.execution.stateMachineArn,
      stateName: env.stateName,
      region: exec.execution.region
    }
  };
  const invoke = () => Promise.resolve().then(() => {
    if (attempt.signal.aborted) throw attempt.signal.reason;
    return resolved.integration.invoke(invocation, hooks);
  });
  const hooks = {
    submitted: (output) => {
      if (attempt.signal.aborted) return;
      history.emit(lane.cursor, "TaskSubmitted", { ...base, output: JSON.stringify(output) ?? "null", outputDetails: NOT_TRUNCATED });
    }
  };
  try {
    let result;
    if (resolved.pattern === "waitForTaskToken") {
      const token = env.taskToken;
      const waiting = exec.taskTokens.wait(token, {
        ...heartbeatSeconds !== void 0 ? { heartbeatMs: heartbeatSeconds * 1e3 } : {},
        clock,
        signal: attempt.signal
      });
      waiting.catch(() => void 0);
      try {
        await raceSignal(invoke(), attempt.signal);
      } catch (error) {
        attempt.abort(error);
        throw error;
      }
      const outcome = await waiting;
      if (outcome.kind === "failure") throw new StatesError(outcome.error, outcome.cause);
      if (outcome.kind === "heartbeatTimedOut") {
        history.emit(lane.cursor, "TaskTimedOut", { ...base, error: STATES_ERRORS.HeartbeatTimeout });
        throw new StatesError(STATES_ERRORS.HeartbeatTimeout);
      }
      result = outcome.output;
    } else {
      result = await settleOnAbort(invoke(), attempt.signal, clock.sleep);
    }
    history.emit(lane.cursor, "TaskSucceeded", { ...base, output: serialisePayload(result, "task result", exec.limits.maxPayloadBytes), outputDetails: NOT_TRUNCATED });
    return { result };
  } catch (thrown) {
    if (lane.signal.aborted) throw thrown;
    if (thrown === timedOut || attempt.signal.aborted && attempt.signal.reason === timedOut) {
      history.emit(lane.cursor, "TaskTimedOut", { ...base, error: STATES_ERRORS.Timeout });
      throw timedOut;
    }
    if (thrown instanceof StatesError && thrown.error === STATES_ERRORS.HeartbeatTimeout) throw thrown;
    const error = toStatesError(thrown, STATES_ERRORS.TaskFailed);
    history.emit(lane.cursor, "TaskFailed", {
      ...base,
      ...error.error !== null ? { error: error.error } : {},
      ...error.cause !== void 0 && error.cause !== null ? { cause: error.cause } : {}
    });
    throw error;
  } finally {
    timer.abort();
  }
}

// local/src/engine/states/wait.ts
async function runWait(state, input, env) {
  const io = { rawInput: env.rawInput, effectiveInput: input };
  const { clock, timeScale } = env.exec;
  let waitMs;
  if (state.Seconds !== void 0 || state.SecondsPath !== void 0) {
    const seconds = await env.query.fieldValue(state.Seconds, state.SecondsPath, io, env.scope);
    if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 0) {
      throw new StatesError(STATES_ERRORS.Runtime, `The Wait state's seconds must be a non-negative integer, got ${JSON.stringify(seconds)}`);
    }
    waitMs = seconds * 1e3;
  } else {
    const timestamp = await env.query.fieldValue(state.Timestamp, state.TimestampPath, io, env.scope);
    const at = typeof timestamp === "string" ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at)) {
      throw new StatesError(STATES_ERRORS.Runtime, `The Wait state's timestamp is not an ISO-8601 timestamp: ${JSON.stringify(timestamp)}`);
    }
    waitMs = Math.max(0, at - clock.now());
  }
  await clock.sleep(waitMs * timeScale, env.lane.signal);
  return { result: input };
}

// local/src/engine/states/dispatch.ts
var STATE_HANDLERS = {
  Pass: runPass,
  Task: runTask,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap
};
function runStateBody(state, input, env) {
  const handler = STATE_HANDLERS[state.Type];
  return handler(state, input, env);
}

// local/src/engine/run-state.ts
var NO_RETRIERS = [];
var NO_CATCHERS = [];
var ABORT_EVENT = { Task: "TaskStateAborted", Wait: "WaitStateAborted" };
var FAILED_EVENT = { Map: "MapStateFailed", Parallel: "ParallelStateFailed" };
function strategyFor(state, exec) {
  return (state.QueryLanguage ?? exec.rootLanguage) === "JSONata" ? jsonataStrategy : jsonPathStrategy;
}
function isCallbackTask(state) {
  return state.Type === "Task" && parseResourceArn(state.Resource).pattern === "waitForTaskToken";
}
function withAssigned(variables, ...assigned) {
  const defined = assigned.filter((a) => a !== void 0);
  return defined.length === 0 ? variables : Object.assign({}, variables, ...defined);
}
async function runState(name, state, rawInput, lane, variables, exec, runBranch) {
  const { history, clock } = exec;
  const query = strategyFor(state, exec);
  const enteredTime = new Date(clock.now()).toISOString();
  history.emit(lane.cursor, `${state.Type}StateEntered`, {
    name,
    input: serialisePayload(rawInput, `input of state '${name}'`, exec.limits.maxPayloadBytes),
    inputDetails: NOT_TRUNCATED
  });
  const retriers = "Retry" in state && state.Retry ? state.Retry : NO_RETRIERS;
  const catchers = "Catch" in state && state.Catch ? state.Catch : NO_CATCHERS;
  let counts = lane.retryCounts.get(name);
  if (!counts && retriers.length > 0) {
    counts = retriers.map(() => 0);
    lane.retryCounts.set(name, counts);
  }
  const exited = (output) => {
    history.emit(lane.cursor, `${state.Type}StateExited`, {
      name,
      output: serialisePayload(output, `output of state '${name}'`, exec.limits.maxPayloadBytes),
      outputDetails: NOT_TRUNCATED
    });
  };
  for (let retryCount = 0; ; retryCount++) {
    let context = stateContext(exec.execution, exec.executionInput, { name, enteredTime, retryCount });
    const taskToken = isCallbackTask(state) ? exec.taskTokens.issue() : void 0;
    if (taskToken !== void 0) context = withTaskToken(context, taskToken);
    const scope = { context, variables, random: clock.random };
    try {
      const input = await query.effectiveInput(state, rawInput, scope);
      const env = { exec, lane, stateName: name, rawInput, query, scope, runBranch, ...taskToken !== void 0 ? { taskToken } : {} };
      const step = await runStateBody(state, input, env);
      const processed = await query.stateOutput(state, rawInput, step.result, scope);
      const output = step.output ? step.output.value : processed.output;
      const next = state.Type === "Succeed" || "End" in state && state.End ? void 0 : step.next ?? ("Next" in state ? state.Next : void 0);
      if (state.Type !== "Fail") exited(output);
      return { output, next, variables: withAssigned(variables, processed.assigned, step.assigned) };
    } catch (thrown) {
      if (lane.signal.aborted) {
        const abortEvent = ABORT_EVENT[state.Type];
        if (abortEvent) history.emit(lane.cursor, abortEvent);
        throw lane.signal.reason;
      }
      const error = toStatesError(thrown);
      const retrierIndex = retriers.findIndex((retrier2) => errorMatches(retrier2.ErrorEquals, error.error));
      const retrier = retriers[retrierIndex];
      if (retrier && counts) {
        const used = counts[retrierIndex] ?? 0;
        if (used < maxAttempts(retrier)) {
          counts[retrierIndex] = used + 1;
          const delayMs = retryDelaySeconds(retrier, used + 1, clock.random) * 1e3 * exec.timeScale;
          await clock.sleep(delayMs, lane.signal);
          continue;
        }
      }
      const failedEvent = FAILED_EVENT[state.Type];
      if (failedEvent) history.emit(lane.cursor, failedEvent);
      const catcher = catchers.find((c) => errorMatches(c.ErrorEquals, error.error));
      if (!catcher) throw error;
      const caught = await query.catchOutput(catcher, rawInput, errorOutput(error), scope);
      exited(caught.output);
      return { output: caught.output, next: catcher.Next, variables: withAssigned(variables, caught.assigned) };
    }
  }
}
async function runStates(definition, input, lane, variables, exec) {
  const runBranch = (branch, branchInput, branchLane, branchVariables) => runStates(branch, branchInput, branchLane, branchVariables, exec);
  let name = definition.StartAt;
  let value = input;
  let current = variables;
  for (; ; ) {
    const state = definition.States[name];
    if (!state) throw toStatesError(new Error(`The state '${name}' does not exist in the definition`));
    const outcome = await runState(name, state, value, lane, current, exec, runBranch);
    value = outcome.output;
    current = outcome.variables;
    if (outcome.next === void 0) return value;
    name = outcome.next;
  }
}

// local/src/engine/run-execution.ts
function stopDetails(reason) {
  if (reason instanceof StatesError) {
    return { ...reason.error !== null ? { error: reason.error } : {}, ...typeof reason.cause === "string" ? { cause: reason.cause } : {} };
  }
  if (typeof reason === "object" && reason !== null) {
    const { error, cause } = reason;
    return { ...typeof error === "string" ? { error } : {}, ...typeof cause === "string" ? { cause } : {} };
  }
  return {};
}
function failureDetails(error) {
  return {
    ...error.error !== null ? { error: error.error } : {},
    ...typeof error.cause === "string" ? { cause: error.cause } : {}
  };
}
var DEFAULT_TIME_SCALE = 1;
function resolveOptions(options) {
  return { ...options, clock: options.clock ?? systemClock(), timeScale: options.timeScale ?? DEFAULT_TIME_SCALE, limits: resolveLimits(options.limits) };
}
async function runExecution(runOptions) {
  const options = resolveOptions(runOptions);
  const { clock } = options;
  const { limits } = options;
  const history = new HistoryWriter(options.onEvent, clock, limits.maxHistoryEvents);
  const definition = options.definition;
  const top = { last: 0 };
  history.emit(top, "ExecutionStarted", {
    input: JSON.stringify(options.input) ?? "null",
    inputDetails: NOT_TRUNCATED,
    roleArn: options.context.roleArn
  });
  const root = new AbortController();
  const onStop = () => root.abort(new Interrupted(INTERRUPTIONS.stopped));
  if (options.signal.aborted) onStop();
  else options.signal.addEventListener("abort", onStop, { once: true });
  const timer = new AbortController();
  if (typeof definition.TimeoutSeconds === "number") {
    clock.sleep(definition.TimeoutSeconds * 1e3, timer.signal).then(
      () => root.abort(new Interrupted(INTERRUPTIONS.timedOut)),
      () => void 0
    );
  }
  const exec = {
    execution: options.context,
    executionInput: options.input,
    integrations: options.integrations,
    taskTokens: options.taskTokens,
    clock,
    timeScale: options.timeScale,
    history,
    limits,
    rootLanguage: definition.QueryLanguage ?? "JSONPath"
  };
  const lane = newLane(root.signal, 0);
  try {
    serialisePayload(options.input, "execution input", limits.maxPayloadBytes);
    const output = await runStates(definition, options.input, lane, {}, exec);
    const text = serialisePayload(output, "execution output", limits.maxPayloadBytes);
    history.emit(lane.cursor, "ExecutionSucceeded", { output: text, outputDetails: NOT_TRUNCATED });
    return { status: "SUCCEEDED", output: text };
  } catch (thrown) {
    const reason = root.signal.aborted ? root.signal.reason : void 0;
    if (reason instanceof Interrupted && reason.kind === INTERRUPTIONS.timedOut) {
      lane.cursor.last = history.lastId;
      const details2 = { error: STATES_ERRORS.Timeout, cause: `The execution exceeded its TimeoutSeconds of ${definition.TimeoutSeconds}.` };
      history.emit(lane.cursor, "ExecutionTimedOut", details2);
      return { status: "TIMED_OUT", ...details2 };
    }
    if (reason !== void 0) {
      history.emit({ last: 0 }, "ExecutionAborted", {});
      return { status: "ABORTED", ...stopDetails(options.signal.reason) };
    }
    const error = history.exceeded ?? toStatesError(thrown);
    lane.cursor.last = history.lastId;
    const details = failureDetails(error);
    history.emit(lane.cursor, "ExecutionFailed", details);
    return { status: "FAILED", ...details };
  } finally {
    timer.abort();
    options.signal.removeEventListener("abort", onStop);
  }
}

// local/src/engine/task-tokens.ts
import { randomBytes as randomBytes2 } from "node:crypto";
var CLOSED_TOKENS_KEPT = 1e5;
var TOKEN_BYTES = 96;
var TaskTokenRegistry = class {
  #open = /* @__PURE__ */ new Map();
  #closed = /* @__PURE__ */ new Set();
  /** A fresh opaque token: random, new for every attempt. */
  issue() {
    return randomBytes2(TOKEN_BYTES).toString("base64url");
  }
  /**
   * Waits for SendTask* on `token`. With heartbeatMs, a heartbeat must arrive within that time of the
   * start or of the previous heartbeat. Rejects with the signal's reason when it aborts. Either way
   * the token is closed afterwards.
   */
  wait(token, options) {
    const { heartbeatMs, clock, signal } = options;
    return new Promise((resolve3, reject) => {
      let heartbeatTimer;
      const finish = () => {
        heartbeatTimer?.abort();
        signal.removeEventListener("abort", onAbort);
        this.#close(token);
      };
      const onAbort = () => {
        finish();
        reject(signal.reason);
      };
      const armHeartbeat = () => {
        if (heartbeatMs === void 0) return;
        heartbeatTimer?.abort();
        const timer = new AbortController();
        heartbeatTimer = timer;
        clock.sleep(heartbeatMs, timer.signal).then(
          () => settle({ kind: "heartbeatTimedOut", error: STATES_ERRORS.HeartbeatTimeout }),
          () => void 0
        );
      };
      const settle = (outcome) => {
        finish();
        resolve3(outcome);
      };
      if (signal.aborted) {
        this.#close(token);
        reject(signal.reason);
        return;
      }
      this.#open.set(token, { settle, heartbeat: armHeartbeat });
      signal.addEventListener("abort", onAbort, { once: true });
      armHeartbeat();
    });
  }
  sendSuccess(token, output) {
    const open2 = this.#lookup(token);
    if ("code" in open2) return open2;
    let parsed;
    try {
      parsed = JSON.parse(output);
    } catch (error) {
      return { ok: false, code: "InvalidOutput", message: `Invalid JSON output: ${error.message}` };
    }
    open2.settle({ kind: "success", output: parsed });
    return { ok: true };
  }
  sendFailure(token, error, cause) {
    const open2 = this.#lookup(token);
    if ("code" in open2) return open2;
    open2.settle({ kind: "failure", error: error ?? null, cause: cause ?? null });
    return { ok: true };
  }
  sendHeartbeat(token) {
    const open2 = this.#lookup(token);
    if ("code" in open2) return open2;
    open2.heartbeat();
    return { ok: true };
  }
  #lookup(token) {
    const open2 = this.#open.get(token);
    if (open2) return open2;
    if (this.#closed.has(token)) {
      return { ok: false, code: "TaskTimedOut", message: "Task Timed Out: the task for this token has already been closed" };
    }
    return { ok: false, code: "InvalidToken", message: "Invalid Token: the provided task token is not valid" };
  }
  #close(token) {
    this.#open.delete(token);
    this.#closed.add(token);
    if (this.#closed.size > CLOSED_TOKENS_KEPT) {
      const oldest = this.#closed.values().next();
      if (!oldest.done) this.#closed.delete(oldest.value);
    }
  }
};

// local/src/integrations/ecs/run-task-integration.ts
import { randomUUID as randomUUID6 } from "node:crypto";

// local/src/integrations/ecs/aws-case.ts
function toStepFunctionsJson(value) {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(toStepFunctionsJson);
  if (isPlainObject(value)) {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === void 0) continue;
      out[key.charAt(0).toUpperCase() + key.slice(1)] = toStepFunctionsJson(item);
    }
    return out;
  }
  return value;
}
function toSdkCase(value) {
  if (Array.isArray(value)) return value.map(toSdkCase);
  if (isPlainObject(value)) {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      out[key.charAt(0).toLowerCase() + key.slice(1)] = toSdkCase(item);
    }
    return out;
  }
  return value;
}
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

// local/src/integrations/ecs/run-task-parameters.ts
var LEAF = {};
var obj = (fields) => ({ fields });
var KEY_VALUE = obj({ Name: LEAF, Value: LEAF });
var RUN_TASK_SHAPE = obj({
  CapacityProviderStrategy: obj({ CapacityProvider: LEAF, Weight: LEAF, Base: LEAF }),
  Cluster: LEAF,
  Count: LEAF,
  EnableECSManagedTags: LEAF,
  EnableExecuteCommand: LEAF,
  Group: LEAF,
  LaunchType: LEAF,
  NetworkConfiguration: obj({
    AwsvpcConfiguration: obj({ Subnets: LEAF, SecurityGroups: LEAF, AssignPublicIp: LEAF })
  }),
  Overrides: obj({
    ContainerOverrides: obj({
      Name: LEAF,
      Command: LEAF,
      Environment: KEY_VALUE,
      EnvironmentFiles: obj({ Value: LEAF, Type: LEAF }),
      Cpu: LEAF,
      Memory: LEAF,
      MemoryReservation: LEAF,
      ResourceRequirements: obj({ Value: LEAF, Type: LEAF })
    }),
    Cpu: LEAF,
    Memory: LEAF,
    InferenceAcceleratorOverrides: obj({ DeviceName: LEAF, DeviceType: LEAF }),
    ExecutionRoleArn: LEAF,
    TaskRoleArn: LEAF,
    EphemeralStorage: obj({ SizeInGiB: LEAF })
  }),
  PlacementConstraints: obj({ Type: LEAF, Expression: LEAF }),
  PlacementStrategy: obj({ Type: LEAF, Field: LEAF }),
  PlatformVersion: LEAF,
  PropagateTags: LEAF,
  ReferenceId: LEAF,
  StartedBy: LEAF,
  Tags: obj({ Key: LEAF, Value: LEAF }),
  TaskDefinition: LEAF,
  ClientToken: LEAF,
  VolumeConfigurations: LEAF
});
function findUnsupportedRunTaskFields(parameters) {
  const found = [];
  const walk = (value, shape, path) => {
    if (!shape.fields) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, shape, `${path}[${index}]`));
      return;
    }
    if (!isPlainObject(value)) return;
    for (const [key, item] of Object.entries(value)) {
      const child = shape.fields[key];
      const childPath = path ? `${path}.${key}` : key;
      if (child === void 0) found.push(childPath);
      else walk(item, child, childPath);
    }
  };
  walk(parameters, RUN_TASK_SHAPE, "");
  return found;
}
function toRunTaskInput(parameters, stateName) {
  if (!isPlainObject(parameters)) {
    throw new StatesError(
      STATES_ERRORS.Runtime,
      `An error occurred while executing the state '${stateName}'. The Parameters of ecs:runTask must be a JSON object`
    );
  }
  const unsupported = findUnsupportedRunTaskFields(parameters);
  if (unsupported.length > 0) {
    throw new StatesError(
      STATES_ERRORS.Runtime,
      `An error occurred while executing the state '${stateName}'. ` + unsupported.map((field) => `The field '${field}' is not supported by Step Functions`).join("; ")
    );
  }
  return toSdkCase(parameters);
}

// local/src/integrations/ecs/run-task-integration.ts
var SYNC_STARTED_BY = "AWS Step Functions";
var abortStopReason = (executionArn2) => `The Task state in AWS Step Functions execution [${executionArn2}] which was managing this resource was aborted`;
function createEcsRunTaskIntegration(ecs) {
  return {
    serviceAction: "ecs:runTask",
    patterns: ["request-response", "sync", "waitForTaskToken"],
    invoke: (invocation, hooks) => invokeRunTask(ecs, invocation, hooks)
  };
}
async function invokeRunTask(ecs, invocation, hooks) {
  const { pattern, signal } = invocation;
  const input = toRunTaskInput(invocation.parameters, invocation.context.stateName);
  if (pattern === "sync") input.startedBy = SYNC_STARTED_BY;
  signal.throwIfAborted();
  let tasks;
  let failures;
  try {
    const response = await ecs.runTask(input);
    tasks = response.tasks ?? [];
    failures = response.failures ?? [];
  } catch (error) {
    throw error instanceof ServiceError ? toEcsStatesError(error) : error;
  }
  const output = withSdkMetadata({ Failures: toStepFunctionsJson(failures), Tasks: toStepFunctionsJson(tasks) });
  if (pattern === "request-response") return output;
  if (failures.length > 0) throw new StatesError("AmazonECS.Unknown", JSON.stringify(toStepFunctionsJson(failures)));
  hooks.submitted(output);
  if (pattern === "waitForTaskToken") return output;
  const stopped = await waitForAll(ecs, tasks, signal, abortStopReason(invocation.context.executionArn));
  for (const task of stopped) {
    if (hasFailed(task, ecs.essentialContainers(task.taskArn))) throw new StatesError(STATES_ERRORS.TaskFailed, JSON.stringify(toStepFunctionsJson(task)));
  }
  return stopped.length === 1 ? toStepFunctionsJson(stopped[0]) : toStepFunctionsJson(stopped);
}
async function waitForAll(ecs, tasks, signal, stopReason) {
  try {
    return await Promise.all(tasks.map((task) => ecs.waitForStopped(task.taskArn, signal)));
  } catch (error) {
    if (!signal.aborted) throw error;
    await Promise.all(
      tasks.map(
        (task) => ecs.stopTask({ cluster: task.clusterArn, task: task.taskArn, reason: stopReason }).catch(() => void 0)
      )
    );
    throw signal.reason ?? error;
  }
}
function hasFailed(task, essentialContainers) {
  if (task.stopCode === "TaskFailedToStart") return true;
  return (task.containers ?? []).some(
    (container2) => essentialContainers.includes(container2.name) && (container2.exitCode === void 0 || container2.exitCode !== 0)
  );
}
function toEcsStatesError(error) {
  const status = error.fault === "client" ? 400 : 500;
  const cause = `${error.message} (Service: AmazonECS; Status Code: ${status}; Error Code: ${error.code}; Request ID: ${randomUUID6()}; Proxy: null)`;
  return new StatesError(`ECS.${error.code}`, cause, { cause: error });
}
function withSdkMetadata(body) {
  const requestId = randomUUID6();
  const json2 = JSON.stringify(body);
  return {
    ...body,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        "x-amzn-RequestId": [requestId],
        "Content-Length": [String(json2.length)],
        Date: [(/* @__PURE__ */ new Date()).toUTCString()],
        "Content-Type": ["application/x-amz-json-1.1"]
      },
      HttpHeaders: {
        "x-amzn-RequestId": requestId,
        "Content-Length": String(json2.length),
        Date: (/* @__PURE__ */ new Date()).toUTCString(),
        "Content-Type": "application/x-amz-json-1.1"
      },
      HttpStatusCode: 200
    },
    SdkResponseMetadata: { RequestId: requestId }
  };
}

// local/src/integrations/registry.ts
var IntegrationRegistry = class {
  #byServiceAction = /* @__PURE__ */ new Map();
  register(integration) {
    this.#byServiceAction.set(integration.serviceAction, integration);
  }
  /** e.g. arn:aws:states:::ecs:runTask.sync -> the ecs:runTask integration + pattern 'sync'. */
  resolve(resource) {
    const { serviceAction, pattern } = parseResourceArn(resource);
    const integration = this.#byServiceAction.get(serviceAction);
    if (!integration || !integration.patterns.includes(pattern)) return void 0;
    return { integration, pattern };
  }
  /** Why `resource` does not resolve, in words a user can act on; undefined when it resolves. */
  explainMissing(resource) {
    const { serviceAction, pattern } = parseResourceArn(resource);
    const integration = this.#byServiceAction.get(serviceAction);
    if (!integration) {
      const known = [...this.#byServiceAction.keys()].join(", ") || "none";
      return `The resource '${resource}' is not available locally: no integration is registered for '${serviceAction}' (registered: ${known}). Register a handler with IntegrationRegistry.register({ serviceAction: '${serviceAction}', patterns: ['${pattern}'], invoke }).`;
    }
    if (!integration.patterns.includes(pattern)) {
      return `The resource '${resource}' is not available locally: '${serviceAction}' supports the patterns ${integration.patterns.join(", ")} but not '${pattern}'.`;
    }
    return void 0;
  }
};

// local/src/project/load-project.ts
import { readdir, readFile as readFile3 } from "node:fs/promises";
import { join as join6, resolve } from "node:path";

// local/src/project/project-error.ts
var ProjectError = class extends Error {
  name = "ProjectError";
  constructor(message, options) {
    super(message, options);
  }
};

// local/src/project/placeholders.ts
var PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;
function findPlaceholders(definitionText) {
  return [...new Set([...definitionText.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}
function fillPlaceholders(definitionText, placeholders) {
  const unbound = findPlaceholders(definitionText).filter((name) => !Object.hasOwn(placeholders, name));
  if (unbound.length > 0) {
    throw new ProjectError(
      `Unbound placeholder${unbound.length > 1 ? "s" : ""} ${unbound.map((n) => "${" + n + "}").join(", ")}: known are ${Object.keys(placeholders).join(", ") || "none"}`
    );
  }
  return definitionText.replace(PLACEHOLDER, (_match, name) => placeholders[name]);
}

// local/src/project/local-values.ts
var LOCAL_ACCOUNT_ID = "123456789012";
var DEFAULT_REGION = "us-east-1";
var LOCAL_STAGE = "local";
var LOCAL_CLUSTER_NAME = "sfn-ecs-local";
var LOCAL_ARTIFACT_BUCKET = "sfn-ecs-artifacts";
var LOCAL_SUBNETS = ["subnet-local"];
var LOCAL_SECURITY_GROUPS = ["sg-local"];
var LOCAL_IMAGE = "sfn-ecs-worker:local";
var LOCAL_TASK_DEFINITION_REVISION = 1;
var LOCAL_PARAMETER_VALUES = {
  Subnets: LOCAL_SUBNETS,
  SecurityGroups: LOCAL_SECURITY_GROUPS,
  ImageUri: LOCAL_IMAGE
};
function localClusterArn(region) {
  return `arn:aws:ecs:${region}:${LOCAL_ACCOUNT_ID}:cluster/${LOCAL_CLUSTER_NAME}`;
}
function localTaskDefinitionArn(region, family) {
  return `arn:aws:ecs:${region}:${LOCAL_ACCOUNT_ID}:task-definition/${family}:${LOCAL_TASK_DEFINITION_REVISION}`;
}

// local/src/project/schedules.ts
import { basename } from "node:path";

// local/src/project/serverless-config.ts
import { readFile as readFile2 } from "node:fs/promises";
import { join as join5 } from "node:path";

// local/src/project/cloudformation-yaml.ts
import { parse } from "yaml";
var FN_TAGS = [
  "And",
  "Base64",
  "Cidr",
  "Equals",
  "FindInMap",
  "GetAZs",
  "If",
  "ImportValue",
  "Join",
  "Not",
  "Or",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "GetAtt"
];
function longForm(name, value) {
  if (name === "Ref") return { Ref: value };
  if (name === "Condition") return { Condition: value };
  if (name === "GetAtt" && typeof value === "string") {
    const dot = value.indexOf(".");
    return { "Fn::GetAtt": dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}
function tagsFor(name) {
  const tag = `!${name}`;
  return [
    { tag, resolve: (value) => longForm(name, value) },
    { tag, collection: "seq", resolve: (seq) => longForm(name, seq.toJSON()) },
    { tag, collection: "map", resolve: (map) => longForm(name, map.toJSON()) }
  ];
}
var CLOUDFORMATION_TAGS = ["Ref", "Condition", ...FN_TAGS].flatMap(tagsFor);
function parseCloudFormationYaml(text, fileName) {
  try {
    return parse(text, { customTags: CLOUDFORMATION_TAGS, merge: true, prettyErrors: true });
  } catch (error) {
    throw new ProjectError(`${fileName} is not valid YAML: ${error.message}`, { cause: error });
  }
}

// local/src/project/local-intrinsics.ts
function resolveIntrinsics(value, t) {
  const resolved = t.resolveVariables(value);
  return evaluate(resolved, t);
}
function evaluate(value, t) {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, t));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value);
  const [key, arg] = entries[0] ?? [];
  if (entries.length === 1 && key !== void 0 && (key === "Ref" || key.startsWith("Fn::"))) return intrinsic(key, arg, t);
  return Object.fromEntries(entries.map(([k, v]) => [k, evaluate(v, t)]));
}
function intrinsic(name, arg, t) {
  switch (name) {
    case "Ref":
      return ref(String(arg), t);
    case "Fn::GetAtt": {
      const [resource, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.*)/s);
      return getAtt(String(resource), String(attribute), t);
    }
    case "Fn::Join": {
      const [separator, list] = asArray2(arg, name);
      return asArray2(evaluate(list, t), name).map(String).join(String(separator));
    }
    case "Fn::Sub":
      return sub(arg, t);
    case "Fn::Select": {
      const [index, list] = asArray2(arg, name);
      return asArray2(evaluate(list, t), name)[Number(evaluate(index, t))];
    }
    case "Fn::Split": {
      const [separator, text] = asArray2(arg, name);
      return String(evaluate(text, t)).split(String(separator));
    }
    case "Fn::If": {
      const [condition, whenTrue, whenFalse] = asArray2(arg, name);
      return evaluate(isTrue(String(condition), t) ? whenTrue : whenFalse, t);
    }
    default:
      throw new ProjectError(`serverless.yml: ${name} has no local meaning (supported: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If)`);
  }
}
function asArray2(value, name) {
  if (!Array.isArray(value)) throw new ProjectError(`serverless.yml: ${name} expects a list, got ${JSON.stringify(value)}`);
  return value;
}
function ref(name, t) {
  switch (name) {
    case "AWS::Region":
      return t.region;
    case "AWS::AccountId":
      return t.accountId;
    case "AWS::Partition":
      return "aws";
    case "AWS::URLSuffix":
      return "amazonaws.com";
    case "AWS::StackName":
      return "sfn-ecs-local";
  }
  const parameter = t.parameters[name];
  if (parameter) return parameterValue(name, parameter);
  const resource = t.resources[name];
  if (!resource) throw new ProjectError(`serverless.yml: Ref ${name} names no parameter or resource`);
  switch (resource.Type) {
    case "AWS::ECS::Cluster":
      return LOCAL_CLUSTER_NAME;
    case "AWS::ECS::TaskDefinition":
      return localTaskDefinitionArn(t.region, taskFamily(name, resource, t));
    case "AWS::S3::Bucket":
      return bucketName(resource, t);
    case "AWS::Logs::LogGroup":
      return property(resource, "LogGroupName", t) ?? name;
    case "AWS::ECR::Repository":
      return property(resource, "RepositoryName", t) ?? name.toLowerCase();
    case "AWS::IAM::Role":
      return property(resource, "RoleName", t) ?? name;
    default:
      throw new ProjectError(`serverless.yml: no local value for Ref ${name} (${resource.Type ?? "no Type"})`);
  }
}
function getAtt(name, attribute, t) {
  const resource = t.resources[name];
  if (!resource) throw new ProjectError(`serverless.yml: Fn::GetAtt ${name}.${attribute} names no resource`);
  const key = `${resource.Type}.${attribute}`;
  switch (key) {
    case "AWS::ECS::Cluster.Arn":
      return localClusterArn(t.region);
    case "AWS::ECS::TaskDefinition.TaskDefinitionArn":
      return ref(name, t);
    case "AWS::S3::Bucket.Arn":
      return `arn:aws:s3:::${bucketName(resource, t)}`;
    case "AWS::Logs::LogGroup.Arn":
      return `arn:aws:logs:${t.region}:${t.accountId}:log-group:${String(ref(name, t))}:*`;
    case "AWS::ECR::Repository.Arn":
      return `arn:aws:ecr:${t.region}:${t.accountId}:repository/${String(ref(name, t))}`;
    case "AWS::ECR::Repository.RepositoryUri":
      return `${t.accountId}.dkr.ecr.${t.region}.amazonaws.com/${String(ref(name, t))}`;
    case "AWS::IAM::Role.Arn":
      return `arn:aws:iam::${t.accountId}:role/${String(ref(name, t))}`;
    default:
      throw new ProjectError(`serverless.yml: no local value for Fn::GetAtt ${name}.${attribute} (${resource.Type ?? "no Type"})`);
  }
}
function sub(arg, t) {
  const [template, variables] = Array.isArray(arg) ? [String(arg[0]), arg[1] ?? {}] : [String(arg), {}];
  return template.replace(/\$\{(!?)([^}]+)\}/g, (_m, literal, body) => {
    if (literal) return "${" + body + "}";
    if (Object.hasOwn(variables, body)) return String(evaluate(variables[body], t));
    const dot = body.indexOf(".");
    return String(dot < 0 || body.startsWith("AWS::") ? ref(body, t) : getAtt(body.slice(0, dot), body.slice(dot + 1), t));
  });
}
function isTrue(conditionName, t) {
  const condition = t.conditions[conditionName];
  if (condition === void 0) throw new ProjectError(`serverless.yml: Fn::If names an unknown condition ${conditionName}`);
  return Boolean(evaluateCondition(condition, t));
}
function evaluateCondition(value, t) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return Boolean(value);
  const [key, arg] = Object.entries(value)[0] ?? [];
  switch (key) {
    case "Fn::Equals": {
      const [a, b] = asArray2(arg, key).map((v) => evaluate(v, t));
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case "Fn::Not":
      return !evaluateCondition(asArray2(arg, key)[0], t);
    case "Fn::And":
      return asArray2(arg, key).every((c) => evaluateCondition(c, t));
    case "Fn::Or":
      return asArray2(arg, key).some((c) => evaluateCondition(c, t));
    case "Condition":
      return isTrue(String(arg), t);
    default:
      return Boolean(evaluate(value, t));
  }
}
function parameterValue(name, parameter) {
  const local = LOCAL_PARAMETER_VALUES[name];
  if (local !== void 0) return local;
  if (parameter.Default === void 0) {
    throw new ProjectError(`serverless.yml: parameter ${name} has no Default and no local value`);
  }
  const isList = /^(List<|CommaDelimitedList)/.test(parameter.Type ?? "");
  return isList ? String(parameter.Default).split(",") : String(parameter.Default);
}
function property(resource, key, t) {
  const value = resource.Properties?.[key];
  return value === void 0 ? void 0 : String(resolveIntrinsics(value, t));
}
function bucketName(resource, t) {
  return property(resource, "BucketName", t) ?? LOCAL_ARTIFACT_BUCKET;
}
function taskFamily(name, resource, t) {
  return property(resource, "Family", t) ?? name;
}

// local/src/project/serverless-variables.ts
var INNERMOST_VARIABLE = /\$\{([^${}]+)\}/g;
var MAX_PASSES = 10;
var UNRESOLVED = /* @__PURE__ */ Symbol("unresolved");
function resolveVariables(value, ctx, depth = 0) {
  if (depth > MAX_PASSES * 4) throw new ProjectError("serverless.yml: variables refer to each other in a cycle");
  if (typeof value === "string") return resolveString(value, ctx, depth);
  if (Array.isArray(value)) return value.map((v) => resolveVariables(v, ctx, depth));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveVariables(v, ctx, depth)]));
  }
  return value;
}
function resolveString(text, ctx, depth) {
  let current = text;
  for (let pass = 0; pass < MAX_PASSES && typeof current === "string"; pass++) {
    const whole = /^\$\{([^${}]+)\}$/.exec(current);
    if (whole) {
      const resolved = resolveExpression(whole[1], ctx, depth);
      if (resolved === UNRESOLVED) return current;
      current = resolved;
      continue;
    }
    const before = current;
    current = before.replace(INNERMOST_VARIABLE, (match, expression) => {
      const resolved = resolveExpression(expression, ctx, depth);
      if (resolved === UNRESOLVED) return match;
      if (resolved !== null && typeof resolved === "object") {
        throw new ProjectError(`serverless.yml: \${${expression}} is an object and cannot be part of the text "${before}"`);
      }
      return String(resolved);
    });
    if (current === before) return current;
  }
  return current;
}
function resolveExpression(expression, ctx, depth) {
  const alternatives = splitTopLevel(expression);
  const first = alternatives[0] ?? "";
  if (!isVariableSource(first)) return UNRESOLVED;
  for (const alternative of alternatives) {
    const value = resolveAlternative(alternative, ctx, depth);
    if (value === UNRESOLVED) return UNRESOLVED;
    if (value !== void 0 && value !== null) return value;
  }
  throw new ProjectError(`serverless.yml: \${${expression}} has no value for the local stage "${ctx.stage}"`);
}
function isVariableSource(text) {
  return /^(self|sls|opt|param|env|aws|cf|ssm|s3):/.test(text) || /^strToBool\(/.test(text);
}
function resolveAlternative(text, ctx, depth) {
  const quoted = /^(['"])(.*)\1$/.exec(text);
  if (quoted) return quoted[2];
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  const bool = /^strToBool\((.*)\)$/.exec(text);
  if (bool) return String(bool[1]).trim() === "true";
  const colon = text.indexOf(":");
  if (colon < 0) return UNRESOLVED;
  const source = text.slice(0, colon);
  const address = text.slice(colon + 1);
  switch (source) {
    case "self":
      return resolveVariables(getPath(ctx.config, address), ctx, depth + 1);
    case "sls":
      return address === "stage" ? ctx.stage : address === "instanceId" ? "local" : void 0;
    case "opt":
      return address === "stage" ? ctx.stage : address === "region" ? ctx.region : void 0;
    case "param":
      return resolveVariables(ctx.params[address], ctx, depth + 1);
    case "env":
      return ctx.env[address];
    case "aws":
      return address === "region" ? ctx.region : address === "accountId" ? ctx.accountId : void 0;
    default:
      return void 0;
  }
}
function getPath(root, path) {
  let node = root;
  for (const key of path.split(".").filter(Boolean)) {
    if (node === null || typeof node !== "object") return void 0;
    node = node[key];
  }
  return node;
}
function splitTopLevel(expression) {
  const parts = [];
  let depth = 0;
  let quote;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (quote) {
      if (c === quote) quote = void 0;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts;
}

// local/src/project/serverless-config.ts
async function readServerlessConfig(rootDir, identity) {
  const file = join5(rootDir, "serverless.yml");
  let text;
  try {
    text = await readFile2(file, "utf8");
  } catch (error) {
    throw new ProjectError(`Cannot read ${file}: ${error.code ?? String(error)}`, { cause: error });
  }
  const parsed = parseCloudFormationYaml(text, file);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ProjectError(`${file} must be a YAML mapping`);
  }
  const document = parsed;
  const params = {
    ...asRecord(getPath(document, "params.default")),
    ...asRecord(getPath(document, `params.${LOCAL_STAGE}`))
  };
  const ctx = { config: document, stage: LOCAL_STAGE, params, env: process.env, ...identity };
  const variables = (value) => resolveVariables(value, ctx);
  const template = {
    resources: asRecord(getPath(document, "resources.Resources")),
    parameters: asRecord(getPath(document, "resources.Parameters")),
    conditions: asRecord(getPath(document, "resources.Conditions")),
    resolveVariables: variables,
    ...identity
  };
  return {
    file,
    document,
    template,
    read: (path) => variables(getPath(document, path)),
    resolve: (value) => resolveIntrinsics(value, template)
  };
}
function asRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}

// local/src/project/schedules.ts
var FILE_VARIABLE = /^\$\{file\((.+?)\)\}$/;
var ASL_SUFFIX = ".asl.json";
function stateMachineNames(config) {
  const names = /* @__PURE__ */ new Map();
  for (const [key, machine] of Object.entries(asRecord(config.read("stepFunctions.stateMachines")))) {
    const definition = asRecord(machine)["definition"];
    const file = typeof definition === "string" ? FILE_VARIABLE.exec(definition.trim())?.[1] : void 0;
    names.set(key, file && file.endsWith(ASL_SUFFIX) ? basename(file, ASL_SUFFIX) : key);
  }
  return names;
}
function readSchedules(config, knownMachines) {
  const names = stateMachineNames(config);
  const schedules = [];
  for (const [key, machine] of Object.entries(asRecord(config.read("stepFunctions.stateMachines")))) {
    const events = asRecord(machine)["events"];
    if (!Array.isArray(events)) continue;
    const stateMachine = names.get(key) ?? key;
    events.forEach((event, index) => {
      const raw = asRecord(event)["schedule"];
      if (raw === void 0) return;
      const where = `${config.file}: stateMachines.${key}.events[${index}].schedule`;
      if (!knownMachines.has(stateMachine)) {
        throw new ProjectError(`${where} targets ${stateMachine}, which has no statemachines/${stateMachine}${ASL_SUFFIX}`);
      }
      schedules.push(schedule(raw, { key, index, stateMachine, where }));
    });
  }
  return schedules;
}
function schedule(raw, at) {
  const fallbackName = `${at.key}-schedule-${at.index + 1}`;
  if (typeof raw === "string") {
    return { name: fallbackName, stateMachine: at.stateMachine, schedule: raw, input: void 0, enabled: true };
  }
  const s = asRecord(raw);
  if (s["inputPath"] !== void 0 || s["inputTransformer"] !== void 0) {
    throw new ProjectError(`${at.where}: only a constant input (or none) is supported locally, not inputPath or inputTransformer`);
  }
  if (typeof s["rate"] !== "string") throw new ProjectError(`${at.where}: rate must be a rate(...) or cron(...) expression`);
  return {
    name: typeof s["name"] === "string" ? s["name"] : fallbackName,
    stateMachine: at.stateMachine,
    schedule: s["rate"],
    input: constantInput(s["input"], at.where),
    enabled: s["enabled"] === void 0 ? true : s["enabled"] === true || s["enabled"] === "true"
  };
}
function constantInput(input, where) {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input);
  } catch (error) {
    throw new ProjectError(`${where}: input is a string that is not JSON: ${error.message}`, { cause: error });
  }
}

// local/src/project/task-definitions.ts
var DEFAULT_STOP_TIMEOUT_SECONDS = 30;
var MIN_STOP_TIMEOUT_SECONDS = 2;
var MAX_STOP_TIMEOUT_SECONDS = 120;
function readTaskDefinitions(config) {
  return Object.entries(config.template.resources).filter(([, resource]) => resource.Type === "AWS::ECS::TaskDefinition").map(([logicalId, resource]) => {
    const properties = asRecord(config.resolve(resource.Properties ?? {}));
    const family = taskFamily(logicalId, resource, config.template);
    const where = `${config.file}: task definition ${logicalId}`;
    const containers = asList(properties["ContainerDefinitions"], `${where} ContainerDefinitions`).map(
      (c, i) => container(asRecord(c), `${where} container ${i}`)
    );
    if (containers.length === 0) throw new ProjectError(`${where} has no containers`);
    return {
      family,
      revision: LOCAL_TASK_DEFINITION_REVISION,
      taskDefinitionArn: localTaskDefinitionArn(config.template.region, family),
      cpu: requiredString(properties["Cpu"], `${where} Cpu`),
      memory: requiredString(properties["Memory"], `${where} Memory`),
      containers
    };
  });
}
function container(c, where) {
  const stopTimeout = c["StopTimeout"] === void 0 ? DEFAULT_STOP_TIMEOUT_SECONDS : Number(c["StopTimeout"]);
  if (!Number.isInteger(stopTimeout) || stopTimeout < MIN_STOP_TIMEOUT_SECONDS || stopTimeout > MAX_STOP_TIMEOUT_SECONDS) {
    throw new ProjectError(`${where}: StopTimeout must be an integer from 2 to 120 seconds on Fargate, got ${String(c["StopTimeout"])}`);
  }
  const log = asRecord(c["LogConfiguration"]);
  const logOptions = log["LogDriver"] === "awslogs" ? asRecord(log["Options"]) : {};
  const environment = asList(c["Environment"] ?? [], `${where} Environment`).map((e) => {
    const entry = asRecord(e);
    return { name: requiredString(entry["Name"], `${where} Environment Name`), value: String(entry["Value"] ?? "") };
  });
  return {
    name: requiredString(c["Name"], `${where} Name`),
    image: requiredString(c["Image"], `${where} Image`),
    essential: c["Essential"] === void 0 ? true : c["Essential"] === true || c["Essential"] === "true",
    environment,
    stopTimeoutSeconds: stopTimeout,
    ...logOptions["awslogs-group"] === void 0 ? {} : { logGroup: String(logOptions["awslogs-group"]) },
    ...logOptions["awslogs-stream-prefix"] === void 0 ? {} : { logStreamPrefix: String(logOptions["awslogs-stream-prefix"]) }
  };
}
function asList(value, where) {
  if (!Array.isArray(value)) throw new ProjectError(`${where} must be a list`);
  return value;
}
function requiredString(value, where) {
  if (value === void 0 || value === null || value === "") throw new ProjectError(`${where} is missing`);
  return String(value);
}

// local/src/project/load-project.ts
var STATE_MACHINES_DIR = "statemachines";
var ASL_SUFFIX2 = ".asl.json";
async function loadProject(rootDir, options = {}) {
  const root = resolve(rootDir);
  const region = options.region ?? process.env["AWS_REGION"] ?? DEFAULT_REGION;
  const stateMachines = await readStateMachines(root);
  const config = await readServerlessConfig(root, { region, accountId: LOCAL_ACCOUNT_ID });
  const taskDefinitions = readTaskDefinitions(config);
  const placeholders = readPlaceholders(config, taskDefinitions, region);
  for (const machine of stateMachines) checkDefinition(machine, placeholders);
  return {
    rootDir: root,
    region,
    accountId: LOCAL_ACCOUNT_ID,
    stateMachines,
    placeholders,
    taskDefinitions,
    artifactBucket: placeholders["ArtifactBucket"] ?? LOCAL_ARTIFACT_BUCKET,
    schedules: readSchedules(config, new Set(stateMachines.map((m) => m.name)))
  };
}
async function readStateMachines(root) {
  const dir = join6(root, STATE_MACHINES_DIR);
  let files;
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith(ASL_SUFFIX2)).sort();
  } catch (error) {
    throw new ProjectError(`Cannot read ${dir}: ${error.code ?? String(error)}`, { cause: error });
  }
  if (files.length === 0) throw new ProjectError(`${dir} has no *${ASL_SUFFIX2} files`);
  return Promise.all(
    files.map(async (f) => {
      const file = join6(dir, f);
      return { name: f.slice(0, -ASL_SUFFIX2.length), file, definitionText: await readFile3(file, "utf8") };
    })
  );
}
function readPlaceholders(config, taskDefinitions, region) {
  const first = taskDefinitions[0];
  const placeholders = {
    ClusterArn: localClusterArn(region),
    Subnets: LOCAL_SUBNETS.join(","),
    SecurityGroups: LOCAL_SECURITY_GROUPS.join(","),
    ArtifactBucket: LOCAL_ARTIFACT_BUCKET,
    ...first ? { TaskDefinitionArn: first.taskDefinitionArn } : {},
    ...first?.containers[0] ? { ContainerName: first.containers[0].name } : {}
  };
  const bound = /* @__PURE__ */ new Map();
  for (const [resource, extension] of Object.entries(asRecord(config.read("resources.extensions")))) {
    const substitutions = asRecord(asRecord(asRecord(extension)["Properties"])["DefinitionSubstitutions"]);
    for (const [name, raw] of Object.entries(substitutions)) {
      const resolved = config.resolve(raw);
      const value = Array.isArray(resolved) ? resolved.join(",") : String(resolved);
      const earlier = bound.get(name);
      if (earlier && earlier.value !== value) {
        throw new ProjectError(`${config.file}: \${${name}} is bound to "${earlier.value}" on ${earlier.where} but "${value}" on ${resource}`);
      }
      bound.set(name, { value, where: resource });
      placeholders[name] = value;
    }
  }
  return placeholders;
}
function checkDefinition(machine, placeholders) {
  let filled;
  try {
    filled = fillPlaceholders(machine.definitionText, placeholders);
  } catch (error) {
    throw new ProjectError(`${machine.file}: ${error.message}`, { cause: error });
  }
  try {
    JSON.parse(filled);
  } catch (error) {
    throw new ProjectError(`${machine.file} is not valid JSON after filling its placeholders: ${error.message}`, { cause: error });
  }
}

// local/src/mocks/mock-config.ts
import { readFile as readFile4 } from "node:fs/promises";
import { z } from "zod";
var INVOCATION_KEY = /^\d+(-\d+)?$/;
var throwSchema = z.strictObject({ Error: z.string().min(1), Cause: z.string().optional() });
var responseSchema = z.union([
  z.strictObject({ Return: z.unknown() }).refine((entry) => "Return" in entry, { message: "Return must be present" }),
  z.strictObject({ Throw: throwSchema })
]);
var configSchema = z.strictObject({
  StateMachines: z.record(z.string(), z.strictObject({ TestCases: z.record(z.string(), z.record(z.string(), z.string())) })).default({}),
  MockedResponses: z.record(z.string(), z.record(z.string(), responseSchema)).default({})
});
var MockConfigError = class extends Error {
  name = "MockConfigError";
};
var MockConfig = class {
  constructor(testCases, responses, source) {
    this.testCases = testCases;
    this.responses = responses;
    this.source = source;
  }
  testCases;
  responses;
  source;
  /** The test case's mocked states (state name -> response name), or undefined when it does not exist. */
  testCase(machineName, testCaseName) {
    return this.testCases.get(machineName)?.get(testCaseName);
  }
  /** The test case names defined for a machine. */
  testCaseNames(machineName) {
    return [...this.testCases.get(machineName)?.keys() ?? []];
  }
  /** The response for the `invocation`-th call (zero-based) of a state mocked with `responseName`. */
  response(responseName, invocation) {
    const ranges2 = this.responses.get(responseName);
    if (!ranges2 || ranges2.length === 0) throw new MockConfigError(`${this.source}: MockedResponses has no '${responseName}'`);
    const hit = ranges2.find((range) => invocation >= range.from && invocation <= range.to);
    return (hit ?? ranges2[ranges2.length - 1]).response;
  }
  /** Every response a mocked response name can give, in invocation order. */
  responsesOf(responseName) {
    return (this.responses.get(responseName) ?? []).map((range) => range.response);
  }
};
function ranges(source, name, entries) {
  const parsed = Object.entries(entries).map(([key, entry]) => {
    if (!INVOCATION_KEY.test(key)) throw new MockConfigError(`${source}: MockedResponses.${name}."${key}": invocation keys are "N" or "N-M" (zero-based call counts)`);
    const [from, to = from] = key.split("-").map(Number);
    if (to < from) throw new MockConfigError(`${source}: MockedResponses.${name}."${key}": the range ends before it starts`);
    const response = "Throw" in entry ? { kind: "throw", error: entry.Throw.Error, ...entry.Throw.Cause !== void 0 ? { cause: entry.Throw.Cause } : {} } : { kind: "return", value: entry.Return };
    return { from, to, response };
  });
  parsed.sort((a, b) => a.from - b.from);
  let expected = 0;
  for (const range of parsed) {
    if (range.from !== expected) {
      throw new MockConfigError(`${source}: MockedResponses.${name}: invocation ${expected} has no response (keys must cover 0, 1, 2, ... without gaps or overlaps)`);
    }
    expected = range.to + 1;
  }
  return parsed;
}
function parseMockConfig(json2, source = "mock configuration") {
  const result = configSchema.safeParse(json2);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new MockConfigError(`${source}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const { StateMachines, MockedResponses } = result.data;
  const responses = new Map(Object.entries(MockedResponses).map(([name, entries]) => [name, ranges(source, name, entries)]));
  const testCases = /* @__PURE__ */ new Map();
  for (const [machine, { TestCases }] of Object.entries(StateMachines)) {
    const cases = /* @__PURE__ */ new Map();
    for (const [caseName, states] of Object.entries(TestCases)) {
      for (const [state, responseName] of Object.entries(states)) {
        if (!responses.has(responseName)) {
          throw new MockConfigError(`${source}: StateMachines.${machine}.TestCases.${caseName}.${state} names '${responseName}', which is not in MockedResponses`);
        }
      }
      cases.set(caseName, new Map(Object.entries(states)));
    }
    testCases.set(machine, cases);
  }
  return new MockConfig(testCases, responses, source);
}
async function loadMockConfig(file) {
  let text;
  try {
    text = await readFile4(file, "utf8");
  } catch (error) {
    throw new MockConfigError(`Cannot read the mock configuration ${file}: ${error.message}`, { cause: error });
  }
  let json2;
  try {
    json2 = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError(`${file} is not valid JSON: ${error.message}`, { cause: error });
  }
  return parseMockConfig(json2, file);
}

// local/src/integrations/integration.ts
var INTEGRATION_PATTERNS = ["request-response", "sync", "waitForTaskToken"];

// local/src/mocks/mocked-integrations.ts
var MockedIntegrationRegistry = class extends IntegrationRegistry {
  #real;
  #mocks;
  #taskTokens;
  #invocations = /* @__PURE__ */ new Map();
  constructor(real, mocks, taskTokens) {
    super();
    this.#real = real;
    this.#mocks = mocks;
    this.#taskTokens = taskTokens;
  }
  register(integration) {
    this.#real.register(integration);
  }
  /** A resource resolves when it is real, or when this test case mocks some state (checked per call). */
  resolve(resource) {
    const real = this.#real.resolve(resource);
    if (!real && this.#mocks.states.size === 0) return void 0;
    const pattern = real?.pattern ?? parseResourceArn(resource).pattern;
    return { integration: this.#mockOr(resource, real?.integration), pattern };
  }
  explainMissing(resource) {
    return this.#real.explainMissing(resource);
  }
  /** How many times each mocked state was invoked in this execution. */
  invocationCounts() {
    return this.#invocations;
  }
  #mockOr(resource, real) {
    const { serviceAction } = parseResourceArn(resource);
    return {
      serviceAction,
      patterns: INTEGRATION_PATTERNS,
      invoke: (invocation, hooks) => {
        const responseName = this.#mocks.states.get(invocation.context.stateName);
        if (responseName === void 0) {
          if (real) return real.invoke(invocation, hooks);
          throw new StatesError("States.Runtime", this.#real.explainMissing(resource) ?? `The resource '${resource}' is not available locally.`);
        }
        const count = this.#invocations.get(invocation.context.stateName) ?? 0;
        this.#invocations.set(invocation.context.stateName, count + 1);
        return this.#answer(invocation, hooks, this.#mocks.config.response(responseName, count));
      }
    };
  }
  async #answer(invocation, hooks, response) {
    if (invocation.pattern === "waitForTaskToken" && invocation.taskToken !== void 0) {
      const token = invocation.taskToken;
      hooks.submitted({});
      queueMicrotask(() => {
        if (response.kind === "return") this.#taskTokens.sendSuccess(token, JSON.stringify(response.value ?? null));
        else this.#taskTokens.sendFailure(token, response.error, response.cause);
      });
      return {};
    }
    if (response.kind === "throw") throw new StatesError(response.error, response.cause ?? "");
    return response.value ?? null;
  }
};

// local/src/mocks/mock-warnings.ts
var SYNC_TASK_KEYS = ["TaskArn", "LastStatus", "Containers"];
var RUN_TASK_KEYS = ["Tasks", "Failures"];
var isObject2 = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
function taskResources(definition) {
  const out = /* @__PURE__ */ new Map();
  const visit = (node) => {
    if (!isObject2(node) || !isObject2(node.States)) return;
    for (const [name, state] of Object.entries(node.States)) {
      if (!isObject2(state)) continue;
      if (state.Type === "Task" && typeof state.Resource === "string") out.set(name, state.Resource);
      if (Array.isArray(state.Branches)) state.Branches.forEach(visit);
      visit(state.ItemProcessor);
      visit(state.Iterator);
    }
  };
  visit(definition);
  return out;
}
function mockWarnings(definition, config, states) {
  const resources = taskResources(definition);
  const warnings = [];
  for (const [stateName, responseName] of states) {
    const resource = resources.get(stateName);
    if (resource === void 0) {
      warnings.push(`The mocked state '${stateName}' (response '${responseName}') is not a Task state of this state machine: the mock is never used.`);
      continue;
    }
    const arn = parseResourceArn(resource);
    if (arn.serviceAction !== "ecs:runTask") continue;
    const keys = arn.pattern === "sync" ? SYNC_TASK_KEYS : arn.pattern === "request-response" ? RUN_TASK_KEYS : [];
    for (const response of config.responsesOf(responseName)) {
      if (response.kind !== "return") continue;
      const missing = keys.filter((key) => !isObject2(response.value) || !(key in response.value));
      if (missing.length > 0) {
        const shape = arn.pattern === "sync" ? "the stopped ECS Task (PascalCase: TaskArn, LastStatus, Containers[].ExitCode, StopCode, ...)" : "the RunTask response ({Tasks, Failures})";
        warnings.push(
          `The mocked response '${responseName}' of state '${stateName}' (${resource}) could never come from ECS: it lacks ${missing.join(", ")}. Step Functions returns ${shape}; paths into it would fail on AWS.`
        );
        break;
      }
    }
  }
  return warnings;
}

// local/src/mocks/runtime-mocks.ts
function runtimeMocks(config, real, taskTokens, warn) {
  const warned = /* @__PURE__ */ new Set();
  return {
    config,
    checkTestCase(stateMachineName, testCase) {
      if (config.testCase(stateMachineName, testCase)) return;
      const known = config.testCaseNames(stateMachineName);
      throw new ServiceError(
        "ValidationException",
        `The test case '${testCase}' is not defined for the state machine '${stateMachineName}' in ${config.source}` + (known.length > 0 ? ` (defined: ${known.join(", ")})` : " (it defines no test cases for this state machine)")
      );
    },
    integrationsFor(stateMachineName, testCase, definition) {
      const states = config.testCase(stateMachineName, testCase) ?? /* @__PURE__ */ new Map();
      const key = `${stateMachineName}#${testCase}`;
      if (!warned.has(key)) {
        warned.add(key);
        for (const message of mockWarnings(definition, config, states)) warn(`${key}: ${message}`);
      }
      return new MockedIntegrationRegistry(real, { config, states }, taskTokens);
    }
  };
}

// local/src/engine/test-state.ts
var json = (value) => JSON.stringify(value) ?? "null";
async function testState(run) {
  const { state, stateName } = run;
  const query = state.QueryLanguage === "JSONata" ? jsonataStrategy : jsonPathStrategy;
  const needsToken = state.Type === "Task" && /\.waitForTaskToken$/.test(state.Resource);
  const token = needsToken ? run.taskTokens.issue() : void 0;
  let context = stateContext(run.execution, run.input, { name: stateName, enteredTime: new Date(run.clock.now()).toISOString(), retryCount: run.retrierRetryCount ?? 0 });
  if (token !== void 0) context = withTaskToken(context, token);
  if (run.context) context = { ...context, ...run.context };
  const scope = { context, variables: run.variables, random: run.clock.random };
  const inspection = { input: json(run.input) };
  const exec = {
    execution: run.execution,
    executionInput: run.input,
    integrations: run.integrations,
    taskTokens: run.taskTokens,
    clock: run.clock,
    timeScale: 0,
    history: new HistoryWriter(() => void 0, run.clock),
    limits: resolveLimits(void 0),
    rootLanguage: query.name
  };
  const finish = (result) => {
    if (run.inspectionLevel === "INFO") {
      const { inspectionData: _dropped, ...rest } = result;
      return rest;
    }
    return result;
  };
  try {
    if (query.name === "JSONPath" && state.Type !== "Fail") {
      inspection.afterInputPath = json(applyPath(state.InputPath, run.input, scope, "InputPath"));
    }
    const effective = await query.effectiveInput(state, run.input, scope);
    if (query.name === "JSONPath") inspection.afterParameters = json(effective);
    else inspection.afterArguments = json(effective);
    let step;
    if ((state.Type === "Map" || state.Type === "Parallel") && run.mockedResult) {
      if ("error" in run.mockedResult) throw new StatesError(run.mockedResult.error, run.mockedResult.cause ?? "");
      step = { result: run.mockedResult.value };
    } else {
      const env = {
        exec,
        lane: { signal: run.signal, cursor: { last: 0 }, retryCounts: /* @__PURE__ */ new Map() },
        stateName,
        rawInput: run.input,
        query,
        scope,
        runBranch: async () => {
          throw new StatesError(STATES_ERRORS.Runtime, "TestState runs Map and Parallel states only with a mock");
        },
        ...token !== void 0 ? { taskToken: token } : {}
      };
      step = await runStateBody(state, effective, env);
    }
    const producesResult = state.Type === "Task" || state.Type === "Map" || state.Type === "Parallel" || state.Type === "Pass";
    if (producesResult) inspection.result = json(step.result);
    if (query.name === "JSONPath" && producesResult) {
      const selected = "ResultSelector" in state && state.ResultSelector ? evaluatePayloadTemplate(state.ResultSelector, step.result, scope) : step.result;
      if ("ResultSelector" in state && state.ResultSelector) inspection.afterResultSelector = json(selected);
      inspection.afterResultPath = json(applyResultPath(state.ResultPath, run.input, selected));
    }
    const processed = await query.stateOutput(state, run.input, step.result, scope);
    const output = step.output ? step.output.value : processed.output;
    const assigned = { ...processed.assigned, ...step.assigned };
    if (Object.keys(assigned).length > 0) inspection.variables = json({ ...run.variables, ...assigned });
    if (state.Type === "Fail") {
      return finish({ status: "FAILED", inspectionData: inspection });
    }
    const ends = state.Type === "Succeed" || "End" in state && state.End === true;
    const next = ends ? void 0 : step.next ?? ("Next" in state ? state.Next : void 0);
    return finish({ status: "SUCCEEDED", output: json(output), ...next !== void 0 ? { nextState: next } : {}, inspectionData: inspection });
  } catch (thrown) {
    const error = run.signal.aborted ? new StatesError(STATES_ERRORS.Timeout, "TestState ran for longer than its time limit") : toStatesError(thrown);
    const failed = {
      ...error.error !== null ? { error: error.error } : {},
      ...typeof error.cause === "string" ? { cause: error.cause } : {}
    };
    const retriers = "Retry" in state && state.Retry ? state.Retry : [];
    const retryIndex = retriers.findIndex((r) => errorMatches(r.ErrorEquals, error.error));
    const retrier = retriers[retryIndex];
    const used = run.retrierRetryCount ?? 0;
    if (retrier && used < maxAttempts(retrier)) {
      const backoff = Math.round(retryDelaySeconds({ ...retrier, JitterStrategy: "NONE" }, used + 1, run.clock.random));
      return finish({ status: "RETRIABLE", ...failed, inspectionData: { ...inspection, errorDetails: { retryIndex, retryBackoffIntervalSeconds: backoff } } });
    }
    const catchers = "Catch" in state && state.Catch ? state.Catch : [];
    const catchIndex = catchers.findIndex((c) => errorMatches(c.ErrorEquals, error.error));
    const catcher = catchers[catchIndex];
    if (catcher) {
      const caught = await query.catchOutput(catcher, run.input, errorOutput(error), scope);
      if (caught.assigned) inspection.variables = json({ ...run.variables, ...caught.assigned });
      return finish({ status: "CAUGHT_ERROR", ...failed, output: json(caught.output), nextState: catcher.Next, inspectionData: { ...inspection, errorDetails: { catchIndex } } });
    }
    return finish({ status: "FAILED", ...failed, inspectionData: inspection });
  }
}

// local/src/testing/test-state-service.ts
var isObject3 = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
var TEST_STATE_TIMEOUT_MS = 5 * 6e4;
var DEFAULT_STATE_NAME = "TestState";
function validation(message) {
  return new ServiceError("ValidationException", message);
}
function parseJson(text, fallback, fail2) {
  if (text === void 0) return fallback;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail2(error.message);
  }
}
function findState(machine, name) {
  const states = isObject3(machine.States) ? machine.States : {};
  if (isObject3(states[name])) return states[name];
  for (const state of Object.values(states)) {
    if (!isObject3(state)) continue;
    const nested = [...Array.isArray(state.Branches) ? state.Branches : [], state.ItemProcessor, state.Iterator].filter(isObject3);
    for (const child of nested) {
      const found = findState(child, name);
      if (found) return found;
    }
  }
  return void 0;
}
function machineAround(name, state, rootLanguage) {
  const targets = /* @__PURE__ */ new Set();
  const add = (target) => void (typeof target === "string" && targets.add(target));
  add(state.Next);
  add(state.Default);
  for (const list of [state.Choices, state.Catch]) if (Array.isArray(list)) list.forEach((c) => isObject3(c) && add(c.Next));
  const states = { [name]: state };
  for (const target of targets) if (target !== name) states[target] = { Type: "Succeed" };
  return { ...rootLanguage !== void 0 ? { QueryLanguage: rootLanguage } : {}, StartAt: name, States: states };
}
async function runTestState(input, deps) {
  if (typeof input.definition !== "string") throw validation("1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
  const definition = parseJson(input.definition, void 0, (m) => new ServiceError("InvalidDefinition", `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${m}'`));
  if (!isObject3(definition)) throw new ServiceError("InvalidDefinition", "Invalid State Machine Definition: 'The definition must be a JSON object'");
  let stateName;
  let state;
  let rootLanguage;
  if (isObject3(definition.States)) {
    stateName = input.stateName ?? String(definition.StartAt);
    const found = findState(definition, stateName);
    if (!found) throw validation(`The state '${stateName}' is not in the definition`);
    state = found;
    rootLanguage = definition.QueryLanguage;
  } else {
    stateName = input.stateName ?? DEFAULT_STATE_NAME;
    state = definition;
  }
  const language = state.QueryLanguage ?? rootLanguage;
  const checked = machineAround(stateName, state, rootLanguage);
  const verdict = deps.validate(checked);
  if (!verdict.ok) {
    const problems = verdict.errors.map((e) => `SCHEMA_VALIDATION_FAILED: ${e.message} at ${e.path || "/"}`).join(", ");
    throw new ServiceError("InvalidDefinition", `Invalid State Machine Definition: '${problems}'`);
  }
  const typed2 = { ...state, ...language !== void 0 ? { QueryLanguage: language } : {} };
  const stateInput = parseJson(input.input, {}, (m) => new ServiceError("InvalidExecutionInput", `Invalid State Machine Execution Input: '${m}'`));
  const variables = parseJson(input.variables, {}, (m) => validation(`Invalid variables: ${m}`));
  if (!isObject3(variables)) throw validation("variables must be a JSON object");
  const context = parseJson(input.context, void 0, (m) => validation(`Invalid context: ${m}`));
  if (context !== void 0 && !isObject3(context)) throw validation("context must be a JSON object");
  const mock = input.mock;
  if (mock && mock.result !== void 0 && mock.errorOutput !== void 0) throw validation("A mock has either result or errorOutput, not both");
  const mockable = typed2.Type === "Task" || typed2.Type === "Map" || typed2.Type === "Parallel";
  if (mock && !mockable) throw validation(`A mock applies to Task, Map and Parallel states, not ${typed2.Type}`);
  if (!mock && (typed2.Type === "Map" || typed2.Type === "Parallel")) throw validation(`TestState runs a ${typed2.Type} state only with a mock`);
  let mockedResult;
  if (mock) {
    if (mock.errorOutput) {
      mockedResult = { error: mock.errorOutput.error ?? "States.TaskFailed", ...mock.errorOutput.cause !== void 0 ? { cause: mock.errorOutput.cause } : {} };
    } else {
      mockedResult = { value: parseJson(mock.result ?? "null", null, (m) => validation(`Invalid mock result: ${m}`)) };
    }
  }
  let integrations = deps.integrations;
  if (mockedResult && typed2.Type === "Task") {
    const response = "error" in mockedResult ? { Throw: { Error: mockedResult.error, ...mockedResult.cause !== void 0 ? { Cause: mockedResult.cause } : {} } } : { Return: mockedResult.value };
    const config = parseMockConfig({ StateMachines: { TestState: { TestCases: { Mock: { [stateName]: "Mock" } } } }, MockedResponses: { Mock: { "0": response } } }, "TestState mock");
    integrations = new MockedIntegrationRegistry(deps.integrations, { config, states: config.testCase("TestState", "Mock") }, deps.taskTokens);
  }
  const executionName = "TestState";
  const machineArn = `arn:aws:states:${deps.region}:${deps.accountId}:stateMachine:TestState`;
  const result = await testState({
    stateName,
    state: typed2,
    input: stateInput,
    variables,
    ...context !== void 0 ? { context } : {},
    inspectionLevel: input.inspectionLevel ?? "INFO",
    ...input.stateConfiguration?.retrierRetryCount !== void 0 ? { retrierRetryCount: input.stateConfiguration.retrierRetryCount } : {},
    execution: {
      executionArn: `arn:aws:states:${deps.region}:${deps.accountId}:execution:TestState:${executionName}`,
      executionName,
      stateMachineArn: machineArn,
      stateMachineName: "TestState",
      roleArn: input.roleArn ?? `arn:aws:iam::${deps.accountId}:role/sfn-ecs-local`,
      startTime: new Date(deps.clock.now()).toISOString(),
      region: deps.region
    },
    integrations,
    taskTokens: deps.taskTokens,
    clock: deps.clock,
    signal: AbortSignal.timeout(TEST_STATE_TIMEOUT_MS),
    ...mockedResult && typed2.Type !== "Task" ? { mockedResult } : {}
  });
  return result;
}

// local/src/s3/embedded-s3.ts
import { mkdir as mkdir2 } from "node:fs/promises";
import S3rver from "s3rver";
var EMBEDDED_S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
async function startEmbeddedS3(options) {
  await mkdir2(options.directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    // Path-style only: a vhost lookup would treat "127" as a bucket name.
    vhostBuckets: false,
    // Newer SDKs sign streamed (aws-chunked) bodies in ways s3rver cannot recompute; the key is still checked.
    allowMismatchedSignatures: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] }))
  });
  const address = await server.run();
  let closed;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory: options.directory,
    close() {
      closed ??= server.close().catch(() => void 0);
      return closed;
    }
  };
}

// local/src/runtime/arns.ts
function stateMachineArn(identity, name) {
  return `arn:aws:states:${identity.region}:${identity.accountId}:stateMachine:${name}`;
}
function executionArn(identity, stateMachineName, executionName) {
  return `arn:aws:states:${identity.region}:${identity.accountId}:execution:${stateMachineName}:${executionName}`;
}
function invalidArn(reason) {
  return new ServiceError("InvalidArn", `Invalid Arn: '${reason}'`);
}
function parse2(arn, expected) {
  if (typeof arn !== "string") throw invalidArn(`Invalid ARN prefix: ${String(arn)}`);
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || parts[2] !== "states") throw invalidArn(`Invalid ARN prefix: ${arn}`);
  if (parts[5] !== expected) throw invalidArn(`Resource type not valid in this context: ${parts[5] ?? ""}`);
  const rest = parts.slice(6);
  const wanted = expected === "stateMachine" ? 1 : 2;
  if (rest.length !== wanted || rest.some((p) => p === "")) throw invalidArn(`Invalid Arn resource id: ${arn}`);
  return rest;
}
function parseStateMachineArn(arn) {
  const [name] = parse2(arn, "stateMachine");
  return { name };
}
function parseExecutionArn(arn) {
  const [stateMachineName, executionName] = parse2(arn, "execution");
  return { stateMachineName, executionName };
}

// local/src/runtime/execution-store.ts
import { appendFile as appendFile2, mkdir as mkdir3, readdir as readdir2, readFile as readFile5, rename, writeFile } from "node:fs/promises";
import { join as join7 } from "node:path";

// local/src/runtime/execution-record.ts
var EXECUTION_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];

// local/src/runtime/execution-store.ts
var ExecutionStore = class _ExecutionStore {
  #dir;
  #records = /* @__PURE__ */ new Map();
  #queues = /* @__PURE__ */ new Map();
  #pendingEvents = /* @__PURE__ */ new Map();
  constructor(dir) {
    this.#dir = dir;
  }
  /** Opens (creating if needed) the store under dir and loads every record found there. */
  static async open(dir) {
    const store = new _ExecutionStore(dir);
    await mkdir3(dir, { recursive: true });
    for (const machine of await readdir2(dir, { withFileTypes: true })) {
      if (!machine.isDirectory()) continue;
      for (const execution of await readdir2(join7(dir, machine.name), { withFileTypes: true })) {
        if (!execution.isDirectory()) continue;
        const record = await readRecord(join7(dir, machine.name, execution.name, "execution.json"));
        if (record) store.#records.set(record.executionArn, record);
      }
    }
    return store;
  }
  get(executionArn2) {
    return this.#records.get(executionArn2);
  }
  /** All records, newest first (ListExecutions order). */
  list() {
    return [...this.#records.values()].sort((a, b) => b.startDate - a.startDate);
  }
  /** Records (or replaces) an execution and writes it to disk in order with its other writes. */
  save(record) {
    this.#records.set(record.executionArn, record);
    const folder = this.#folder(record);
    const text = `${JSON.stringify(record, null, 2)}
`;
    return this.#enqueue(record.executionArn, async () => {
      await mkdir3(folder, { recursive: true });
      const file = join7(folder, "execution.json");
      await writeFile(`${file}.tmp`, text);
      await rename(`${file}.tmp`, file);
    });
  }
  /** Appends a history event; lines are batched into few writes. */
  appendEvent(record, event) {
    const line = `${JSON.stringify({ ...event, timestamp: event.timestamp.getTime() })}
`;
    const pending = this.#pendingEvents.get(record.executionArn);
    if (pending) {
      pending.push(line);
      return;
    }
    const lines = [line];
    this.#pendingEvents.set(record.executionArn, lines);
    const folder = this.#folder(record);
    void this.#enqueue(record.executionArn, async () => {
      this.#pendingEvents.delete(record.executionArn);
      await mkdir3(folder, { recursive: true });
      await appendFile2(join7(folder, "history.jsonl"), lines.join(""));
    });
  }
  /** The execution's history as written so far (after its queued writes land). */
  async readHistory(record) {
    await this.flush(record.executionArn);
    const lines = await readLines(join7(this.#folder(record), "history.jsonl"));
    return lines.map((line) => {
      const raw = JSON.parse(line);
      return { ...raw, timestamp: new Date(raw.timestamp) };
    });
  }
  /** Resolves once every queued write of the execution (or of all executions) is on disk. */
  async flush(executionArn2) {
    if (executionArn2) {
      await this.#queues.get(executionArn2);
      return;
    }
    await Promise.all(this.#queues.values());
  }
  #folder(record) {
    return join7(this.#dir, record.stateMachineName, record.name);
  }
  #enqueue(executionArn2, write) {
    const previous = this.#queues.get(executionArn2) ?? Promise.resolve();
    const next = previous.then(write).catch((error) => {
      process.emitWarning(`sfn-ecs: could not persist execution ${executionArn2}: ${String(error)}`);
    });
    this.#queues.set(executionArn2, next);
    void next.then(() => {
      if (this.#queues.get(executionArn2) === next) this.#queues.delete(executionArn2);
    });
    return next;
  }
};
async function readLines(file) {
  let text;
  try {
    text = await readFile5(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
  return text.split("\n").filter((line) => {
    if (line.trim() === "") return false;
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  });
}
async function readRecord(file) {
  try {
    const record = JSON.parse(await readFile5(file, "utf8"));
    if (typeof record.executionArn !== "string" || !EXECUTION_STATUSES.includes(record.status)) return void 0;
    return record;
  } catch {
    return void 0;
  }
}

// local/src/runtime/state-machine-store.ts
import { mkdir as mkdir4, readdir as readdir3, readFile as readFile6, rename as rename2, rm, writeFile as writeFile2 } from "node:fs/promises";
import { join as join8 } from "node:path";
var StateMachineStore = class _StateMachineStore {
  #dir;
  #machines = /* @__PURE__ */ new Map();
  constructor(dir) {
    this.#dir = dir;
  }
  /** Loads the machines created through the API in an earlier run. */
  static async open(dir) {
    const store = new _StateMachineStore(dir);
    await mkdir4(dir, { recursive: true });
    for (const file of await readdir3(dir)) {
      if (!file.endsWith(".json")) continue;
      try {
        const record = JSON.parse(await readFile6(join8(dir, file), "utf8"));
        store.#machines.set(record.stateMachineArn, record);
      } catch {
      }
    }
    return store;
  }
  get(stateMachineArn2) {
    return this.#machines.get(stateMachineArn2);
  }
  list() {
    return [...this.#machines.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
  async put(record) {
    this.#machines.set(record.stateMachineArn, record);
    if (record.source !== "api") return;
    const file = join8(this.#dir, `${record.name}.json`);
    await writeFile2(`${file}.tmp`, JSON.stringify(record));
    await rename2(`${file}.tmp`, file);
  }
  async delete(stateMachineArn2) {
    const record = this.#machines.get(stateMachineArn2);
    if (!record) return;
    this.#machines.delete(stateMachineArn2);
    if (record.source === "api") await rm(join8(this.#dir, `${record.name}.json`), { force: true });
  }
};

// local/src/runtime/step-functions-service.ts
import { randomUUID as randomUUID7 } from "node:crypto";

// local/src/runtime/names.ts
var FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;
function isValidName(name) {
  return name.length >= 1 && name.length <= 80 && !FORBIDDEN.test(name);
}
function assertValidName(name) {
  if (typeof name !== "string" || !isValidName(name)) {
    throw new ServiceError("InvalidName", `Invalid Name: '${String(name)}'`);
  }
}

// local/src/runtime/paging.ts
var DEFAULT_PAGE_SIZE = 100;
var MAX_PAGE_SIZE = 1e3;
function encodePageToken(scope, offset) {
  return Buffer.from(JSON.stringify({ scope, offset })).toString("base64url");
}
function decodePageToken(scope, token) {
  if (token === void 0 || token === "") return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (parsed.scope === scope && typeof parsed.offset === "number" && Number.isInteger(parsed.offset) && parsed.offset >= 0) {
      return parsed.offset;
    }
  } catch {
  }
  throw new ServiceError("InvalidToken", `Invalid Token: '${token}'`);
}
function pageSize(maxResults) {
  if (maxResults === void 0 || maxResults === 0) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > MAX_PAGE_SIZE) {
    throw new ServiceError(
      "ValidationException",
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE_SIZE}`
    );
  }
  return maxResults;
}
function page(items, scope, nextToken, maxResults) {
  const size = pageSize(maxResults);
  const offset = decodePageToken(scope, nextToken);
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encodePageToken(scope, offset + size) : void 0;
  return next ? { items: slice, nextToken: next } : { items: slice };
}

// local/src/runtime/step-functions-service.ts
var MAX_PAYLOAD_CHARS = 262144;
var LOCAL_ROLE_ARN_SUFFIX = "role/sfn-ecs-local";
var TERMINAL_EVENTS = /* @__PURE__ */ new Set(["ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"]);
function validation2(member, constraint, value) {
  return new ServiceError("ValidationException", `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`);
}
function fromTokenReply(reply) {
  if (!reply.ok) throw new ServiceError(reply.code, reply.message);
  return {};
}
var StepFunctionsService = class {
  #o;
  #now;
  #live = /* @__PURE__ */ new Map();
  #listeners = /* @__PURE__ */ new Set();
  constructor(options) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }
  get roleArn() {
    return `arn:aws:iam::${this.#o.identity.accountId}:${LOCAL_ROLE_ARN_SUFFIX}`;
  }
  // ---- state machines ----
  /** Parses and validates a definition, or throws InvalidDefinition listing every problem. */
  checkDefinition(definition) {
    let parsed;
    try {
      parsed = JSON.parse(definition);
    } catch (error) {
      throw new ServiceError("InvalidDefinition", `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${error.message}'`);
    }
    const result = this.#o.validate(parsed);
    if (!result.ok) {
      const problems = result.errors.map((e) => `SCHEMA_VALIDATION_FAILED: ${e.message} at ${e.path || "/"}`).join(", ");
      throw new ServiceError("InvalidDefinition", `Invalid State Machine Definition: '${problems}'`);
    }
    return parsed;
  }
  /** Registers (or replaces) a machine from the project's statemachines folder. */
  async registerProjectMachine(name, definition) {
    assertValidName(name);
    const parsedDefinition = this.checkDefinition(definition);
    const record = {
      name,
      stateMachineArn: stateMachineArn(this.#o.identity, name),
      definition,
      parsedDefinition,
      roleArn: this.roleArn,
      type: "STANDARD",
      creationDate: this.#now(),
      source: "project"
    };
    await this.#o.machines.put(record);
    return record;
  }
  async createStateMachine(input) {
    assertValidName(input.name);
    if (input.type !== void 0 && input.type !== "STANDARD") {
      throw new ServiceError("ValidationException", `The local runtime runs STANDARD state machines only (got type ${String(input.type)})`);
    }
    if (typeof input.definition !== "string") throw validation2("definition", "Member must not be null", input.definition);
    const parsedDefinition = this.checkDefinition(input.definition);
    const arn = stateMachineArn(this.#o.identity, input.name);
    const existing = this.#o.machines.get(arn);
    if (existing) {
      if (existing.definition === input.definition && existing.roleArn === input.roleArn) {
        return { stateMachineArn: arn, creationDate: new Date(existing.creationDate) };
      }
      throw new ServiceError("StateMachineAlreadyExists", `State Machine Already Exists: '${arn}'`);
    }
    const record = {
      name: input.name,
      stateMachineArn: arn,
      definition: input.definition,
      parsedDefinition,
      roleArn: input.roleArn ?? this.roleArn,
      type: "STANDARD",
      creationDate: this.#now(),
      source: "api"
    };
    await this.#o.machines.put(record);
    return { stateMachineArn: arn, creationDate: new Date(record.creationDate) };
  }
  #machine(arn) {
    parseStateMachineArn(arn);
    const machine = this.#o.machines.get(arn);
    if (!machine) throw new ServiceError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${String(arn)}'`);
    return machine;
  }
  async describeStateMachine(input) {
    const machine = this.#machine(input.stateMachineArn);
    return {
      stateMachineArn: machine.stateMachineArn,
      name: machine.name,
      status: "ACTIVE",
      definition: machine.definition,
      roleArn: machine.roleArn,
      type: machine.type,
      creationDate: new Date(machine.creationDate),
      loggingConfiguration: { level: "OFF", includeExecutionData: false }
    };
  }
  async listStateMachines(input = {}) {
    const machines2 = this.#o.machines.list();
    const { items, nextToken } = page(machines2, "ListStateMachines", input.nextToken, input.maxResults);
    return {
      stateMachines: items.map((m) => ({ stateMachineArn: m.stateMachineArn, name: m.name, type: m.type, creationDate: new Date(m.creationDate) })),
      ...nextToken ? { nextToken } : {}
    };
  }
  async deleteStateMachine(input) {
    parseStateMachineArn(input.stateMachineArn);
    await this.#o.machines.delete(input.stateMachineArn);
    return {};
  }
  // ---- executions ----
  async startExecution(input) {
    const [machineArn, testCase] = splitTestCase(input.stateMachineArn);
    const machine = this.#machine(machineArn);
    if (testCase !== void 0) {
      if (!this.#o.checkTestCase) throw new ServiceError("InvalidArn", `Invalid Arn: 'A test case (#${testCase}) needs a mock configuration (sfn-ecs serve --mock-config FILE or SFN_MOCK_CONFIG)'`);
      this.#o.checkTestCase(machine.name, testCase);
    }
    const name = input.name ?? randomUUID7();
    assertValidName(name);
    const inputText = input.input ?? "{}";
    if (typeof inputText !== "string") throw new ServiceError("InvalidExecutionInput", `Invalid State Machine Execution Input: 'input must be a string of JSON text'`);
    if (inputText.length > MAX_PAYLOAD_CHARS) {
      throw validation2("input", `Member must have length less than or equal to ${MAX_PAYLOAD_CHARS}`, `${inputText.slice(0, 20)}...`);
    }
    let parsedInput;
    try {
      parsedInput = JSON.parse(inputText);
    } catch (error) {
      throw new ServiceError("InvalidExecutionInput", `Invalid State Machine Execution Input: '${error.message}'`);
    }
    const arn = executionArn(this.#o.identity, machine.name, name);
    const existing = this.#o.executions.get(arn);
    if (existing) {
      if (existing.status === "RUNNING" && existing.input === inputText) {
        return { executionArn: arn, startDate: new Date(existing.startDate) };
      }
      throw new ServiceError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
    }
    const record = {
      executionArn: arn,
      stateMachineArn: machine.stateMachineArn,
      stateMachineName: machine.name,
      name,
      status: "RUNNING",
      startDate: this.#now(),
      input: inputText,
      ownerPid: process.pid
    };
    await this.#o.executions.save(record);
    this.#launch(record, machine, parsedInput, testCase);
    return { executionArn: arn, startDate: new Date(record.startDate) };
  }
  #launch(record, machine, input, testCase) {
    const controller = new AbortController();
    const events = [];
    let settle;
    const done = new Promise((resolve3) => settle = resolve3);
    const live2 = { record, events, controller, done };
    this.#live.set(record.executionArn, live2);
    const onEvent = (event) => {
      events.push(event);
      this.#o.executions.appendEvent(live2.record, event);
      for (const listener of this.#listeners) {
        try {
          listener(event, record.executionArn);
        } catch {
        }
      }
    };
    const run = async () => {
      try {
        return await this.#o.run({
          definition: machine.parsedDefinition,
          input,
          context: {
            executionArn: record.executionArn,
            executionName: record.name,
            stateMachineArn: machine.stateMachineArn,
            stateMachineName: machine.name,
            roleArn: machine.roleArn,
            startTime: new Date(record.startDate).toISOString(),
            region: this.#o.identity.region
          },
          signal: controller.signal,
          onEvent,
          ...testCase !== void 0 ? { testCase } : {}
        });
      } catch (error) {
        return { status: "FAILED", error: "States.Runtime", cause: `The local engine failed: ${error?.message ?? String(error)}` };
      }
    };
    void run().then(async (outcome) => {
      const stopped = live2.record.status === "ABORTED";
      const final = stopped ? live2.record : {
        ...live2.record,
        status: outcome.status,
        stopDate: this.#now(),
        ...outcome.status === "SUCCEEDED" ? { output: outcome.output } : {},
        ...outcome.status !== "SUCCEEDED" && outcome.error !== void 0 ? { error: outcome.error } : {},
        ...outcome.status !== "SUCCEEDED" && outcome.cause !== void 0 ? { cause: outcome.cause } : {}
      };
      const last = events.at(-1);
      if (!last || !TERMINAL_EVENTS.has(last.type)) onEvent(this.#terminalEvent(final, last));
      live2.record = final;
      await this.#o.executions.save(final);
      await this.#o.executions.flush(final.executionArn);
      await this.#o.afterExecution?.(events).catch(() => void 0);
    }).finally(() => {
      this.#live.delete(record.executionArn);
      settle();
    });
  }
  /** The closing event when the engine ended without one (it threw, or was stopped mid-state). */
  #terminalEvent(record, last) {
    const base = { id: (last?.id ?? 0) + 1, timestamp: new Date(record.stopDate ?? this.#now()) };
    const details = { ...record.error !== void 0 ? { error: record.error } : {}, ...record.cause !== void 0 ? { cause: record.cause } : {} };
    switch (record.status) {
      case "SUCCEEDED":
        return { ...base, previousEventId: last?.id ?? 0, type: "ExecutionSucceeded", executionSucceededEventDetails: { output: record.output ?? "null", outputDetails: { truncated: false } } };
      case "TIMED_OUT":
        return { ...base, previousEventId: last?.id ?? 0, type: "ExecutionTimedOut", executionTimedOutEventDetails: details };
      case "ABORTED":
        return { ...base, previousEventId: 0, type: "ExecutionAborted", executionAbortedEventDetails: details };
      default:
        return { ...base, previousEventId: last?.id ?? 0, type: "ExecutionFailed", executionFailedEventDetails: details };
    }
  }
  #execution(arn) {
    parseExecutionArn(arn);
    const record = this.#o.executions.get(arn);
    if (!record) throw new ServiceError("ExecutionDoesNotExist", `Execution Does Not Exist: '${String(arn)}'`);
    return this.#live.get(record.executionArn)?.record ?? record;
  }
  async describeExecution(input) {
    const record = this.#execution(input.executionArn);
    const withData = input.includedData !== "METADATA_ONLY";
    const finished2 = record.status !== "RUNNING";
    return {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: new Date(record.startDate),
      ...record.stopDate !== void 0 ? { stopDate: new Date(record.stopDate) } : {},
      ...withData ? { input: record.input } : {},
      inputDetails: { included: withData },
      ...withData && record.output !== void 0 ? { output: record.output } : {},
      ...record.status === "SUCCEEDED" ? { outputDetails: { included: withData } } : {},
      ...record.error !== void 0 ? { error: record.error } : {},
      ...record.cause !== void 0 ? { cause: record.cause } : {},
      redriveCount: 0,
      redriveStatus: "NOT_REDRIVABLE",
      ...finished2 ? { redriveStatusReason: `Execution is ${record.status} and cannot be redriven` } : {}
    };
  }
  async stopExecution(input) {
    const record = this.#execution(input.executionArn);
    if (input.error !== void 0 && input.error.length > 256) throw validation2("error", "Member must have length less than or equal to 256", input.error);
    if (input.cause !== void 0 && input.cause.length > 32768) throw validation2("cause", "Member must have length less than or equal to 32768", "...");
    const live2 = this.#live.get(record.executionArn);
    if (!live2 || live2.record.status !== "RUNNING") return { stopDate: new Date(record.stopDate ?? this.#now()) };
    live2.record = {
      ...live2.record,
      status: "ABORTED",
      stopDate: this.#now(),
      ...input.error !== void 0 ? { error: input.error } : {},
      ...input.cause !== void 0 ? { cause: input.cause } : {}
    };
    await this.#o.executions.save(live2.record);
    live2.controller.abort(new ExecutionStoppedError(input.error, input.cause));
    return { stopDate: new Date(live2.record.stopDate) };
  }
  async listExecutions(input) {
    if (input.stateMachineArn === void 0) {
      throw new ServiceError("ValidationException", "Must provide a StateMachine ARN or MapRun ARN");
    }
    parseStateMachineArn(input.stateMachineArn);
    const all = this.#o.executions.list().filter((e) => e.stateMachineArn === input.stateMachineArn);
    if (!this.#o.machines.get(input.stateMachineArn) && all.length === 0) {
      throw new ServiceError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${input.stateMachineArn}'`);
    }
    const filter = input.statusFilter;
    if (filter !== void 0 && !EXECUTION_STATUSES.includes(filter) && filter !== "PENDING_REDRIVE") {
      throw validation2("statusFilter", "Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]", filter);
    }
    const matching = all.map((e) => this.#live.get(e.executionArn)?.record ?? e).filter((e) => filter === void 0 || e.status === filter);
    const scope = `ListExecutions:${input.stateMachineArn}:${filter ?? ""}`;
    const { items, nextToken } = page(matching, scope, input.nextToken, input.maxResults);
    const executions = items.map((e) => ({
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: new Date(e.startDate),
      ...e.stopDate !== void 0 ? { stopDate: new Date(e.stopDate) } : {},
      redriveCount: 0
    }));
    return { executions, ...nextToken ? { nextToken } : {} };
  }
  /** The events so far: from memory while running, from disk afterwards. */
  async history(executionArn2) {
    const record = this.#execution(executionArn2);
    const live2 = this.#live.get(record.executionArn);
    if (live2) return [...live2.events];
    return this.#o.executions.readHistory(record);
  }
  async getExecutionHistory(input) {
    const events = await this.history(input.executionArn);
    const ordered = input.reverseOrder ? [...events].reverse() : events;
    const scope = `GetExecutionHistory:${input.executionArn}:${input.reverseOrder ? "r" : "f"}`;
    const { items, nextToken } = page(ordered, scope, input.nextToken, input.maxResults);
    const withData = input.includeExecutionData !== false;
    return {
      events: items.map((e) => withData ? e : withoutData(e)),
      ...nextToken ? { nextToken } : {}
    };
  }
  // ---- callback tokens ----
  async sendTaskSuccess(input) {
    assertToken(input.taskToken);
    if (typeof input.output !== "string") throw validation2("output", "Member must not be null", input.output);
    if (input.output.length > MAX_PAYLOAD_CHARS) throw validation2("output", `Member must have length less than or equal to ${MAX_PAYLOAD_CHARS}`, "...");
    return fromTokenReply(this.#o.taskTokens.sendSuccess(input.taskToken, input.output));
  }
  async sendTaskFailure(input) {
    assertToken(input.taskToken);
    if (input.error !== void 0 && input.error.length > 256) throw validation2("error", "Member must have length less than or equal to 256", input.error);
    if (input.cause !== void 0 && input.cause.length > 32768) throw validation2("cause", "Member must have length less than or equal to 32768", "...");
    return fromTokenReply(this.#o.taskTokens.sendFailure(input.taskToken, input.error, input.cause));
  }
  async sendTaskHeartbeat(input) {
    assertToken(input.taskToken);
    return fromTokenReply(this.#o.taskTokens.sendHeartbeat(input.taskToken));
  }
  // ---- local extras ----
  /** Resolves with the final DescribeExecution once the execution has ended and its .sync tasks have stopped. */
  async waitForExecution(executionArn2, signal) {
    this.#execution(executionArn2);
    const live2 = this.#live.get(executionArn2);
    if (live2) {
      await new Promise((resolve3, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => reject(signal.reason);
        signal?.addEventListener("abort", onAbort, { once: true });
        void live2.done.then(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve3();
        });
      });
    }
    return this.describeExecution({ executionArn: executionArn2 });
  }
  /** Every history event of every execution, as it happens. Returns an unsubscribe function. */
  onHistoryEvent(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  /** ARNs of executions still running. */
  runningExecutions() {
    return [...this.#live.keys()];
  }
  /** Stops every running execution and waits (at most timeoutMs) for them to wind down. */
  async stopAll(cause, timeoutMs) {
    const lives = [...this.#live.values()];
    await Promise.all(lives.map((l) => this.stopExecution({ executionArn: l.record.executionArn, error: "LocalRuntime.Shutdown", cause }).catch(() => void 0)));
    let timer;
    await Promise.race([
      Promise.all(lives.map((l) => l.done)),
      new Promise((resolve3) => timer = setTimeout(resolve3, timeoutMs))
    ]);
    clearTimeout(timer);
  }
  /**
   * Marks executions left RUNNING by a process that died as ABORTED, closing their histories, so a
   * restart never shows an execution as running that nothing runs.
   */
  async recoverInterrupted() {
    let count = 0;
    for (const record of this.#o.executions.list()) {
      if (record.status !== "RUNNING" || this.#live.has(record.executionArn)) continue;
      if (record.ownerPid !== void 0 && record.ownerPid !== process.pid && isAlive(record.ownerPid)) continue;
      const events = await this.#o.executions.readHistory(record);
      const last = events.at(-1);
      const final = {
        ...record,
        status: "ABORTED",
        stopDate: this.#now(),
        error: "LocalRuntime.Interrupted",
        cause: "The local runtime stopped while this execution was running (the process exited or was killed); its tasks were not resumed."
      };
      this.#o.executions.appendEvent(final, this.#terminalEvent(final, last));
      await this.#o.executions.save(final);
      count += 1;
    }
    await this.#o.executions.flush();
    return count;
  }
};
var ExecutionStoppedError = class extends Error {
  constructor(error, cause) {
    super(`Execution stopped${error ? `: ${error}` : ""}`);
    this.error = error;
    this.cause = cause;
  }
  error;
  cause;
  name = "ExecutionStoppedError";
};
function splitTestCase(arn) {
  const at = arn?.indexOf("#") ?? -1;
  if (arn === void 0 || at < 0) return [arn, void 0];
  return [arn.slice(0, at), arn.slice(at + 1)];
}
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
function assertToken(token) {
  if (typeof token !== "string") throw validation2("taskToken", "Member must not be null", token);
  if (token.length < 1) throw validation2("taskToken", "Member must have length greater than or equal to 1", token);
  if (token.length > 2048) throw validation2("taskToken", "Member must have length less than or equal to 2048", `${token.slice(0, 20)}...`);
}
function withoutData(event) {
  const copy = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (!key.endsWith("EventDetails") || value === null || typeof value !== "object") continue;
    const { input: _input, output: _output, ...rest } = value;
    copy[key] = rest;
  }
  return copy;
}

// local/src/runtime/validation-cache.ts
import { createHash as createHash3 } from "node:crypto";
var MAX_ENTRIES = 1e3;
var passed = /* @__PURE__ */ new Set();
function cachedValidation(validate) {
  return (definition) => {
    const key = createHash3("sha256").update(JSON.stringify(definition)).digest("hex");
    if (passed.has(key)) return { ok: true };
    const result = validate(definition);
    if (result.ok) {
      if (passed.size >= MAX_ENTRIES) passed.clear();
      passed.add(key);
    }
    return result;
  };
}

// local/src/runtime/task-log-files.ts
import { readFile as readFile7 } from "node:fs/promises";
import { join as join9 } from "node:path";
var TASK_ARN = /arn:aws:ecs:[^:"\\]+:\d+:task\/[^"\\/]+\/[A-Za-z0-9-]+/g;
function taskArnsInHistory(events) {
  const found = /* @__PURE__ */ new Set();
  for (const event of events) {
    if (!event.type.startsWith("Task")) continue;
    for (const match of JSON.stringify(event).matchAll(TASK_ARN)) found.add(match[0]);
  }
  return [...found];
}
function syncTaskArns(events) {
  const found = /* @__PURE__ */ new Set();
  for (const event of events) {
    if (event.type !== "TaskSubmitted") continue;
    const details = event.taskSubmittedEventDetails;
    if (details?.resource !== "runTask.sync" || typeof details.output !== "string") continue;
    for (const match of details.output.matchAll(TASK_ARN)) found.add(match[0]);
  }
  return [...found];
}
async function readTaskLog(logDir, taskArn2) {
  const taskId = taskArn2.slice(taskArn2.lastIndexOf("/") + 1);
  let text;
  try {
    text = await readFile7(join9(logDir, `${taskId}.jsonl`), "utf8");
  } catch {
    return [];
  }
  const entries = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const raw = JSON.parse(line);
      entries.push({ taskArn: taskArn2, timestamp: raw.timestamp, stream: raw.stream, message: raw.message });
    } catch {
    }
  }
  return entries;
}

// local/src/runtime/execution-reader.ts
var DATA_LAYOUT = { executions: "executions", taskLogs: "task-logs", stateMachines: "state-machines", s3: "s3", logs: "logs" };
async function logsOfHistory(logDir, events) {
  const logs = await Promise.all(taskArnsInHistory(events).map((arn) => readTaskLog(logDir, arn)));
  return logs.flat().sort((a, b) => a.timestamp - b.timestamp);
}

// local/src/runtime/create-runtime.ts
var LOCAL_CLUSTER_NAME2 = "sfn-ecs-local";
var SYNC_TASK_STOP_WAIT_MS = 13e4;
var CLOSE_GRACE_MS = 5e3;
function resolveOptions2(options) {
  const rootDir = resolve2(options.rootDir);
  return {
    rootDir,
    dataDir: resolve2(options.dataDir ?? join10(rootDir, ".sfn-ecs")),
    port: options.port ?? 0,
    region: options.region,
    timeScale: options.timeScale ?? 1,
    maxConcurrentTasks: options.maxConcurrentTasks,
    // Step Functions Local reads its mock configuration from SFN_MOCK_CONFIG too.
    mockConfig: options.mockConfig ?? (process.env.SFN_MOCK_CONFIG || void 0),
    limits: options.limits,
    onWarning: options.onWarning ?? ((message) => process.emitWarning(message, "SfnEcsMockWarning"))
  };
}
async function createRuntime(options) {
  const o = resolveOptions2(options);
  const project = await loadProject(o.rootDir, o.region ? { region: o.region } : {});
  const identity = { region: project.region, accountId: project.accountId };
  const cleanups = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => void 0);
  };
  try {
    const s3 = await startEmbeddedS3({ directory: join10(o.dataDir, DATA_LAYOUT.s3), buckets: [project.artifactBucket] });
    cleanups.push(() => s3.close());
    const machines2 = await StateMachineStore.open(join10(o.dataDir, DATA_LAYOUT.stateMachines));
    const executions = await ExecutionStore.open(join10(o.dataDir, DATA_LAYOUT.executions));
    const taskTokens = new TaskTokenRegistry();
    const integrations = new IntegrationRegistry();
    const clock = systemClock();
    const mockConfig = typeof o.mockConfig === "string" ? await loadMockConfig(resolve2(o.rootDir, o.mockConfig)) : o.mockConfig;
    const mocks = mockConfig ? runtimeMocks(mockConfig, integrations, taskTokens, o.onWarning) : void 0;
    const validate = cachedValidation(validateDefinition);
    let ecs;
    const service = new StepFunctionsService({
      identity,
      machines: machines2,
      executions,
      taskTokens,
      validate,
      ...mocks ? { checkTestCase: mocks.checkTestCase } : {},
      run: (run) => runExecution({
        ...run,
        integrations: mocks && run.testCase !== void 0 ? mocks.integrationsFor(run.context.stateMachineName, run.testCase, run.definition) : integrations,
        taskTokens,
        clock,
        timeScale: o.timeScale,
        ...o.limits ? { limits: o.limits } : {}
      }),
      afterExecution: async (events) => {
        const arns = syncTaskArns(events);
        if (arns.length === 0 || !ecs) return;
        const running = ecs;
        const bound = AbortSignal.timeout(SYNC_TASK_STOP_WAIT_MS);
        await Promise.all(arns.map((arn) => running.waitForStopped(arn, bound).catch(() => void 0)));
      }
    });
    const testState2 = (input) => runTestState(input, { integrations, taskTokens, clock, region: identity.region, accountId: identity.accountId, validate });
    const lateEcs = {
      runTask: (input) => ecs.runTask(input),
      describeTasks: (input) => ecs.describeTasks(input),
      stopTask: (input) => ecs.stopTask(input),
      listTasks: (input) => ecs.listTasks(input)
    };
    const logs = await LogStore.open(join10(o.dataDir, DATA_LAYOUT.logs), identity);
    const ecsApi = ecsService(lateEcs);
    const api = await startApiServer({
      port: o.port,
      services: [
        stepFunctionsService(service, { testState: (input) => testState2(input) }),
        { ...ecsApi, operations: { ...ecsApi.operations, DescribeTaskDefinition: describeTaskDefinitionOperation(project.taskDefinitions, identity.region) } },
        logsService(logs)
      ],
      onUnexpectedError: (error) => process.emitWarning(`sfn-ecs API handler failed: ${error?.stack ?? String(error)}`)
    });
    cleanups.push(() => api.close());
    const logDir = join10(o.dataDir, DATA_LAYOUT.taskLogs);
    ecs = new EcsService({
      region: identity.region,
      accountId: identity.accountId,
      clusterName: LOCAL_CLUSTER_NAME2,
      taskDefinitions: project.taskDefinitions,
      logDir,
      workingDirectory: o.rootDir,
      ...o.maxConcurrentTasks !== void 0 ? { maxConcurrentTasks: o.maxConcurrentTasks } : {},
      baseEnvironment: {
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_SFN: api.endpoint,
        AWS_ENDPOINT_URL_ECS: api.endpoint,
        AWS_S3_FORCE_PATH_STYLE: "true",
        AWS_REGION: identity.region,
        AWS_DEFAULT_REGION: identity.region,
        // Dummy keys: the embedded S3 accepts only its own pair; the local API checks none.
        AWS_ACCESS_KEY_ID: EMBEDDED_S3_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMBEDDED_S3_CREDENTIALS.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: "true",
        // The SDK's Node-version notice is noise in every task's log.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true"
      }
    });
    const ecsService_ = ecs;
    cleanups.push(() => ecsService_.close());
    const disconnectLogs = connectEcsLogStreams({ ecs, store: logs, taskDefinitions: project.taskDefinitions, taskLogDir: logDir });
    cleanups.push(async () => {
      disconnectLogs();
      await logs.flush();
    });
    cleanups.push(() => service.stopAll("The local runtime was shut down.", CLOSE_GRACE_MS).then(() => executions.flush()));
    integrations.register(createEcsRunTaskIntegration(ecs));
    await service.recoverInterrupted();
    for (const machine of project.stateMachines) {
      try {
        await service.registerProjectMachine(machine.name, fillPlaceholders(machine.definitionText, project.placeholders));
      } catch (error) {
        throw new Error(`statemachines/${machine.file}: ${error.message}`, { cause: error });
      }
    }
    let closing;
    const runtime2 = {
      rootDir: o.rootDir,
      dataDir: o.dataDir,
      region: identity.region,
      accountId: identity.accountId,
      endpoint: api.endpoint,
      s3Endpoint: s3.endpoint,
      artifactBucket: project.artifactBucket,
      project,
      ecs,
      logs,
      createStateMachine: (input) => service.createStateMachine(input),
      describeStateMachine: (input) => service.describeStateMachine(input),
      listStateMachines: (input) => service.listStateMachines(input),
      deleteStateMachine: (input) => service.deleteStateMachine(input),
      startExecution: (input) => service.startExecution(input),
      describeExecution: (input) => service.describeExecution(input),
      stopExecution: (input) => service.stopExecution(input),
      listExecutions: (input) => service.listExecutions(input),
      getExecutionHistory: (input) => service.getExecutionHistory(input),
      sendTaskSuccess: (input) => service.sendTaskSuccess(input),
      sendTaskFailure: (input) => service.sendTaskFailure(input),
      sendTaskHeartbeat: (input) => service.sendTaskHeartbeat(input),
      waitForExecution: (arn, signal) => service.waitForExecution(arn, signal),
      onHistoryEvent: (listener) => service.onHistoryEvent(listener),
      resolveExecution: (arnOrName) => {
        if (arnOrName.startsWith("arn:")) return arnOrName;
        const match = executions.list().find((e) => e.name === arnOrName);
        if (!match) throw new Error(`No execution named '${arnOrName}' in ${join10(o.dataDir, "executions")}`);
        return match.executionArn;
      },
      executionLogs: async (executionArn2) => logsOfHistory(logDir, await service.history(executionArn2)),
      stateMachineArn: (nameOrArn) => {
        if (nameOrArn.startsWith("arn:")) {
          parseStateMachineArn(nameOrArn);
          return nameOrArn;
        }
        return stateMachineArn(identity, nameOrArn);
      },
      testState: (input) => testState2(input),
      close: () => closing ??= closeAll()
    };
    return runtime2;
  } catch (error) {
    await closeAll();
    throw error;
  }
}

// bench/runtime/runtime-bench.ts
var LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 10);
var LOAD = Number(process.env.BENCH_LOAD ?? 200);
var FANOUTS = Number(process.env.BENCH_FANOUTS ?? 20);
var FANOUT_SIZE = 10;
var ECHO_INPUT = { message: "bench", processingSeconds: 0 };
var median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
var mib = (bytes) => Math.round(bytes / 1024 / 1024);
async function withPeakRss(work) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => peak = Math.max(peak, process.memoryUsage().rss), 50);
  try {
    const value = await work();
    return { value, peakRssBytes: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}
function bareEcho(runtime2, name) {
  const started = performance.now();
  return new Promise((resolve3, reject) => {
    const child = spawn2(process.execPath, [join11(process.cwd(), "dist", "worker.mjs")], {
      env: {
        PATH: process.env.PATH ?? "",
        MODE: "echo",
        TASK_INPUT: JSON.stringify(ECHO_INPUT),
        TASK_NAME: name,
        ARTIFACT_BUCKET: runtime2.artifactBucket,
        ARTIFACT_PREFIX: `bare/${name}/`,
        AWS_ENDPOINT_URL_S3: runtime2.s3Endpoint,
        AWS_S3_FORCE_PATH_STYLE: "true",
        AWS_REGION: runtime2.region,
        AWS_ACCESS_KEY_ID: EMBEDDED_S3_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMBEDDED_S3_CREDENTIALS.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true"
      },
      stdio: "ignore",
      timeout: 6e4
    });
    child.once("error", reject);
    child.once("close", (code) => code === 0 ? resolve3(performance.now() - started) : reject(new Error(`bare worker exited ${code}`)));
  });
}
async function throughApi(runtime2, client2, machine, name, input) {
  const started = performance.now();
  const { executionArn: executionArn2 } = await client2.send(new StartExecutionCommand({ stateMachineArn: runtime2.stateMachineArn(machine), name, input: JSON.stringify(input) }));
  const result = await runtime2.waitForExecution(executionArn2, AbortSignal.timeout(3e5));
  if (result.status !== "SUCCEEDED") throw new Error(`${name}: ${result.status} ${result.error ?? ""} ${result.cause ?? ""}`);
  return performance.now() - started;
}
async function pool(count, limit2, job) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit2, count) }, async () => {
      while (next < count) await job(next++);
    })
  );
}
var dataDir = await mkdtemp(join11(tmpdir(), "sfn-ecs-bench-runtime-"));
var startedAt = performance.now();
var runtime = await createRuntime({ rootDir: process.cwd(), dataDir });
var runtimeStartMs = performance.now() - startedAt;
var client = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, maxAttempts: 1 });
var limit = availableParallelism2() * DEFAULT_TASKS_PER_CORE;
try {
  await throughApi(runtime, client, "sync", "warm-up", { mode: "echo", input: ECHO_INPUT });
  await bareEcho(runtime, "warm-up");
  const api = [];
  const bare = [];
  for (let i = 0; i < LATENCY_RUNS; i++) {
    api.push(await throughApi(runtime, client, "sync", `latency-${i}`, { mode: "echo", input: ECHO_INPUT }));
    bare.push(await bareEcho(runtime, `latency-${i}`));
  }
  const baselineRss = process.memoryUsage().rss;
  const bareLoad = performance.now();
  await pool(LOAD, limit, (i) => bareEcho(runtime, `bare-load-${i}`));
  const bareRate = LOAD / ((performance.now() - bareLoad) / 1e3);
  const syncLoad = await withPeakRss(async () => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: LOAD }, (_, i) => throughApi(runtime, client, "sync", `load-${i}`, { mode: "echo", input: ECHO_INPUT })));
    return LOAD / ((performance.now() - t0) / 1e3);
  });
  const fanLoad = await withPeakRss(async () => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: FANOUTS }, (_, i) => throughApi(runtime, client, "fanout", `fan-${i}`, { mode: "echo", input: ECHO_INPUT, count: FANOUT_SIZE })));
    return FANOUTS * FANOUT_SIZE / ((performance.now() - t0) / 1e3);
  });
  const apiMs = median(api);
  const bareMs = median(bare);
  const rows = [
    ["runtime start (project, S3, API, 3 machines)", `${runtimeStartMs.toFixed(0)} ms`, "", ""],
    [`sync echo start -> SUCCEEDED through the API (median of ${LATENCY_RUNS})`, `${apiMs.toFixed(0)} ms`, `bare worker spawn -> exit: ${bareMs.toFixed(0)} ms`, `ratio ${(apiMs / bareMs).toFixed(2)}`],
    [`${LOAD} concurrent sync echo executions`, `${syncLoad.value.toFixed(2)} /s`, `bare spawns, ${limit} at a time: ${bareRate.toFixed(2)} /s`, `ratio ${(syncLoad.value / bareRate).toFixed(2)}; peak RSS ${mib(syncLoad.peakRssBytes)} MiB (before load ${mib(baselineRss)} MiB)`],
    [`${FANOUTS} concurrent fan-outs of ${FANOUT_SIZE}`, `${fanLoad.value.toFixed(2)} tasks/s`, "", `peak RSS ${mib(fanLoad.peakRssBytes)} MiB`]
  ];
  console.log(`
Local runtime end to end (real worker processes, container limit ${limit})
`);
  console.log("| measurement | sfn-ecs | peer | notes |\n| --- | --- | --- | --- |");
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  console.log(
    JSON.stringify({
      bench: "runtime",
      runtimeStartMs,
      syncEchoMs: apiMs,
      bareSpawnMs: bareMs,
      latencyRatio: apiMs / bareMs,
      syncPerSecond: syncLoad.value,
      barePerSecond: bareRate,
      throughputRatio: syncLoad.value / bareRate,
      syncPeakRssMiB: mib(syncLoad.peakRssBytes),
      fanoutTasksPerSecond: fanLoad.value,
      fanoutPeakRssMiB: mib(fanLoad.peakRssBytes),
      baselineRssMiB: mib(baselineRss),
      load: LOAD,
      fanouts: FANOUTS,
      limit
    })
  );
} finally {
  client.destroy();
  await runtime.close();
  await rm2(dataDir, { recursive: true, force: true });
}
