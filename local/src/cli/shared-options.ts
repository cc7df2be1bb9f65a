/**
 * The options several commands share, each group with its types, its help text and the values it
 * becomes: the common ones, where service commands go (the connection), and where a task runs.
 */
import { UserError } from './user-error.js';
import type { TaskSettingFlags } from '../clients/task-settings.js';
import type { Args, OptionTypes } from './command-spec.js';

/** The default API port of `sfn-ecs serve`. */
export const DEFAULT_PORT = 8083;

/** Taken by every command. */
export const COMMON_OPTIONS = { root: 'string', 'data-dir': 'string', help: 'boolean', version: 'boolean' } as const satisfies OptionTypes;

export const COMMON_HELP = `Common options:
  --root DIR                 project folder (default: the current directory)
  --data-dir DIR             where executions and S3 data are kept (default: <root>/.sfn-ecs)
  --time-scale N             multiply Wait/Retry delays (0.01 = 100x faster)
  -h, --help                 this text (after a command: that command's part)
  --version                  the version of sfn-ecs`;

/** Where a service command sends its calls (see clients/client-target.ts). */
export interface Connection {
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly local: boolean;
  readonly port: number;
  readonly stage?: string;
}

export const CONNECTION_OPTIONS = { region: 'string', profile: 'string', 'endpoint-url': 'string', local: 'boolean', port: 'string', stage: 'string' } as const satisfies OptionTypes;

export const CONNECTION_HELP = `Where service commands go:
  --region R, --profile P    the AWS SDK's settings (default credential chain; AWS_ENDPOINT_URL_<SERVICE> works)
  --endpoint-url URL         one endpoint for every service
  --local                    the local runtime: 'sfn-ecs serve' on --port (default ${DEFAULT_PORT}) if it runs, else one
                             started in this process. Also used when no AWS configuration is found.
  --stage S                  pick <service>-<S>-<machine> among deployed machines`;

/** The task target flags as typed; the stage comes with the connection options. */
export type TaskTargetFlags = Omit<TaskSettingFlags, 'stage'>;

export const TASK_TARGET_OPTIONS = { cluster: 'string', 'task-definition': 'string', container: 'string', subnets: 'string', 'security-groups': 'string', machine: 'string' } as const satisfies OptionTypes;

export const TASK_TARGET_HELP = `  task options: --cluster ARN --task-definition ARN --container NAME --subnets a,b --security-groups c,d
             (default: read from the deployed --machine, default sync)`;

export const MOCK_HELP = `  Mocks: --mock-config FILE (or SFN_MOCK_CONFIG) is Step Functions Local's MockConfigFile.json;
  a test case runs with 'run --test-case NAME' or StartExecution on <stateMachineArn>#<NAME>.`;

export function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UserError(`--${flag} must be a positive number (got '${text}')`);
  return value;
}

export function port(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new UserError(`--port must be an integer from 0 to 65535 (got '${text}')`);
  return value;
}

export function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) throw new UserError(`--${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value;
}

/** What every command knows: the project, its data folder, the time scale. */
export interface Common {
  readonly root: string;
  readonly dataDir?: string;
  readonly timeScale?: number;
}

export function common(args: Args): Common {
  const dataDir = args.string('data-dir');
  const timeScale = positiveNumber('time-scale', args.string('time-scale'));
  return { root: args.string('root') ?? args.cwd, ...(dataDir !== undefined ? { dataDir } : {}), ...(timeScale !== undefined ? { timeScale } : {}) };
}

export type Service = Common & { readonly connection: Connection; readonly json: boolean };

/** A service command's common values, its connection and --json. */
export function service(args: Args): Service {
  const optional = (flag: string, key: keyof Connection) => {
    const value = args.string(flag);
    return value !== undefined ? { [key]: value } : {};
  };
  const connection: Connection = {
    local: args.boolean('local'),
    port: port(args.string('port')),
    ...optional('region', 'region'),
    ...optional('profile', 'profile'),
    ...optional('endpoint-url', 'endpointUrl'),
    ...optional('stage', 'stage'),
  };
  if (connection.local && (connection.endpointUrl || connection.region || connection.profile)) {
    throw new UserError('--local cannot be combined with --endpoint-url, --region or --profile.');
  }
  return { ...common(args), connection, json: args.boolean('json') };
}

export function taskTarget(args: Args): TaskTargetFlags {
  const optional = (flag: string, key: keyof TaskTargetFlags) => {
    const value = args.string(flag);
    return value !== undefined ? { [key]: value } : {};
  };
  return {
    machine: args.string('machine') ?? 'sync',
    ...optional('cluster', 'cluster'),
    ...optional('task-definition', 'taskDefinition'),
    ...optional('container', 'container'),
    ...optional('subnets', 'subnets'),
    ...optional('security-groups', 'securityGroups'),
  };
}
