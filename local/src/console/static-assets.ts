/**
 * Serves the built console files (dist/console) by name only: no sub-folders, so no path can leave the
 * folder. Files are gzipped once in memory and sent so when the browser accepts it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzipped?: Buffer;
}

/** Loads assets on first use and keeps them (a build replaces them only with a new server). */
export class StaticAssets {
  readonly #dir: string | undefined;
  readonly #cache = new Map<string, Promise<Asset | undefined>>();

  constructor(dir: string | undefined) {
    this.#dir = dir;
  }

  get built(): boolean {
    return this.#dir !== undefined;
  }

  /** The asset called `name`, or undefined when there is none (or the name is not a plain file name). */
  get(name: string): Promise<Asset | undefined> {
    const type = CONTENT_TYPES[name.slice(name.lastIndexOf('.'))];
    if (!this.#dir || !type || !/^[\w][\w.-]*$/.test(name)) return Promise.resolve(undefined);
    let asset = this.#cache.get(name);
    if (!asset) {
      const dir = this.#dir;
      asset = readFile(join(dir, name)).then(
        (body) => ({ contentType: type, body, ...(body.length > 1024 ? { gzipped: gzipSync(body) } : {}) }),
        () => undefined,
      );
      this.#cache.set(name, asset);
    }
    return asset;
  }
}
