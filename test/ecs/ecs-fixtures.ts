/** Shared setup for the ECS tests: task definitions whose "images" are scripts in test/fixtures/images. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { EcsService, type EcsServiceOptions } from '../../local/src/integrations/ecs/ecs-service.js';
import type { LocalContainerDefinition, LocalTaskDefinition } from '../../local/src/integrations/ecs/task-definition.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const CLUSTER = 'sfn-ecs-local';
export const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`;
const IMAGES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'images');

/** A one-container task definition named after its fixture script (`succeed` -> family `succeed`). */
export function taskDefinition(script: string, container: Partial<LocalContainerDefinition> = {}): LocalTaskDefinition {
  return {
    family: script,
    revision: 1,
    taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${script}:1`,
    cpu: '256',
    memory: '512',
    containers: [
      {
        name: 'worker',
        image: `fixture/${script}`,
        essential: true,
        environment: [],
        stopTimeoutSeconds: 2,
        ...container,
      },
    ],
  };
}

/** Runs `fixture/<script>` images as `node test/fixtures/images/<script>.mjs`. */
export function resolveFixtureImage(container: LocalContainerDefinition): { executable: string; args: string[] } | undefined {
  const match = /^fixture\/(.+)$/.exec(container.image);
  return match ? { executable: process.execPath, args: [join(IMAGES, `${match[1]}.mjs`)] } : undefined;
}

export function createService(definitions: LocalTaskDefinition[], options: Partial<EcsServiceOptions> = {}): EcsService {
  return new EcsService({
    region: REGION,
    accountId: ACCOUNT,
    clusterName: CLUSTER,
    taskDefinitions: definitions,
    resolveImage: resolveFixtureImage,
    ...options,
  });
}

export function runTaskInput(family: string, extra: Partial<RunTaskCommandInput> = {}): RunTaskCommandInput {
  return {
    cluster: CLUSTER_ARN,
    taskDefinition: family,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-local'], assignPublicIp: 'DISABLED' } },
    ...extra,
  };
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `check` every 20 ms for at most `timeoutMs` (generous: only a failure waits that long); throws if it never becomes true. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
