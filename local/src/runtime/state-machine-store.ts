/**
 * The registered state machines. Project machines are registered at every start; machines created
 * through CreateStateMachine are also kept on disk (<dir>/<encoded name>.json, data-paths.ts) so their
 * executions still make sense after a restart. An unreadable file is named and quarantined at start.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { dataPath } from '../storage/data-paths.js';
import { makePrivateDir, writeFileAtomically } from '../storage/private-files.js';
import type { Quarantine } from '../storage/quarantine.js';
import type { StateMachineDefinition } from '../asl/types.js';
import type { StateMachineRecord } from './state-machine-record.js';

/** The typed definition of a stored definition text, or why it is not valid (validation without the registry). */
export type DefinitionReader = (definition: string) => StateMachineDefinition | { readonly problem: string };

export class StateMachineStore {
  readonly #dir: string;
  readonly #machines = new Map<string, StateMachineRecord>();
  /** Where each machine loaded from disk lives (a file written by an older version keeps its place). */
  readonly #files = new Map<string, string>();

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /** Loads the machines created through the API in an earlier run, each definition validated again by `readDefinition`. */
  static async open(dir: string, readDefinition: DefinitionReader, quarantine?: Quarantine): Promise<StateMachineStore> {
    const store = new StateMachineStore(dir);
    await makePrivateDir(dir);
    for (const file of await readdir(dir)) {
      const path = join(dir, file);
      if (file.endsWith('.tmp')) {
        await quarantine?.move(path, 'an unfinished write from a crash');
        continue;
      }
      if (!file.endsWith('.json')) {
        quarantine?.warn(path, 'not a state machine file; left alone');
        continue;
      }
      const problem = await readMachine(path, readDefinition);
      if (typeof problem === 'string') {
        await quarantine?.move(path, `state machine file unreadable (${problem}); create the machine again`);
        continue;
      }
      store.#machines.set(problem.stateMachineArn, problem);
      store.#files.set(problem.stateMachineArn, path);
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
    const file = this.#file(record);
    this.#files.set(record.stateMachineArn, file);
    // The definition text is kept; its parsed form is derived again (and validated) on load.
    const { parsedDefinition: _derived, ...stored } = record;
    await writeFileAtomically(file, JSON.stringify(stored));
  }

  async delete(stateMachineArn: string): Promise<void> {
    const record = this.#machines.get(stateMachineArn);
    if (!record) return;
    const file = this.#file(record);
    this.#machines.delete(stateMachineArn);
    this.#files.delete(stateMachineArn);
    if (record.source === 'api') await rm(file, { force: true });
  }

  #file(record: StateMachineRecord): string {
    return this.#files.get(record.stateMachineArn) ?? `${dataPath(this.#dir, record.name)}.json`;
  }
}

async function readMachine(file: string, readDefinition: DefinitionReader): Promise<StateMachineRecord | string> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as Omit<StateMachineRecord, 'parsedDefinition'>;
    if (typeof record?.stateMachineArn !== 'string' || typeof record.name !== 'string' || typeof record.definition !== 'string') return 'not a state machine record';
    const parsedDefinition = readDefinition(record.definition);
    if ('problem' in parsedDefinition) return `its definition is not valid: ${parsedDefinition.problem}`;
    return { ...record, parsedDefinition };
  } catch (error) {
    return (error as Error).message;
  }
}
