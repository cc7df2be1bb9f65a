/**
 * The Task a RunTask creates, as ECS describes it (PROVISIONING, one ENI attachment, every container
 * PENDING, the overrides listed per container).
 */
import { randomUUID } from 'node:crypto';
import type { Container, RunTaskCommandInput, Task } from '@aws-sdk/client-ecs';
import { clusterArn, containerArn, taskArn, type EcsScope } from './ecs-names.js';
import type { LocalTaskDefinition } from './task-definition.js';

export function newTask(
  scope: EcsScope,
  id: string,
  input: RunTaskCommandInput,
  definition: LocalTaskDefinition,
  subnets: readonly string[],
  capacityProviderName: string | undefined,
): Task {
  const arn = taskArn(scope, id);
  const attachmentId = randomUUID();
  const overrides = input.overrides ?? {};
  const containers: Container[] = definition.containers.map((container) => ({
    containerArn: containerArn(scope, id),
    taskArn: arn,
    name: container.name,
    image: container.image,
    lastStatus: 'PENDING',
    cpu: '0',
    networkBindings: [],
    networkInterfaces: [{ attachmentId, privateIpv4Address: '127.0.0.1' }],
    gpuIds: [],
    managedAgents: [],
  }));
  return {
    attachments: [
      {
        id: attachmentId,
        type: 'ElasticNetworkInterface',
        status: 'PRECREATED',
        details: [{ name: 'subnetId', value: subnets[0]! }],
      },
    ],
    attributes: [{ name: 'ecs.cpu-architecture', value: process.arch === 'arm64' ? 'arm64' : 'x86_64' }],
    availabilityZone: `${scope.region}a`,
    clusterArn: clusterArn(scope),
    containers,
    cpu: overrides.cpu ?? definition.cpu,
    memory: overrides.memory ?? definition.memory,
    createdAt: new Date(),
    desiredStatus: 'RUNNING',
    enableExecuteCommand: input.enableExecuteCommand ?? false,
    ephemeralStorage: { sizeInGiB: overrides.ephemeralStorage?.sizeInGiB ?? 20 },
    group: input.group ?? `family:${definition.family}`,
    lastStatus: 'PROVISIONING',
    launchType: 'FARGATE',
    ...(capacityProviderName ? { capacityProviderName } : {}),
    overrides: {
      // ECS lists every container here, with just its name when it has no override.
      containerOverrides: definition.containers.map((container) => ({
        name: container.name,
        ...overrides.containerOverrides?.find((o) => o.name === container.name),
      })),
      inferenceAcceleratorOverrides: overrides.inferenceAcceleratorOverrides ?? [],
      ...(overrides.cpu !== undefined ? { cpu: overrides.cpu } : {}),
      ...(overrides.memory !== undefined ? { memory: overrides.memory } : {}),
    },
    platformVersion: input.platformVersion && input.platformVersion !== 'LATEST' ? input.platformVersion : '1.4.0',
    platformFamily: 'Linux',
    ...(input.startedBy !== undefined ? { startedBy: input.startedBy } : {}),
    tags: input.tags ?? [],
    taskArn: arn,
    taskDefinitionArn: definition.taskDefinitionArn,
    version: 1,
  };
}
