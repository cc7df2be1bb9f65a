/**
 * The SDK clients every service command uses (Step Functions, ECS, CloudWatch Logs), built from one
 * target. Against AWS nothing is set that the SDK would not set itself, so `AWS_ENDPOINT_URL_<SERVICE>`,
 * profiles and the credential chain behave exactly as in any other SDK program.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { ClientTarget } from './client-target.js';

export interface ServiceClients {
  readonly sfn: SFNClient;
  readonly ecs: ECSClient;
  readonly logs: CloudWatchLogsClient;
  /** One line saying where the calls go, for the screen. */
  readonly description: string;
  /** Where the calls go (the local runtime's S3 is not at its API endpoint: see `createS3Client`). */
  readonly target: ClientTarget;
  destroy(): void;
}

/** A connection that is not accepted within this time fails (a down endpoint fails fast). */
export const CONNECTION_TIMEOUT_MS = 3_000;
/** No single API call here should take longer; a hung endpoint fails instead of hanging the CLI. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Attempts per call (the SDK default is 3): a refused connection is retried once, then reported. */
export const MAX_ATTEMPTS = 2;
/** The local runtime checks no credentials; the SDK still needs some to sign. */
const LOCAL_CREDENTIALS = { accessKeyId: 'sfn-ecs-local', secretAccessKey: 'sfn-ecs-local' };

function clientOptions(target: ClientTarget) {
  return {
    maxAttempts: MAX_ATTEMPTS,
    // The SDK builds its Node HTTP handler from these options.
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    ...(target.kind === 'local'
      ? { endpoint: target.endpoint, region: target.region, credentials: LOCAL_CREDENTIALS }
      : {
          ...(target.region ? { region: target.region } : {}),
          ...(target.profile ? { profile: target.profile } : {}),
          ...(target.endpointUrl ? { endpoint: target.endpointUrl } : {}),
        }),
  };
}

/** An S3 client for an AWS target, configured as the other clients (the SDK still reads AWS_ENDPOINT_URL_S3). */
export function createS3Client(target: Extract<ClientTarget, { kind: 'aws' }>): S3Client {
  return new S3Client({ ...clientOptions(target), ...(target.endpointUrl ? { forcePathStyle: true } : {}) });
}

export function createServiceClients(target: ClientTarget): ServiceClients {
  const common = clientOptions(target);
  const sfn = new SFNClient(common);
  const ecs = new ECSClient(common);
  const logs = new CloudWatchLogsClient(common);
  const description =
    target.kind === 'local'
      ? `the local runtime at ${target.endpoint}`
      : target.endpointUrl
        ? `${target.endpointUrl}${target.profile ? ` (profile ${target.profile})` : ''}`
        : `AWS${target.region ? ` ${target.region}` : ''}${target.profile ? ` (profile ${target.profile})` : ''}`;
  return {
    sfn,
    ecs,
    logs,
    description,
    target,
    destroy() {
      sfn.destroy();
      ecs.destroy();
      logs.destroy();
    },
  };
}
