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

/** Settings that name AWS (or an endpoint) for these commands explicitly: they win over a running `sfn-ecs serve`. */
const EXPLICIT_AWS_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SFN',
  'AWS_ENDPOINT_URL_ECS',
  'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
] as const;

/**
 * Settings that configure AWS without choosing it: credentials and a region are also what the AWS CLI
 * needs to talk to the local server, so with `sfn-ecs serve` answering they do not switch to AWS.
 */
const AWS_CREDENTIAL_VARIABLES = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
] as const;

/** The first setting that configures AWS (environment or shared files), named for messages; undefined when none. */
export function awsConfigurationSource(env: NodeJS.ProcessEnv): string | undefined {
  const variable = [...EXPLICIT_AWS_VARIABLES, ...AWS_CREDENTIAL_VARIABLES].find((name) => env[name]);
  if (variable) return `${variable} is set`;
  const home = env.HOME ?? homedir();
  const config = env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config');
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials');
  if (existsSync(config)) return `${config} exists`;
  if (existsSync(credentials)) return `${credentials} exists`;
  return undefined;
}

/**
 * The region the AWS CLI would use from flags and environment: --region, AWS_REGION, then
 * AWS_DEFAULT_REGION (the SDK for JavaScript reads only AWS_REGION itself). Undefined: the profile decides.
 */
export function regionFrom(flagRegion: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return flagRegion || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
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

export type TargetChoice = { readonly useLocal: boolean; readonly reason: string };

/**
 * The decision, in order (docs/aws.md "Where the commands go"):
 * 1. `--local`: the local runtime.
 * 2. `--endpoint-url`, `--region`, `--profile`, AWS_PROFILE or AWS_ENDPOINT_URL[_SFN|_ECS|_CLOUDWATCH_LOGS]: AWS
 *    through the SDK's configuration (an explicit choice).
 * 3. `sfn-ecs serve` answers on --port: that server (dummy credentials and a region exported for the
 *    AWS CLI do not switch to AWS).
 * 4. Any other AWS setting (credentials or region variables, ~/.aws files): AWS.
 * 5. Nothing: the local runtime.
 */
export function chooseTarget(flags: ClientFlags, env: NodeJS.ProcessEnv, localServerAnswers = false): TargetChoice {
  if (flags.local) return { useLocal: true, reason: '--local' };
  const flag = flags.endpointUrl ? '--endpoint-url' : flags.region ? '--region' : flags.profile ? '--profile' : undefined;
  if (flag) return { useLocal: false, reason: `${flag} was given` };
  const explicit = EXPLICIT_AWS_VARIABLES.find((name) => env[name]);
  if (explicit) return { useLocal: false, reason: `${explicit} is set` };
  if (localServerAnswers) return { useLocal: true, reason: `sfn-ecs serve answers on 127.0.0.1:${flags.port}` };
  const source = awsConfigurationSource(env);
  if (source) return { useLocal: false, reason: source };
  return { useLocal: true, reason: 'no AWS configuration found (no AWS_* settings, no ~/.aws files)' };
}

/** A running `sfn-ecs serve` on the local port, else the in-process runtime. */
export async function findLocalServer(port: number): Promise<LocalChoice> {
  return (await isListening(port)) ? { kind: 'server', endpoint: `http://127.0.0.1:${port}` } : { kind: 'in-process' };
}
