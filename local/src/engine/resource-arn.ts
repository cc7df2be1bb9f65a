/**
 * Parses a Task state's Resource once into service, action and integration pattern
 * (e.g. arn:aws:states:::ecs:runTask.sync -> ecs / runTask / sync).
 */
import type { IntegrationPattern } from './integration.js';

export interface ResourceArn {
  /** The key integrations register under, e.g. 'ecs:runTask'; the whole resource for non-service ARNs. */
  readonly serviceAction: string;
  readonly pattern: IntegrationPattern;
  /** History `resourceType`, e.g. 'ecs' (taskScheduledEventDetails). */
  readonly resourceType: string;
  /** History `resource`, e.g. 'runTask.sync'. */
  readonly resource: string;
}

const SERVICE_PREFIX = /^arn:[\w-]+:states:::/;
const SERVICE_ACTION = /^([A-Za-z0-9-]+):([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*?)(\.sync(?::\d+)?|\.waitForTaskToken)?$/;
const OTHER_ARN = /^arn:[\w-]+:([\w-]+):/;

export function parseResourceArn(resource: string): ResourceArn {
  const serviceArn = resource.replace(SERVICE_PREFIX, '');
  const match = SERVICE_ACTION.exec(serviceArn);
  if (match && (serviceArn !== resource || !OTHER_ARN.test(resource))) {
    const [, service = '', action = '', suffix] = match;
    const pattern: IntegrationPattern = suffix === undefined ? 'request-response' : suffix.startsWith('.sync') ? 'sync' : 'waitForTaskToken';
    return { serviceAction: `${service}:${action}`, pattern, resourceType: service, resource: `${action}${suffix ?? ''}` };
  }
  // Lambda function ARNs, activity ARNs and anything else: the whole resource is the key.
  const service = OTHER_ARN.exec(resource)?.[1] ?? 'unknown';
  return { serviceAction: resource, pattern: 'request-response', resourceType: service, resource };
}
