/**
 * Mocked responses that could never come from the service. Step Functions Local returns whatever a
 * mock says; a `.sync` ECS mock without the stopped-task shape makes a test pass that AWS would fail
 * (ResultSelector or Choice paths into `$.Containers[0].ExitCode` read nothing). Each warning names
 * the state and the response.
 */
import { isJsonObject as isObject, walkStates } from '../asl/walk-states.js';
import { parseResourceArn } from '../engine/resource-arn.js';
import type { MockConfig } from './mock-config.js';

/** Keys every stopped Task has in a runTask.sync result (PascalCase, as Step Functions returns it). */
const SYNC_TASK_KEYS = ['TaskArn', 'LastStatus', 'Containers'] as const;
/** Keys of the RunTask response a request-response or waitForTaskToken runTask returns. */
const RUN_TASK_KEYS = ['Tasks', 'Failures'] as const;

/** name -> Resource of every Task state, nested ones included. */
function taskResources(definition: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const { name, state } of walkStates(definition).states) {
    if (state.Type === 'Task' && typeof state.Resource === 'string') out.set(name, state.Resource);
  }
  return out;
}

export function mockWarnings(definition: unknown, config: MockConfig, states: ReadonlyMap<string, string>): string[] {
  const resources = taskResources(definition);
  const warnings: string[] = [];
  for (const [stateName, responseName] of states) {
    const resource = resources.get(stateName);
    if (resource === undefined) {
      warnings.push(`The mocked state '${stateName}' (response '${responseName}') is not a Task state of this state machine: the mock is never used.`);
      continue;
    }
    const arn = parseResourceArn(resource);
    if (arn.serviceAction !== 'ecs:runTask') continue;
    const keys = arn.pattern === 'sync' ? SYNC_TASK_KEYS : arn.pattern === 'request-response' ? RUN_TASK_KEYS : [];
    for (const response of config.responsesOf(responseName)) {
      if (response.kind !== 'return') continue;
      const missing = keys.filter((key) => !isObject(response.value) || !(key in response.value));
      if (missing.length > 0) {
        const shape = arn.pattern === 'sync' ? 'the stopped ECS Task (PascalCase: TaskArn, LastStatus, Containers[].ExitCode, StopCode, ...)' : 'the RunTask response ({Tasks, Failures})';
        warnings.push(
          `The mocked response '${responseName}' of state '${stateName}' (${resource}) could never come from ECS: it lacks ${missing.join(', ')}. ` +
            `Step Functions returns ${shape}; paths into it would fail on AWS.`,
        );
        break;
      }
    }
  }
  return warnings;
}
