/**
 * The sample events (events/catalog.json): which machine each targets, the final status it must end
 * with, and the execution input it stands for. An `eventbridge` sample is an event as EventBridge
 * sends it; its execution input is what the rule's target passes on: the schedule's constant Input
 * (which replaces the event), or the whole event when the target has none (BC-EV PutTargets).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { ProjectError } from './project-error.js';
import type { Project } from './project-types.js';

export const EVENTS_DIR = 'events';
export const CATALOG_FILE = 'catalog.json';

const catalogSchema = z.object({
  events: z.array(
    z.strictObject({
      file: z.string().regex(/^[\w.-]+\.json$/, 'a JSON file name inside events/'),
      kind: z.enum(['execution-input', 'eventbridge']).default('execution-input'),
      machine: z.string().min(1),
      expect: z.enum(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']),
      error: z.string().min(1).optional(),
      internet: z.boolean().default(false),
      shows: z.string().min(1),
    }),
  ),
});

export interface SampleEvent {
  /** The file name without .json, e.g. sync-echo. */
  readonly name: string;
  /** Absolute path of the sample. */
  readonly file: string;
  readonly kind: 'execution-input' | 'eventbridge';
  /** Local state machine name (a key of Project.stateMachines). */
  readonly machine: string;
  readonly expect: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  /** The execution's error when it is expected to fail. */
  readonly error?: string;
  /** True when the run needs the internet (e.g. a public WebSocket feed). */
  readonly internet: boolean;
  /** One line: what the sample demonstrates. */
  readonly shows: string;
  /** What StartExecution receives for this sample. */
  readonly input: unknown;
}

/** Reads events/catalog.json and every sample it lists; throws ProjectError naming each problem. */
export async function loadEventCatalog(project: Project): Promise<SampleEvent[]> {
  const dir = join(project.rootDir, EVENTS_DIR);
  const catalogPath = join(dir, CATALOG_FILE);
  const parsed = catalogSchema.safeParse(await readJson(catalogPath));
  if (!parsed.success) throw new ProjectError(`${catalogPath}: ${z.prettifyError(parsed.error)}`);
  const machines = new Set(project.stateMachines.map((m) => m.name));
  return Promise.all(
    parsed.data.events.map(async (entry) => {
      const file = join(dir, entry.file);
      if (!machines.has(entry.machine)) {
        throw new ProjectError(`${catalogPath}: ${entry.file} targets ${entry.machine}, which is not one of ${[...machines].join(', ')}`);
      }
      const content = await readJson(file);
      const input = entry.kind === 'eventbridge' ? scheduledInput(content, entry.machine, file, project) : content;
      return {
        name: entry.file.replace(/\.json$/, ''),
        file,
        kind: entry.kind,
        machine: entry.machine,
        expect: entry.expect,
        ...(entry.error === undefined ? {} : { error: entry.error }),
        internet: entry.internet,
        shows: entry.shows,
        input,
      };
    }),
  );
}

function scheduledInput(event: unknown, machine: string, file: string, project: Project): unknown {
  const resources = (event as { resources?: unknown }).resources;
  const ruleArn = Array.isArray(resources) && typeof resources[0] === 'string' ? resources[0] : undefined;
  const ruleName = ruleArn?.match(/:rule\/(?:[^/]+\/)?([^/]+)$/)?.[1];
  if (!ruleName) throw new ProjectError(`${file}: an EventBridge event names its rule in resources[0] (arn:aws:events:...:rule/<name>)`);
  const schedule = project.schedules.find((s) => s.name === ruleName);
  if (!schedule) {
    throw new ProjectError(`${file}: rule ${ruleName} is not a schedule in serverless.yml (known: ${project.schedules.map((s) => s.name).join(', ') || 'none'})`);
  }
  if (schedule.stateMachine !== machine) {
    throw new ProjectError(`${file}: rule ${ruleName} targets ${schedule.stateMachine}, but the catalog says ${machine}`);
  }
  return schedule.input === undefined ? event : schedule.input;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ProjectError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProjectError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
