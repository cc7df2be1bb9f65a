/** The ECS task definitions serverless.yml declares, as the local ECS runs them. */
import type { LocalContainerDefinition, LocalTaskDefinition } from '../integrations/ecs/task-definition.js';
import { taskFamily } from './local-intrinsics.js';
import { LOCAL_TASK_DEFINITION_REVISION, localTaskDefinitionArn } from './local-values.js';
import { ProjectError } from './project-error.js';
import { asRecord } from './serverless-config.js';
import type { ServerlessConfig } from './serverless-config.js';

/** ECS: a container's stopTimeout defaults to 30 s; Fargate allows 2–120. */
const DEFAULT_STOP_TIMEOUT_SECONDS = 30;
const MIN_STOP_TIMEOUT_SECONDS = 2;
const MAX_STOP_TIMEOUT_SECONDS = 120;

export function readTaskDefinitions(config: ServerlessConfig): LocalTaskDefinition[] {
  return Object.entries(config.template.resources)
    .filter(([, resource]) => resource.Type === 'AWS::ECS::TaskDefinition')
    .map(([logicalId, resource]) => {
      const properties = asRecord(config.resolve(resource.Properties ?? {}));
      const family = taskFamily(logicalId, resource, config.template);
      const where = `${config.file}: task definition ${logicalId}`;
      const containers = asList(properties['ContainerDefinitions'], `${where} ContainerDefinitions`).map((c, i) =>
        container(asRecord(c), `${where} container ${i}`),
      );
      if (containers.length === 0) throw new ProjectError(`${where} has no containers`);
      return {
        family,
        revision: LOCAL_TASK_DEFINITION_REVISION,
        taskDefinitionArn: localTaskDefinitionArn(config.template.region, family),
        cpu: requiredString(properties['Cpu'], `${where} Cpu`),
        memory: requiredString(properties['Memory'], `${where} Memory`),
        containers,
      };
    });
}

function container(c: Record<string, unknown>, where: string): LocalContainerDefinition {
  const stopTimeout = c['StopTimeout'] === undefined ? DEFAULT_STOP_TIMEOUT_SECONDS : Number(c['StopTimeout']);
  if (!Number.isInteger(stopTimeout) || stopTimeout < MIN_STOP_TIMEOUT_SECONDS || stopTimeout > MAX_STOP_TIMEOUT_SECONDS) {
    throw new ProjectError(`${where}: StopTimeout must be an integer from 2 to 120 seconds on Fargate, got ${String(c['StopTimeout'])}`);
  }
  const log = asRecord(c['LogConfiguration']);
  const logOptions = log['LogDriver'] === 'awslogs' ? asRecord(log['Options']) : {};
  const environment = asList(c['Environment'] ?? [], `${where} Environment`).map((e) => {
    const entry = asRecord(e);
    return { name: requiredString(entry['Name'], `${where} Environment Name`), value: String(entry['Value'] ?? '') };
  });
  if (c['EntryPoint'] !== undefined) {
    // The local "image" is the worker bundle run by node (the Dockerfile's ENTRYPOINT); replacing it
    // would let the project run any program on the host, which the local runtime never does.
    throw new ProjectError(`${where}: EntryPoint is not supported locally: the image's entrypoint (node worker.mjs) always runs; put its arguments in Command`);
  }
  const command = c['Command'] === undefined ? undefined : asList(c['Command'], `${where} Command`).map((arg) => String(arg));
  return {
    name: requiredString(c['Name'], `${where} Name`),
    ...(command === undefined ? {} : { command }),
    image: requiredString(c['Image'], `${where} Image`),
    essential: c['Essential'] === undefined ? true : c['Essential'] === true || c['Essential'] === 'true',
    environment,
    stopTimeoutSeconds: stopTimeout,
    ...(logOptions['awslogs-group'] === undefined ? {} : { logGroup: String(logOptions['awslogs-group']) }),
    ...(logOptions['awslogs-stream-prefix'] === undefined ? {} : { logStreamPrefix: String(logOptions['awslogs-stream-prefix']) }),
  };
}

function asList(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ProjectError(`${where} must be a list`);
  return value;
}

function requiredString(value: unknown, where: string): string {
  if (value === undefined || value === null || value === '') throw new ProjectError(`${where} is missing`);
  return String(value);
}
