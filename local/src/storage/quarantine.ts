/**
 * Damaged records found at start: each is named in one warning line and moved to
 * `<data>/quarantine/`, so nothing is silently skipped and nothing is deleted.
 */
import { copyFile, rename } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { makePrivateDir } from './private-files.js';

export const QUARANTINE_FOLDER = 'quarantine';

export class Quarantine {
  readonly #dataDir: string;
  readonly #warn: (message: string) => void;

  constructor(dataDir: string, warn: (message: string) => void) {
    this.#dataDir = dataDir;
    this.#warn = warn;
  }

  /** Reports a problem that needs no move (e.g. a torn last line that was dropped). */
  warn(path: string, problem: string): void {
    this.#warn(`sfn-ecs: ${relative(this.#dataDir, path) || path}: ${problem}`);
  }

  /** Moves a damaged file or folder away; with keepOriginal, a copy goes instead (the file is repaired in place). */
  async move(path: string, problem: string, options: { keepOriginal?: boolean } = {}): Promise<string> {
    const rel = relative(this.#dataDir, path);
    const folder = join(this.#dataDir, QUARANTINE_FOLDER);
    await makePrivateDir(folder);
    const target = join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}_${rel.split(/[\\/]/).join('__')}`);
    if (options.keepOriginal) await copyFile(path, target);
    else await rename(path, target);
    this.#warn(`sfn-ecs: ${rel}: ${problem}; ${options.keepOriginal ? 'a copy was' : 'it was'} moved to ${relative(this.#dataDir, target)}`);
    return target;
  }
}
