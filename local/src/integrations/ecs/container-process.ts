/**
 * One container run as a child process with a container's process semantics: its own process
 * group (signals reach every process it started), stdout/stderr read line by line, and when the
 * main process exits the rest of its group is killed, as a container runtime tears down a container.
 * A shim (container-shim.ts) leads the group and kills it if this process dies without stopping it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { shimCommand } from './container-shim.js';

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

export class ContainerProcess {
  readonly #child: ChildProcess;
  /** Resolves once the process has exited and its output has been read to the end. */
  readonly exited: Promise<ContainerExit>;

  private constructor(child: ChildProcess, exited: Promise<ContainerExit>) {
    this.#child = child;
    this.exited = exited;
  }

  /** Resolves once the process is running; rejects when it cannot start (e.g. ENOENT). */
  static start(command: ContainerCommand, onLine: (stream: OutputStream, line: string) => void): Promise<ContainerProcess> {
    return new Promise((resolve, reject) => {
      // The shim would start anyway; a missing program must still fail the start, as spawn does.
      const missing = missingExecutable(command);
      if (missing) return reject(missing);
      const shim = shimCommand(command.executable, command.args);
      const child = spawn(shim.executable, shim.args, {
        env: { ...command.env },
        cwd: command.cwd,
        detached: true,
        // stdin: the shim's lifeline, held open until the container has exited.
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      // EPIPE when the shim has already gone is expected.
      child.stdin!.on('error', () => undefined);
      const readers = (['stdout', 'stderr'] as const).map((name) => {
        const lines = createInterface({ input: child[name]!, crlfDelay: Infinity });
        lines.on('line', (line) => onLine(name, line));
        return new Promise<void>((done) => lines.once('close', done));
      });
      const closed = new Promise<ContainerExit>((done) => {
        child.once('close', (code, signal) => {
          done({ exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0), signal });
        });
      });
      child.once('exit', () => killGroup(child, 'SIGKILL'));
      child.on('error', (error) => {
        if (child.pid === undefined) reject(error);
      });
      child.once('spawn', () => {
        trackUntilClosed(child);
        const exited = Promise.all([closed, ...readers]).then(([exit]) => exit);
        resolve(new ContainerProcess(child, exited));
      });
    });
  }

  /** The pid of the container's process group (its shim). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Sends a signal to the whole process group; a group that is already gone is not an error. */
  signal(signal: NodeJS.Signals): void {
    killGroup(this.#child, signal);
  }
}

/** Containers still running; if this process exits without close(), their groups are killed. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function trackUntilClosed(child: ChildProcess): void {
  live.add(child);
  child.once('close', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Detached groups outlive us otherwise. 'exit' handlers must be synchronous: process.kill is.
    process.once('exit', () => {
      for (const running of live) killGroup(running, 'SIGKILL');
    });
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
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
