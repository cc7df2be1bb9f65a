/**
 * Where the service commands send their calls. One client layer for every case: AWS through the SDK's
 * own configuration (default credential chain, region, profile, `AWS_ENDPOINT_URL_<SERVICE>`), an
 * explicit `--endpoint-url`, or the local runtime's API. Only the endpoint and credentials differ.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';

export interface ClientFlags {
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
  /** `--local`: the local runtime (a running `sfn-ecs serve`, else one started in this process). */
  readonly local?: boolean;
  /** The port `sfn-ecs serve` listens on. */
  readonly port: number;
}

export type ClientTarget =
  /** The SDK's defaults decide (AWS, or whatever AWS_ENDPOINT_URL_* / the profile say), plus the flags. */
  | { readonly kind: 'aws'; readonly region?: string; readonly profile?: string; readonly endpointUrl?: string }
  /** A local runtime API at this endpoint (dummy credentials, the local region). */
  | { readonly kind: 'local'; readonly endpoint: string; readonly region: string; readonly reason: string };

/** Environment variables that mean "the user configured AWS" (SDK configuration, not project settings). */
const AWS_CONFIGURATION_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SFN',
  'AWS_ENDPOINT_URL_ECS',
  'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
] as const;

/** True when the environment or the shared config/credentials files configure AWS. */
export function hasAwsConfiguration(env: NodeJS.ProcessEnv): boolean {
  if (AWS_CONFIGURATION_VARIABLES.some((name) => env[name])) return true;
  const home = env.HOME ?? homedir();
  const config = env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config');
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials');
  return existsSync(config) || existsSync(credentials);
}

/** How long the local server gets to accept a connection before it counts as not running. */
export const LOCAL_PROBE_TIMEOUT_MS = 500;

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number, timeoutMs = LOCAL_PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (up: boolean): void => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export type LocalChoice = { readonly kind: 'server'; readonly endpoint: string } | { readonly kind: 'in-process' };

/**
 * The decision, in order: `--local`; then any AWS setting (flags, environment, config files) means the
 * SDK's configuration; with none, the local runtime. Undefined `local` means "use the AWS SDK".
 */
export function chooseTarget(flags: ClientFlags, env: NodeJS.ProcessEnv): { useLocal: false } | { useLocal: true; reason: string } {
  if (flags.local) return { useLocal: true, reason: '--local' };
  if (flags.endpointUrl || flags.region || flags.profile || hasAwsConfiguration(env)) return { useLocal: false };
  return { useLocal: true, reason: 'no AWS configuration found (no AWS_* settings, no ~/.aws files)' };
}

/** A running `sfn-ecs serve` on the local port, else the in-process runtime. */
export async function findLocalServer(port: number): Promise<LocalChoice> {
  return (await isListening(port)) ? { kind: 'server', endpoint: `http://127.0.0.1:${port}` } : { kind: 'in-process' };
}
