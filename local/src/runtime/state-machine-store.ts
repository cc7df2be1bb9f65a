/**
 * The registered state machines. Project machines are registered at every start; machines created
 * through CreateStateMachine are also kept on disk (<dir>/<name>.json) so their executions still
 * make sense after a restart.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StateMachineRecord } from './state-machine-record.js';

export class StateMachineStore {
  readonly #dir: string;
  readonly #machines = new Map<string, StateMachineRecord>();

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /** Loads the machines created through the API in an earlier run. */
  static async open(dir: string): Promise<StateMachineStore> {
    const store = new StateMachineStore(dir);
    await mkdir(dir, { recursive: true });
    for (const file of await readdir(dir)) {
      if (!file.endsWith('.json')) continue;
      try {
        const record = JSON.parse(await readFile(join(dir, file), 'utf8')) as StateMachineRecord;
        store.#machines.set(record.stateMachineArn, record);
      } catch {
        // an unreadable file is skipped; the machine can be created again
      }
    }
    return store;
  }

  get(stateMachineArn: string): StateMachineRecord | undefined {
    return this.#machines.get(stateMachineArn);
  }

  list(): StateMachineRecord[] {
    return [...this.#machines.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async put(record: StateMachineRecord): Promise<void> {
    this.#machines.set(record.stateMachineArn, record);
    if (record.source !== 'api') return;
    const file = join(this.#dir, `${record.name}.json`);
    await writeFile(`${file}.tmp`, JSON.stringify(record));
    await rename(`${file}.tmp`, file);
  }

  async delete(stateMachineArn: string): Promise<void> {
    const record = this.#machines.get(stateMachineArn);
    if (!record) return;
    this.#machines.delete(stateMachineArn);
    if (record.source === 'api') await rm(join(this.#dir, `${record.name}.json`), { force: true });
  }
}
