/**
 * The sample events `sfn-ecs replay` runs, from `events/catalog.json` (the workflows' convention,
 * events/README.md): each entry names a file, the machine it targets, the final status it must end
 * with and optionally the error. Files are plain execution inputs, except kind "eventbridge": an event
 * as EventBridge sends it, where the execution receives what the machine's schedule target passes
 * (its constant Input, or the event itself when the rule has none).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ProjectSchedule } from '../project/project-types.js';
import { UserError } from './user-error.js';

export interface ReplayCase {
  readonly file: string;
  readonly stateMachine: string;
  /** JSON text for StartExecution. */
  readonly input: string;
  readonly expectedStatus: string;
  readonly expectedError?: string;
  /** Why it is not run (e.g. it needs the internet); undefined when it runs. */
  readonly skip?: string;
}

interface CatalogEntry {
  file?: unknown;
  machine?: unknown;
  expect?: unknown;
  error?: unknown;
  kind?: unknown;
  internet?: unknown;
}

/** The catalog's cases, restricted to `only` (absolute paths) when given. */
export async function readReplayCases(
  eventsDir: string,
  schedules: readonly ProjectSchedule[],
  options: { only?: readonly string[]; internet?: boolean } = {},
): Promise<ReplayCase[]> {
  const catalogFile = join(eventsDir, 'catalog.json');
  let entries: CatalogEntry[];
  try {
    const catalog = JSON.parse(await readFile(catalogFile, 'utf8')) as { events?: CatalogEntry[] };
    entries = Array.isArray(catalog.events) ? catalog.events : [];
  } catch (error) {
    throw new UserError(`Cannot read ${catalogFile}: ${(error as Error).message}`, 1);
  }
  const wanted = options.only && options.only.length > 0 ? new Set(options.only.map((f) => resolve(f))) : undefined;
  const known = new Set(entries.map((e) => resolve(eventsDir, String(e.file))));
  for (const file of wanted ?? []) {
    if (!known.has(file)) throw new UserError(`${file} is not listed in ${catalogFile}, so its machine and expected status are unknown.`, 1);
  }
  const cases: ReplayCase[] = [];
  for (const entry of entries) {
    if (typeof entry.file !== 'string' || typeof entry.machine !== 'string' || typeof entry.expect !== 'string') continue;
    const file = resolve(eventsDir, entry.file);
    if (wanted && !wanted.has(file)) continue;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
      JSON.parse(text);
    } catch (error) {
      throw new UserError(`Cannot use ${file}: ${(error as Error).message}`, 1);
    }
    let input = text;
    if (entry.kind === 'eventbridge') {
      const schedule = schedules.find((s) => s.stateMachine === entry.machine && s.input !== undefined);
      if (schedule) input = typeof schedule.input === 'string' ? schedule.input : JSON.stringify(schedule.input);
    }
    const skip = entry.internet === true && !options.internet ? 'needs the internet' : undefined;
    cases.push({
      file,
      stateMachine: entry.machine,
      input,
      expectedStatus: entry.expect,
      ...(typeof entry.error === 'string' ? { expectedError: entry.error } : {}),
      ...(skip ? { skip } : {}),
    });
  }
  return cases;
}
