/**
 * One container run as a child process with a container's process semantics: its own process
 * group (signals reach every process it started), stdout/stderr read line by line, and when the
 * main process exits the rest of its group is killed, as a container runtime tears down a container.
 * A shim (container-shim.ts) leads the group and kills it if this process dies without stopping it:
 * its stdin is a pipe held open by the spawner, which closes however this process ends.
 *
 * The spawns happen in a small helper process (the spawner), not in this one:
 * - `child_process.spawn` blocks its thread until the child has exec'd (50-200 ms on a busy
 *   machine); on the main thread that would hold every API request behind each task start;
 * - it forks the spawning process, and a fork costs in proportion to that process's memory: ~12 ms of
 *   system CPU from the runtime (~170 MB) against ~3 ms from the spawner (~45 MB), and until each child
 *   has exec'd every page the runtime writes is copied (a few hundred page faults per task start, on
 *   the thread that answers the API).
 * The spawner exits when this process's IPC channel to it closes (however this process ends), which
 * closes the shims' pipes and so ends the containers.
 *
 * Containers start a few at a time (as many as there are cores): a program's start is its busiest
 * moment (a node worker spends 100-150 ms of CPU loading), and fifty of them at once would leave the
 * runtime, and its callers, a fiftieth of the CPU for as long. On Fargate each task boots on its own
 * machine; here the later ones wait in PENDING, as tasks wait there on ECS while they are placed.
 */
import { accessSync, constants as fsConstants, existsSync, statSync } from 'node:fs';
import { availableParallelism, constants } from 'node:os';
import { delimiter, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { shimCommand } from './container-shim.js';
import { TaskSlots } from './task-slots.js';

export interface ContainerCommand {
  readonly executable: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface ContainerExit {
  /** The exit status, or 128 + signal number when a signal ended it (SIGKILL 137, SIGTERM 143). */
  readonly exitCode: number;
  readonly signal: NodeJS.Signals | null;
}

export type OutputStream = 'stdout' | 'stderr';

type SpawnRequest = { readonly id: number; readonly niced: boolean } & ContainerCommand;
type SpawnerMessage =
  | { readonly id: number; readonly type: 'spawned'; readonly pid: number }
  | { readonly id: number; readonly type: 'error'; readonly message: string; readonly code?: string }
  | { readonly id: number; readonly type: 'line'; readonly stream: OutputStream; readonly line: string }
  | { readonly id: number; readonly type: 'closed'; readonly code: number | null; readonly signal: NodeJS.Signals | null };

/**
 * Containers run this much nicer than the runtime (niceness 0 is normal, 19 the lowest): on a laptop the tasks share the CPU
 * with the runtime that serves the API, unlike Fargate where each task has its own, so the runtime
 * stays ahead of them and StartExecution or DescribeExecution answer while many tasks start.
 */
export const CONTAINER_NICENESS = 10;

const NICE = ['/usr/bin/nice', '/bin/nice'].find((path) => existsSync(path));

/**
 * Containers starting at once, across every ECS service of this process (they share its CPU). A
 * container has started once it prints its first line or exits, or after START_WINDOW_MS, so a
 * program that stays silent holds back the next start no longer than that.
 */
const startingContainers = new TaskSlots(availableParallelism());
export const START_WINDOW_MS = 500;

// The spawner's code is inline (`node -e`: a string works the same from the TypeScript sources and
// from the bundled CLI). It spawns, reads lines and reports; nothing else.
const SPAWNER_SOURCE = `
const report = (message) => process.send(message);
// The runtime has gone (exit, crash or kill -9): exiting closes every shim's lifeline.
process.on('disconnect', () => process.exit(0));
const { spawn } = require('node:child_process');
const { createInterface } = require('node:readline');
const { getPriority, setPriority } = require('node:os');
const killGroup = (child, signal) => { try { process.kill(-child.pid, signal); } catch {} };
process.on('message', ({ id, executable, args, env, cwd, niced }) => {
  let child;
  try {
    // stdin: the shim's lifeline, held open (never written) until this process ends.
    child = spawn(executable, args, { env, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => {});
  } catch (error) {
    report({ id, type: 'error', message: String(error && error.message || error), code: error && error.code });
    return;
  }
  child.on('error', (error) => {
    if (child.pid === undefined) report({ id, type: 'error', message: error.message, code: error.code });
  });
  child.once('spawn', () => {
    // Below the runtime's own priority (when nice(1) did not already start it there).
    if (!niced) { try { setPriority(child.pid, Math.min(19, getPriority() + ${CONTAINER_NICENESS})); } catch {} }
    report({ id, type: 'spawned', pid: child.pid });
    const readers = ['stdout', 'stderr'].map((stream) => {
      const lines = createInterface({ input: child[stream], crlfDelay: Infinity });
      lines.on('line', (line) => report({ id, type: 'line', stream, line }));
      return new Promise((done) => lines.once('close', done));
    });
    const closed = new Promise((done) => child.once('close', (code, signal) => done({ code, signal })));
    child.once('exit', () => killGroup(child, 'SIGKILL'));
    Promise.all([closed, ...readers]).then(([exit]) => report({ id, type: 'closed', ...exit }));
  });
});
`;

interface Pending {
  /** Set once the process runs. */
  pid?: number;
  readonly onLine: (stream: OutputStream, line: string) => void;
  readonly spawned: (pid: number) => void;
  readonly failed: (error: Error) => void;
  readonly closed: (exit: ContainerExit) => void;
}

let spawner: ChildProcess | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function spawnerProcess(): ChildProcess {
  if (spawner) return spawner;
  const helper = spawn(process.execPath, ['-e', SPAWNER_SOURCE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: {} });
  helper.on('message', (message: SpawnerMessage) => {
    const entry = pending.get(message.id);
    if (!entry) return;
    switch (message.type) {
      case 'spawned':
        entry.pid = message.pid;
        return entry.spawned(message.pid);
      case 'error':
        pending.delete(message.id);
        settleIdle();
        return entry.failed(Object.assign(new Error(message.message), message.code === undefined ? {} : { code: message.code }));
      case 'line':
        return entry.onLine(message.stream, message.line);
      case 'closed':
        pending.delete(message.id);
        settleIdle();
        return entry.closed({ exitCode: message.code ?? 128 + (message.signal ? constants.signals[message.signal] : 0), signal: message.signal });
    }
  });
  const lost = (error: Error): void => {
    // The spawner itself failed or ended: the containers it watched can no longer be read (its end
    // closed their shims' lifelines); kill them and report them ended by SIGKILL rather than leave
    // their tasks waiting forever.
    if (spawner !== helper) return;
    spawner = undefined;
    for (const [id, entry] of pending) {
      pending.delete(id);
      if (entry.pid === undefined) {
        entry.failed(error);
      } else {
        killGroup(entry.pid, 'SIGKILL');
        entry.closed({ exitCode: 128 + constants.signals.SIGKILL, signal: 'SIGKILL' });
      }
    }
  };
  helper.on('error', lost);
  helper.on('exit', (code, signal) => lost(new Error(`the container spawner exited (${signal ?? code})`)));
  spawner = helper;
  return helper;
}

/** The spawner keeps this process alive only while it watches a container. */
function settleIdle(): void {
  if (pending.size === 0) setKeepsAlive(spawner, false);
}

function setKeepsAlive(helper: ChildProcess | undefined, keep: boolean): void {
  if (keep) {
    helper?.ref();
    helper?.channel?.ref();
  } else {
    helper?.unref();
    helper?.channel?.unref();
  }
}

export class ContainerProcess {
  readonly #pid: number;
  /** Resolves once the process has exited and its output has been read to the end. */
  readonly exited: Promise<ContainerExit>;

  private constructor(pid: number, exited: Promise<ContainerExit>) {
    this.#pid = pid;
    this.exited = exited;
  }

  /** Resolves once the process is running; rejects when it cannot start (e.g. ENOENT). */
  static start(command: ContainerCommand, onLine: (stream: OutputStream, line: string) => void): Promise<ContainerProcess> {
    // The shim would start anyway; a missing program must still fail the start, as spawn does.
    const missing = missingExecutable(command);
    if (missing) return Promise.reject(missing);
    return new Promise((resolve, reject) => startingContainers.enqueue(() => ContainerProcess.#spawn(command, onLine, resolve, reject)));
  }

  /** Spawns the container in one of the starting slots, and gives the slot back once it has started. */
  static #spawn(
    command: ContainerCommand,
    onLine: (stream: OutputStream, line: string) => void,
    resolve: (proc: ContainerProcess) => void,
    reject: (error: Error) => void,
  ): void {
    let starting = true;
    const started = (): void => {
      if (!starting) return;
      starting = false;
      clearTimeout(window);
      startingContainers.release();
    };
    const window = setTimeout(started, START_WINDOW_MS);
    const shim = shimCommand(command.executable, command.args, CONTAINER_NICENESS);
    // nice(1) execs the shim already lowered, so the container never runs at the runtime's priority.
    const launch = NICE ? { executable: NICE, args: ['-n', String(CONTAINER_NICENESS), shim.executable, ...shim.args] } : shim;
    const id = nextId++;
    let closed!: (exit: ContainerExit) => void;
    const exited = new Promise<ContainerExit>((done) => (closed = done));
    pending.set(id, {
      onLine: (stream, line) => {
        started();
        onLine(stream, line);
      },
      closed: (exit) => {
        started();
        closed(exit);
      },
      failed: (error) => {
        started();
        reject(error);
      },
      spawned: (pid) => {
        trackUntilExited(pid, exited);
        resolve(new ContainerProcess(pid, exited));
      },
    });
    const helper = spawnerProcess();
    setKeepsAlive(helper, true);
    const request: SpawnRequest = { id, niced: NICE !== undefined, executable: launch.executable, args: launch.args, env: { ...command.env }, ...(command.cwd === undefined ? {} : { cwd: command.cwd }) };
    helper.send(request);
  }

  /** The pid of the container's process group (its shim). */
  get pid(): number | undefined {
    return this.#pid;
  }

  /** Sends a signal to the whole process group; a group that is already gone is not an error. */
  signal(signal: NodeJS.Signals): void {
    killGroup(this.#pid, signal);
  }
}

/** Containers still running; if this process exits without close(), their groups are killed. */
const live = new Set<number>();
let exitHookInstalled = false;

function trackUntilExited(pid: number, exited: Promise<ContainerExit>): void {
  live.add(pid);
  void exited.then(() => live.delete(pid));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Detached groups outlive us otherwise. 'exit' handlers must be synchronous: process.kill is.
    process.once('exit', () => {
      for (const running of live) killGroup(running, 'SIGKILL');
    });
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group has already gone, which is what we wanted.
  }
}

/** spawn's ENOENT error when the program cannot be found or run (searched on the command's PATH). */
function missingExecutable(command: ContainerCommand): Error | undefined {
  const { executable } = command;
  const candidates = executable.includes('/')
    ? [isAbsolute(executable) ? executable : resolvePath(command.cwd ?? process.cwd(), executable)]
    : (command.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, executable));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, fsConstants.X_OK);
      if (statSync(candidate).isFile()) return undefined;
    } catch {
      // try the next one
    }
  }
  return Object.assign(new Error(`spawn ${executable} ENOENT`), { code: 'ENOENT', errno: -2, syscall: `spawn ${executable}`, path: executable });
}
