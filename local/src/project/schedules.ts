/**
 * The EventBridge schedules serverless.yml puts on state machines (serverless-step-functions'
 * `events: - schedule:`), with what each execution receives: the target's constant Input, which
 * replaces the event (BC-EV PutTargets), or the event itself when there is none.
 */
import { basename } from 'node:path';
import type { ProjectSchedule } from './project-types.js';
import { ProjectError } from './project-error.js';
import { asRecord } from './serverless-config.js';
import type { ServerlessConfig } from './serverless-config.js';

const FILE_VARIABLE = /^\$\{file\((.+?)\)\}$/;
const ASL_SUFFIX = '.asl.json';

/** serverless.yml state machine key -> local machine name (the ASL file's name without .asl.json). */
export function stateMachineNames(config: ServerlessConfig): Map<string, string> {
  const names = new Map<string, string>();
  for (const [key, machine] of Object.entries(asRecord(config.read('stepFunctions.stateMachines')))) {
    const definition = asRecord(machine)['definition'];
    const file = typeof definition === 'string' ? FILE_VARIABLE.exec(definition.trim())?.[1] : undefined;
    names.set(key, file && file.endsWith(ASL_SUFFIX) ? basename(file, ASL_SUFFIX) : key);
  }
  return names;
}

export function readSchedules(config: ServerlessConfig, knownMachines: ReadonlySet<string>): ProjectSchedule[] {
  const names = stateMachineNames(config);
  const schedules: ProjectSchedule[] = [];
  for (const [key, machine] of Object.entries(asRecord(config.read('stepFunctions.stateMachines')))) {
    const events = asRecord(machine)['events'];
    if (!Array.isArray(events)) continue;
    const stateMachine = names.get(key) ?? key;
    events.forEach((event, index) => {
      const raw = asRecord(event)['schedule'];
      if (raw === undefined) return;
      const where = `${config.file}: stateMachines.${key}.events[${index}].schedule`;
      if (!knownMachines.has(stateMachine)) {
        throw new ProjectError(`${where} targets ${stateMachine}, which has no statemachines/${stateMachine}${ASL_SUFFIX}`);
      }
      schedules.push(schedule(raw, { key, index, stateMachine, where }));
    });
  }
  return schedules;
}

function schedule(
  raw: unknown,
  at: { readonly key: string; readonly index: number; readonly stateMachine: string; readonly where: string },
): ProjectSchedule {
  const fallbackName = `${at.key}-schedule-${at.index + 1}`;
  if (typeof raw === 'string') {
    return { name: fallbackName, stateMachine: at.stateMachine, schedule: raw, input: undefined, enabled: true };
  }
  const s = asRecord(raw);
  if (s['inputPath'] !== undefined || s['inputTransformer'] !== undefined) {
    throw new ProjectError(`${at.where}: only a constant input (or none) is supported locally, not inputPath or inputTransformer`);
  }
  if (typeof s['rate'] !== 'string') throw new ProjectError(`${at.where}: rate must be a rate(...) or cron(...) expression`);
  return {
    name: typeof s['name'] === 'string' ? s['name'] : fallbackName,
    stateMachine: at.stateMachine,
    schedule: s['rate'],
    input: constantInput(s['input'], at.where),
    enabled: s['enabled'] === undefined ? true : s['enabled'] === true || s['enabled'] === 'true',
  };
}

/** The plugin JSON.stringifies an object input and passes a string through: both mean the same JSON. */
function constantInput(input: unknown, where: string): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (error) {
    throw new ProjectError(`${where}: input is a string that is not JSON: ${(error as Error).message}`, { cause: error });
  }
}
