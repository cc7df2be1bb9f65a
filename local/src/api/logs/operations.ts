/**
 * The CloudWatch Logs subset served on the API port (awsJson1_1, X-Amz-Target `Logs_20140328.<Op>`):
 * enough for `aws logs tail <group> --follow`, the SDK's paginators and `sfn-ecs logs`.
 */
import { DescribeLogGroupsRequest$, DescribeLogStreamsRequest$, FilterLogEventsRequest$, GetLogEventsRequest$ } from '@aws-sdk/client-cloudwatch-logs';
import type { LogStore } from '../../logs/log-store.js';
import { defineOperation, type JsonService } from '../aws-json/operation-table.js';

export type LogsApi = Pick<LogStore, 'describeLogGroups' | 'describeLogStreams' | 'getLogEvents' | 'filterLogEvents'>;

export function logsService(logs: LogsApi): JsonService {
  return {
    targetPrefix: 'Logs_20140328',
    contentType: 'application/x-amz-json-1.1',
    operations: {
      DescribeLogGroups: defineOperation([], (input) => logs.describeLogGroups(input), DescribeLogGroupsRequest$),
      DescribeLogStreams: defineOperation([], (input) => logs.describeLogStreams(input), DescribeLogStreamsRequest$),
      GetLogEvents: defineOperation(['logStreamName'], (input) => logs.getLogEvents(input), GetLogEventsRequest$),
      FilterLogEvents: defineOperation([], (input) => logs.filterLogEvents(input), FilterLogEventsRequest$),
    },
  };
}
