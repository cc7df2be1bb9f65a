/**
 * The ECS subset served on the API port (awsJson1_1, X-Amz-Target AmazonEC2ContainerServiceV20141113.<Op>),
 * so code written against ECS (a test runner, a web app launching scripts) runs locally too.
 */
import { DescribeTasksRequest$, ListTasksRequest$, RunTaskRequest$, StopTaskRequest$ } from '@aws-sdk/client-ecs';
import type { EcsService } from '../../integrations/ecs/ecs-service.js';
import { defineOperation, type JsonService } from '../aws-json/operation-table.js';

export type EcsApi = Pick<EcsService, 'runTask' | 'describeTasks' | 'stopTask' | 'listTasks'>;

export function ecsService(ecs: EcsApi): JsonService {
  return {
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    contentType: 'application/x-amz-json-1.1',
    operations: {
      RunTask: defineOperation(['taskDefinition'], (input) => ecs.runTask(input), RunTaskRequest$),
      DescribeTasks: defineOperation(['tasks'], (input) => ecs.describeTasks(input), DescribeTasksRequest$),
      StopTask: defineOperation(['task'], (input) => ecs.stopTask(input), StopTaskRequest$),
      ListTasks: defineOperation([], (input) => ecs.listTasks(input), ListTasksRequest$),
    },
  };
}
