/**
 * ECS DescribeTaskDefinition for the local task definitions, with their awslogs settings, so a client
 * finds a task's log group and stream the same way on AWS and locally (`sfn-ecs logs <task>`).
 */
import { DescribeTaskDefinitionRequest$, type DescribeTaskDefinitionCommandInput, type DescribeTaskDefinitionCommandOutput } from '@aws-sdk/client-ecs';
import { ServiceError } from '../../errors/service-error.js';
import { findTaskDefinition } from '../../integrations/ecs/ecs-names.js';
import type { LocalTaskDefinition } from '../../integrations/ecs/task-definition.js';
import { defineOperation, type Operation } from '../aws-json/operation-table.js';

type Output = Pick<DescribeTaskDefinitionCommandOutput, 'taskDefinition'>;

export function describeTaskDefinition(definitions: readonly LocalTaskDefinition[], region: string, input: DescribeTaskDefinitionCommandInput): Output {
  const definition = input.taskDefinition ? findTaskDefinition(definitions, input.taskDefinition) : undefined;
  // ECS's own wording for an unknown family or revision.
  if (!definition) throw new ServiceError('ClientException', 'Unable to describe task definition.');
  return {
    taskDefinition: {
      taskDefinitionArn: definition.taskDefinitionArn,
      family: definition.family,
      revision: definition.revision,
      status: 'ACTIVE',
      cpu: definition.cpu,
      memory: definition.memory,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      compatibilities: ['EC2', 'FARGATE'],
      containerDefinitions: definition.containers.map((c) => ({
        name: c.name,
        image: c.image,
        essential: c.essential,
        environment: c.environment.map((e) => ({ name: e.name, value: e.value })),
        stopTimeout: c.stopTimeoutSeconds,
        ...(c.logGroup
          ? {
              logConfiguration: {
                logDriver: 'awslogs' as const,
                options: {
                  'awslogs-group': c.logGroup,
                  'awslogs-region': region,
                  ...(c.logStreamPrefix ? { 'awslogs-stream-prefix': c.logStreamPrefix } : {}),
                },
              },
            }
          : {}),
      })),
    },
  };
}

export function describeTaskDefinitionOperation(definitions: readonly LocalTaskDefinition[], region: string): Operation<DescribeTaskDefinitionCommandInput, Output> {
  return defineOperation(['taskDefinition'], async (input) => describeTaskDefinition(definitions, region, input), DescribeTaskDefinitionRequest$);
}
