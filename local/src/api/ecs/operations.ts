/**
 * The ECS subset served on the API port (awsJson1_1, X-Amz-Target AmazonEC2ContainerServiceV20141113.<Op>),
 * so code written against ECS (a test runner, a web app launching scripts) runs locally too.
 */
import type { EcsService } from '../../integrations/ecs/ecs-service.js';
import { defineOperation, type JsonService } from '../aws-json/operation-table.js';

export type EcsApi = Pick<EcsService, 'runTask' | 'describeTasks' | 'stopTask' | 'listTasks'>;

export function ecsService(ecs: EcsApi): JsonService {
  return {
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    contentType: 'application/x-amz-json-1.1',
    operations: {
      RunTask: defineOperation(['taskDefinition'], (input) => ecs.runTask(input), {
        cluster: 'string',
        taskDefinition: 'string',
        count: 'number',
        launchType: 'string',
        overrides: 'structure',
        networkConfiguration: 'structure',
        startedBy: 'string',
        group: 'string',
        capacityProviderStrategy: 'list',
        clientToken: 'string',
        tags: 'list',
        enableECSManagedTags: 'boolean',
        enableExecuteCommand: 'boolean',
        propagateTags: 'string',
        referenceId: 'string',
        platformVersion: 'string',
        placementConstraints: 'list',
        placementStrategy: 'list',
        volumeConfigurations: 'list',
      }),
      DescribeTasks: defineOperation(['tasks'], (input) => ecs.describeTasks(input), { cluster: 'string', tasks: 'string list', include: 'string list' }),
      StopTask: defineOperation(['task'], (input) => ecs.stopTask(input), { cluster: 'string', task: 'string', reason: 'string' }),
      ListTasks: defineOperation([], (input) => ecs.listTasks(input), { cluster: 'string', containerInstance: 'string', family: 'string', nextToken: 'string', maxResults: 'number', startedBy: 'string', serviceName: 'string', desiredStatus: 'string', launchType: 'string' }),
    },
  };
}
