/**
 * RunTask request checks, in the order ECS applies them, with ECS's exception names and
 * messages (as AWS words them where known: ClusterNotFoundException "Cluster not found.",
 * ClientException "TaskDefinition not found.", the awsvpc and 8192-character override messages).
 */
import type { RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { ServiceError } from '../../errors/service-error.js';
import { clusterNameOf, findTaskDefinition } from './ecs-names.js';
import type { LocalTaskDefinition } from './task-definition.js';

/** RunTask starts at most 10 tasks per call (BC-ECS RunTaskRequest.count). */
export const MAX_TASKS_PER_RUN = 10;
/** "A total of 8192 characters are allowed for overrides", JSON formatting included (BC-ECS). */
export const MAX_OVERRIDES_CHARACTERS = 8192;
const FARGATE_CAPACITY_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

export interface ValidRunTask {
  readonly definition: LocalTaskDefinition;
  readonly count: number;
  /** Set when a capacity provider strategy chose the capacity. */
  readonly capacityProviderName?: string;
  readonly subnets: readonly string[];
}

const invalid = (message: string): ServiceError => new ServiceError('InvalidParameterException', message);

export function assertCluster(ref: string | undefined, clusterName: string): void {
  if (clusterNameOf(ref) !== clusterName) throw new ServiceError('ClusterNotFoundException', 'Cluster not found.');
}

export function validateRunTask(
  input: RunTaskCommandInput,
  clusterName: string,
  definitions: readonly LocalTaskDefinition[],
): ValidRunTask {
  assertCluster(input.cluster, clusterName);
  if (typeof input.taskDefinition !== 'string' || input.taskDefinition === '') {
    throw invalid('TaskDefinition can not be blank.');
  }
  const definition = findTaskDefinition(definitions, input.taskDefinition);
  if (!definition) throw new ServiceError('ClientException', 'TaskDefinition not found.');

  const count = input.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_TASKS_PER_RUN) {
    throw invalid(`Count must be between 1 and ${MAX_TASKS_PER_RUN}.`);
  }

  const strategy = input.capacityProviderStrategy ?? [];
  if (input.launchType !== undefined && strategy.length > 0) {
    throw invalid('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  if (input.launchType !== undefined && input.launchType !== 'FARGATE') {
    // The local cluster is Fargate only: it has no container instances to place EC2 tasks on.
    throw invalid('No Container Instances were found in your cluster.');
  }
  for (const item of strategy) {
    if (!FARGATE_CAPACITY_PROVIDERS.includes(item.capacityProvider ?? '')) {
      throw invalid(
        'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. ' +
          'Associate the capacity provider with the cluster or specify a valid capacity provider and try again.',
      );
    }
  }
  const chosen = strategy.find((item) => (item.base ?? 0) > 0) ?? strategy.find((item) => (item.weight ?? 0) > 0) ?? strategy[0];

  // Fargate task definitions use the awsvpc network mode, which needs a network configuration.
  const awsvpc = input.networkConfiguration?.awsvpcConfiguration;
  if (!awsvpc) throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  if (!Array.isArray(awsvpc.subnets) || awsvpc.subnets.length === 0) throw invalid('subnets can not be empty.');

  if (input.overrides !== undefined) {
    if (JSON.stringify(input.overrides).length > MAX_OVERRIDES_CHARACTERS) {
      throw invalid(`Container Overrides length must be at most ${MAX_OVERRIDES_CHARACTERS}`);
    }
    for (const override of input.overrides.containerOverrides ?? []) {
      if (!definition.containers.some((c) => c.name === override.name)) {
        throw invalid(`Override for container named ${override.name} is not a container in the TaskDefinition.`);
      }
    }
  }
  if (input.propagateTags === 'SERVICE') {
    throw invalid('The propagateTags value SERVICE is not supported for a task that is not part of a service.');
  }
  if ((input.tags?.length ?? 0) > 50) throw invalid('Tags can not exceed 50 per resource.');

  return {
    definition,
    count,
    ...(chosen?.capacityProvider ? { capacityProviderName: chosen.capacityProvider } : {}),
    subnets: awsvpc.subnets,
  };
}
