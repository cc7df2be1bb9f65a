/**
 * Loads the project folder for the local runtime: statemachines/*.asl.json, and from serverless.yml
 * the placeholder bindings, the worker task definition and the schedules, all resolved to local values.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fillPlaceholders } from './placeholders.js';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID, LOCAL_ARTIFACT_BUCKET, LOCAL_SECURITY_GROUPS, LOCAL_SUBNETS, localClusterArn } from './local-values.js';
import { ProjectError } from './project-error.js';
import type { LoadProjectOptions, Project, ProjectStateMachine } from './project-types.js';
import { readSchedules } from './schedules.js';
import { asRecord, readServerlessConfig } from './serverless-config.js';
import type { ServerlessConfig } from './serverless-config.js';
import { readTaskDefinitions } from './task-definitions.js';
import type { LocalTaskDefinition } from '../integrations/ecs/task-definition.js';

export { fillPlaceholders, findPlaceholders } from './placeholders.js';
export type { LoadProjectOptions, Project, ProjectSchedule, ProjectStateMachine } from './project-types.js';

const STATE_MACHINES_DIR = 'statemachines';
const ASL_SUFFIX = '.asl.json';

export async function loadProject(rootDir: string, options: LoadProjectOptions = {}): Promise<Project> {
  const root = resolve(rootDir);
  const region = options.region ?? process.env['AWS_REGION'] ?? DEFAULT_REGION;
  const stateMachines = await readStateMachines(root);
  const config = await readServerlessConfig(root, { region, accountId: LOCAL_ACCOUNT_ID });
  const taskDefinitions = readTaskDefinitions(config);
  const placeholders = readPlaceholders(config, taskDefinitions, region);
  for (const machine of stateMachines) checkDefinition(machine, placeholders);
  return {
    rootDir: root,
    region,
    accountId: LOCAL_ACCOUNT_ID,
    stateMachines,
    placeholders,
    taskDefinitions,
    artifactBucket: placeholders['ArtifactBucket'] ?? LOCAL_ARTIFACT_BUCKET,
    schedules: readSchedules(config, new Set(stateMachines.map((m) => m.name))),
  };
}

async function readStateMachines(root: string): Promise<ProjectStateMachine[]> {
  const dir = join(root, STATE_MACHINES_DIR);
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith(ASL_SUFFIX)).sort();
  } catch (error) {
    throw new ProjectError(`Cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  if (files.length === 0) throw new ProjectError(`${dir} has no *${ASL_SUFFIX} files`);
  return Promise.all(
    files.map(async (f) => {
      const file = join(dir, f);
      return { name: f.slice(0, -ASL_SUFFIX.length), file, definitionText: await readFile(file, 'utf8') };
    }),
  );
}

/**
 * Local values for the placeholders: built-in ones for the shared contract names, overridden by what
 * serverless.yml binds in DefinitionSubstitutions (resources.extensions), resolved locally.
 */
function readPlaceholders(config: ServerlessConfig, taskDefinitions: readonly LocalTaskDefinition[], region: string): Record<string, string> {
  const first = taskDefinitions[0];
  const placeholders: Record<string, string> = {
    ClusterArn: localClusterArn(region),
    Subnets: LOCAL_SUBNETS.join(','),
    SecurityGroups: LOCAL_SECURITY_GROUPS.join(','),
    ArtifactBucket: LOCAL_ARTIFACT_BUCKET,
    ...(first ? { TaskDefinitionArn: first.taskDefinitionArn } : {}),
    ...(first?.containers[0] ? { ContainerName: first.containers[0].name } : {}),
  };
  const bound = new Map<string, { value: string; where: string }>();
  for (const [resource, extension] of Object.entries(asRecord(config.read('resources.extensions')))) {
    const substitutions = asRecord(asRecord(asRecord(extension)['Properties'])['DefinitionSubstitutions']);
    for (const [name, raw] of Object.entries(substitutions)) {
      const resolved = config.resolve(raw);
      const value = Array.isArray(resolved) ? resolved.join(',') : String(resolved);
      const earlier = bound.get(name);
      if (earlier && earlier.value !== value) {
        throw new ProjectError(`${config.file}: \${${name}} is bound to "${earlier.value}" on ${earlier.where} but "${value}" on ${resource}`);
      }
      bound.set(name, { value, where: resource });
      placeholders[name] = value;
    }
  }
  return placeholders;
}

function checkDefinition(machine: ProjectStateMachine, placeholders: Record<string, string>): void {
  let filled: string;
  try {
    filled = fillPlaceholders(machine.definitionText, placeholders);
  } catch (error) {
    throw new ProjectError(`${machine.file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    JSON.parse(filled);
  } catch (error) {
    throw new ProjectError(`${machine.file} is not valid JSON after filling its placeholders: ${(error as Error).message}`, { cause: error });
  }
}
