/**
 * Which container processes this runtime started, on disk (`<dir>/<pid>.json`: pid and start time of
 * the container's process group leader, its task and container), so a runtime started after a crash
 * finds the ones still running and stops them. The start time (from /proc) tells a container of ours
 * from an unrelated process that reused its pid: such a process is never signalled.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataPath } from '../../storage/data-paths.js';
import { makePrivateDirSync, PRIVATE_FILE_MODE } from '../../storage/private-files.js';
import { processStartTime, type ProcessIdentity } from '../../storage/process-identity.js';

export interface ContainerEntry extends ProcessIdentity {
  readonly taskArn: string;
  readonly container: string;
}

export interface LeftoverReport {
  /** Containers of a previous runtime that were still running and have been killed. */
  readonly stopped: readonly ContainerEntry[];
  /** Records whose process had already ended (or whose pid now belongs to another program). */
  readonly gone: readonly ContainerEntry[];
}

export class ContainerRecords {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    makePrivateDirSync(dir);
  }

  /** Written synchronously before the container can run long: a crash right after still finds it. */
  add(pid: number, taskArn: string, container: string): void {
    const startTime = processStartTime(pid);
    const entry: ContainerEntry = { pid, ...(startTime !== undefined ? { startTime } : {}), taskArn, container };
    try {
      writeFileSync(this.#file(pid), JSON.stringify(entry), { mode: PRIVATE_FILE_MODE });
    } catch {
      // A full disk: the shim still stops the container if the runtime dies.
    }
  }

  remove(pid: number): void {
    rmSync(this.#file(pid), { force: true });
  }

  /** Kills the process groups a previous runtime left running and forgets every record. */
  stopLeftovers(): LeftoverReport {
    const stopped: ContainerEntry[] = [];
    const gone: ContainerEntry[] = [];
    for (const name of readdirSync(this.#dir)) {
      const file = join(this.#dir, name);
      let entry: ContainerEntry | undefined;
      try {
        entry = JSON.parse(readFileSync(file, 'utf8')) as ContainerEntry;
      } catch {
        // A record torn by a crash: its shim, if any, saw the runtime die and stopped the container.
      }
      if (entry && Number.isInteger(entry.pid) && entry.pid > 1 && entry.startTime !== undefined && processStartTime(entry.pid) === entry.startTime) {
        try {
          process.kill(-entry.pid, 'SIGKILL');
          stopped.push(entry);
        } catch {
          gone.push(entry);
        }
      } else if (entry) {
        gone.push(entry);
      }
      rmSync(file, { force: true });
    }
    return { stopped, gone };
  }

  #file(pid: number): string {
    return dataPath(this.#dir, `${pid}.json`);
  }
}
