/**
 * The command line, parsed into one typed command (node:util parseArgs). Usage mistakes raise
 * UserError: the mistake first, then one line pointing at the command's --help (never the whole usage).
 */
import { parseArgs } from 'node:util';
import { sfnEcs } from './invocation.js';
import { UserError } from './user-error.js';

export const USAGE = `Usage: sfn-ecs <command> [options]

Local runtime:
  run <machine|file.asl.json> [--input JSON|@file] [--json] [--time-scale N] [--mock-config FILE --test-case NAME] [--console]
                             run one execution in this process with a live view; exit 0 only on SUCCEEDED;
                             --console prints its web console page and keeps it up until Ctrl-C
  serve [--port 8083] [--schedules] [--mock-config FILE]
                             serve the Step Functions, ECS and CloudWatch Logs APIs (and S3) on 127.0.0.1,
                             and the web console at http://127.0.0.1:<port>/
  replay [events/...]        run sample events against their machines, print pass/fail table
  schedules [--fire NAME]    list serverless.yml's schedules, or run one now
  validate [FILE|DIR ...] [--json]
                             lint state machines (default statemachines/); exit 1 on errors
  Mocks: --mock-config FILE (or SFN_MOCK_CONFIG) is Step Functions Local's MockConfigFile.json;
  a test case runs with 'run --test-case NAME' or StartExecution on <stateMachineArn>#<NAME>.

Step Functions (AWS or local, through the AWS SDK):
  start <machine> [--input JSON|@file] [--name NAME] [--wait] [--json]
  watch <execution> [--json] live progress until it ends; exit 0 only on SUCCEEDED
  describe <execution> [--json]
  history <execution> [--json]
  stop <execution> [--error E] [--cause C]
  redrive <execution> [--json]
                             RedriveExecution: rerun a FAILED, TIMED_OUT or ABORTED execution from the
                             states that did not succeed, with the live view; exit 0 only on SUCCEEDED
  executions <machine> [--status RUNNING|SUCCEEDED|FAILED|TIMED_OUT|ABORTED] [--json]
  logs <execution|task-arn> [--follow]
                             every task's log stream, lines prefixed with their timestamps
  artifacts <execution> [--out DIR] [--open] [--json]
                             the S3 objects it wrote (uri, size, local file); --out copies them into DIR
                             (paths below the run's folder), --open opens them; exit 1 when it wrote none

ECS tasks (AWS or local):
  task run --mode M [--input JSON|@file] [--env K=V ...] [--cpu N --memory N] [--spot] [--no-wait] [--json]
                             RunTask, wait for STOPPED, print exit code, reason, result and logs;
                             exit status = the container's exit code (1 if it could not start)
  task status <task-arn> [--json]
  task stop <task-arn> [--reason TEXT]
  task list [--status RUNNING|STOPPED] [--json]
  task options: --cluster ARN --task-definition ARN --container NAME --subnets a,b --security-groups c,d
             (default: read from the deployed --machine, default sync)

Where service commands go:
  --region R, --profile P    the AWS SDK's settings (default credential chain; AWS_ENDPOINT_URL_<SERVICE> works)
  --endpoint-url URL         one endpoint for every service
  --local                    the local runtime: 'sfn-ecs serve' on --port (default 8083) if it runs, else one
                             started in this process. Also used when no AWS configuration is found.
  --stage S                  pick <service>-<S>-<machine> among deployed machines

Common options:
  --root DIR                 project folder (default: the current directory)
  --data-dir DIR             where executions and S3 data are kept (default: <root>/.sfn-ecs)
  --time-scale N             multiply Wait/Retry delays (0.01 = 100x faster)
  -h, --help                 this text (after a command: that command's part)
  --version                  the version of sfn-ecs`;

/** The part of USAGE about one command (its lines and their continuations) plus the common options; all of it when unknown. */
export function usageFor(topic: string | undefined): string {
  if (!topic) return USAGE;
  const lines = USAGE.split('\n');
  const picked: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (new RegExp(`^  ${topic.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: |$)`).test(line)) inside = true;
    else if (!/^ {5,}/.test(line)) inside = false;
    if (inside) picked.push(line);
  }
  if (picked.length === 0) return USAGE;
  const common = USAGE.slice(USAGE.indexOf('Common options:'));
  const where = ['start', 'watch', 'describe', 'history', 'stop', 'executions', 'logs', 'artifacts'].includes(topic) || topic.startsWith('task') ? `\n\n${USAGE.slice(USAGE.indexOf('Where service commands go:'), USAGE.indexOf('\n\nCommon options:'))}` : '';
  return `Usage: sfn-ecs ${picked.map((l) => l.replace(/^  /, '')).join('\n')}${where}\n\n${common}`;
}

interface Common {
  readonly root: string;
  readonly dataDir?: string;
  readonly timeScale?: number;
}

/** Where a service command sends its calls (see clients/client-target.ts). */
export interface Connection {
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly local: boolean;
  readonly port: number;
  readonly stage?: string;
}

type Service = Common & { readonly connection: Connection; readonly json: boolean };

export interface TaskTargetFlags {
  readonly cluster?: string;
  readonly taskDefinition?: string;
  readonly container?: string;
  readonly subnets?: string;
  readonly securityGroups?: string;
  readonly machine: string;
}

export type Command =
  | ({ readonly name: 'run'; readonly target: string; readonly input?: string; readonly json: boolean; readonly testCase?: string; readonly mockConfig?: string; readonly console: boolean } & Common)
  | ({ readonly name: 'serve'; readonly port: number; readonly schedules: boolean; readonly mockConfig?: string } & Common)
  | ({ readonly name: 'replay'; readonly files: readonly string[]; readonly json: boolean } & Common)
  | ({ readonly name: 'schedules'; readonly fire?: string } & Common)
  | ({ readonly name: 'start'; readonly machine: string; readonly input?: string; readonly executionName?: string; readonly wait: boolean } & Service)
  | ({ readonly name: 'watch'; readonly execution: string } & Service)
  | ({ readonly name: 'redrive'; readonly execution: string } & Service)
  | ({ readonly name: 'describe'; readonly execution: string } & Service)
  | ({ readonly name: 'history'; readonly execution: string } & Service)
  | ({ readonly name: 'stop'; readonly execution: string; readonly error?: string; readonly cause?: string } & Service)
  | ({ readonly name: 'executions'; readonly machine: string; readonly status?: string } & Service)
  | ({ readonly name: 'logs'; readonly target: string; readonly follow: boolean } & Service)
  | ({ readonly name: 'artifacts'; readonly execution: string; readonly out?: string; readonly open: boolean } & Service)
  | ({
      readonly name: 'task-run';
      readonly mode: string;
      readonly input?: string;
      readonly env: readonly string[];
      readonly cpu?: string;
      readonly memory?: string;
      readonly spot: boolean;
      readonly wait: boolean;
      readonly target: TaskTargetFlags;
    } & Service)
  | ({ readonly name: 'task-status'; readonly task: string; readonly cluster?: string } & Service)
  | ({ readonly name: 'task-stop'; readonly task: string; readonly reason?: string; readonly cluster?: string } & Service)
  | ({ readonly name: 'task-list'; readonly status?: string; readonly target: TaskTargetFlags } & Service)
  | { readonly name: 'help'; readonly topic?: string }
  | { readonly name: 'version' };

/** The default API port of `sfn-ecs serve`. */
export const DEFAULT_PORT = 8083;

const OPTIONS = {
  input: { type: 'string' },
  json: { type: 'boolean', default: false },
  console: { type: 'boolean', default: false },
  'time-scale': { type: 'string' },
  port: { type: 'string' },
  schedules: { type: 'boolean', default: false },
  fire: { type: 'string' },
  root: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  local: { type: 'boolean', default: false },
  stage: { type: 'string' },
  name: { type: 'string' },
  wait: { type: 'boolean', default: false },
  'no-wait': { type: 'boolean', default: false },
  status: { type: 'string' },
  error: { type: 'string' },
  cause: { type: 'string' },
  follow: { type: 'boolean', default: false },
  out: { type: 'string' },
  open: { type: 'boolean', default: false },
  mode: { type: 'string' },
  env: { type: 'string', multiple: true },
  cpu: { type: 'string' },
  memory: { type: 'string' },
  spot: { type: 'boolean', default: false },
  reason: { type: 'string' },
  cluster: { type: 'string' },
  'task-definition': { type: 'string' },
  container: { type: 'string' },
  subnets: { type: 'string' },
  'security-groups': { type: 'string' },
  machine: { type: 'string' },
  'test-case': { type: 'string' },
  'mock-config': { type: 'string' },
} as const;

type Flag = keyof typeof OPTIONS;
const CONNECTION: readonly Flag[] = ['region', 'profile', 'endpoint-url', 'local', 'port', 'stage'];
const TASK_TARGET: readonly Flag[] = ['cluster', 'task-definition', 'container', 'subnets', 'security-groups', 'machine'];

const ALLOWED: Record<string, readonly Flag[]> = {
  run: ['input', 'json', 'time-scale', 'test-case', 'mock-config', 'console'],
  serve: ['port', 'schedules', 'time-scale', 'mock-config'],
  replay: ['json', 'time-scale'],
  schedules: ['fire', 'time-scale'],
  start: [...CONNECTION, 'json', 'input', 'name', 'wait', 'time-scale'],
  watch: [...CONNECTION, 'json', 'time-scale'],
  redrive: [...CONNECTION, 'json', 'time-scale'],
  describe: [...CONNECTION, 'json'],
  history: [...CONNECTION, 'json'],
  stop: [...CONNECTION, 'json', 'error', 'cause'],
  executions: [...CONNECTION, 'json', 'status'],
  logs: [...CONNECTION, 'follow'],
  artifacts: [...CONNECTION, 'json', 'out', 'open'],
  'task-run': [...CONNECTION, ...TASK_TARGET, 'json', 'mode', 'input', 'env', 'cpu', 'memory', 'spot', 'no-wait', 'time-scale'],
  'task-status': [...CONNECTION, 'json', 'cluster'],
  'task-stop': [...CONNECTION, 'json', 'cluster', 'reason'],
  'task-list': [...CONNECTION, ...TASK_TARGET, 'json', 'status'],
};

function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UserError(`--${flag} must be a positive number (got '${text}')`);
  return value;
}

function port(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new UserError(`--port must be an integer from 0 to 65535 (got '${text}')`);
  return value;
}

const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
const TASK_STATUSES = ['RUNNING', 'PENDING', 'STOPPED'];

function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) throw new UserError(`--${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value;
}

/** A usage mistake: the message, then where to read more. */
function usageError(message: string, command?: string): UserError {
  return new UserError(`${message}\nsee ${sfnEcs()}${command ? ` ${command}` : ''} --help`);
}

/** Edit distance (Levenshtein); a dozen lines, not worth a dependency. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest of `candidates` to `given` (a typo's distance), or undefined. */
export function closest(given: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(given, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(given.length / 3)) ? best.name : undefined;
}

/** The flags a command takes, as typed. */
function flagsOf(command: string | undefined): string[] {
  const own = command && command in ALLOWED ? ALLOWED[command]! : (Object.keys(OPTIONS) as Flag[]);
  return [...new Set([...own, 'root', 'data-dir', 'help'])].map((flag) => `--${flag}`);
}

/** The command word of argv (`task run` → task-run), as far as it can be told before parsing. */
function commandWord(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'task' && words[1] ? `task-${words[1]}` : words[0];
}

/** node:util's parse error, rewritten as one line naming the flag, with a suggestion. */
function parseFailure(error: NodeJS.ErrnoException, argv: readonly string[]): UserError {
  const command = commandWord(argv);
  const shown = command?.replace(/^task-/, 'task ');
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'([^']+)'/.exec(error.message)?.[1] ?? '';
    const flag = given.split('=')[0]!;
    const suggestion = flag.startsWith('--') ? closest(flag, flagsOf(command)) : undefined;
    return usageError(`unknown option ${flag}${shown && shown in ALLOWED ? ` for '${shown}'` : ''}${suggestion ? `; did you mean ${suggestion}?` : ''}`, shown);
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /--[a-z-]+/.exec(error.message)?.[0];
    return usageError(flag ? `option ${flag} needs a value` : error.message.split('\n')[0]!, shown);
  }
  return usageError(error.message.split('\n')[0]!, shown);
}

export function parseCommand(argv: readonly string[], cwd: string): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw parseFailure(error as NodeJS.ErrnoException, argv);
  }
  const { values, positionals } = parsed;
  let [name, ...rest] = positionals;
  if (values.version) return { name: 'version' };
  if (name === 'help') return rest[0] ? { name: 'help', topic: rest.join(' ') } : { name: 'help' };
  if (values.help || name === undefined) return name ? { name: 'help', topic: positionals.slice(0, name === 'task' ? 2 : 1).join(' ') } : { name: 'help' };
  if (name === 'task') {
    const [sub, ...more] = rest;
    if (!sub || !['run', 'status', 'stop', 'list'].includes(sub)) throw usageError(`'task' needs one of run, status, stop, list.`, 'task');
    name = `task-${sub}`;
    rest = more;
  }
  if (!(name in ALLOWED)) {
    const suggestion = closest(name, [...Object.keys(ALLOWED).filter((c) => !c.startsWith('task-')), 'task', 'validate']);
    throw usageError(`Unknown command '${name}'${suggestion ? `; did you mean '${suggestion}'?` : '.'}`);
  }
  const commandName = name;
  const shown = commandName.replace(/^task-/, 'task ');
  const common = ['root', 'data-dir', 'help', 'version'];
  for (const flag of Object.keys(values)) {
    const given = (values as Record<string, unknown>)[flag];
    const isDefault = given === false;
    if (!isDefault && !common.includes(flag) && !ALLOWED[commandName]!.includes(flag as Flag)) {
      const suggestion = closest(`--${flag}`, flagsOf(commandName));
      throw usageError(`'${shown}' does not take --${flag}${suggestion ? `; did you mean ${suggestion}?` : '.'}`, shown);
    }
  }
  const base: Common = {
    root: values.root ?? cwd,
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    ...(values['time-scale'] !== undefined ? { timeScale: positiveNumber('time-scale', values['time-scale']) } : {}),
  };
  const one = (what: string): string => {
    if (rest.length !== 1) throw usageError(`'${shown}' takes exactly one ${what}${rest.length ? ` (got ${rest.join(' ')})` : ''}.`, shown);
    return rest[0]!;
  };
  const none = (): void => {
    if (rest.length > 0) throw usageError(`'${shown}' takes no arguments (got ${rest.join(' ')}).`, shown);
  };
  const connection: Connection = {
    local: values.local,
    port: port(values.port),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
    ...(values['endpoint-url'] !== undefined ? { endpointUrl: values['endpoint-url'] } : {}),
    ...(values.stage !== undefined ? { stage: values.stage } : {}),
  };
  if (connection.local && (connection.endpointUrl || connection.region || connection.profile)) {
    throw new UserError('--local cannot be combined with --endpoint-url, --region or --profile.');
  }
  const service = { ...base, connection, json: values.json };
  const target: TaskTargetFlags = {
    machine: values.machine ?? 'sync',
    ...(values.cluster !== undefined ? { cluster: values.cluster } : {}),
    ...(values['task-definition'] !== undefined ? { taskDefinition: values['task-definition'] } : {}),
    ...(values.container !== undefined ? { container: values.container } : {}),
    ...(values.subnets !== undefined ? { subnets: values.subnets } : {}),
    ...(values['security-groups'] !== undefined ? { securityGroups: values['security-groups'] } : {}),
  };
  switch (commandName) {
    case 'run':
      return {
        name: 'run',
        target: one('state machine name or .asl.json file'),
        json: values.json,
        console: values.console,
        ...(values.input !== undefined ? { input: values.input } : {}),
        ...(values['test-case'] !== undefined ? { testCase: values['test-case'] } : {}),
        ...(values['mock-config'] !== undefined ? { mockConfig: values['mock-config'] } : {}),
        ...base,
      };
    case 'serve':
      none();
      return { name: 'serve', port: port(values.port), schedules: values.schedules, ...(values['mock-config'] !== undefined ? { mockConfig: values['mock-config'] } : {}), ...base };
    case 'replay':
      return { name: 'replay', files: rest, json: values.json, ...base };
    case 'schedules':
      none();
      return { name: 'schedules', ...(values.fire !== undefined ? { fire: values.fire } : {}), ...base };
    case 'start':
      return {
        name: 'start',
        machine: one('state machine name or ARN'),
        wait: values.wait,
        ...(values.input !== undefined ? { input: values.input } : {}),
        ...(values.name !== undefined ? { executionName: values.name } : {}),
        ...service,
      };
    case 'watch':
      return { name: 'watch', execution: one('execution name or ARN'), ...service };
    case 'redrive':
      return { name: 'redrive', execution: one('execution name or ARN'), ...service };
    case 'describe':
      return { name: 'describe', execution: one('execution name or ARN'), ...service };
    case 'history':
      return { name: 'history', execution: one('execution name or ARN'), ...service };
    case 'stop':
      return { name: 'stop', execution: one('execution name or ARN'), ...(values.error !== undefined ? { error: values.error } : {}), ...(values.cause !== undefined ? { cause: values.cause } : {}), ...service };
    case 'executions': {
      const status = oneOf('status', values.status, EXECUTION_STATUSES);
      return { name: 'executions', machine: one('state machine name or ARN'), ...(status ? { status } : {}), ...service };
    }
    case 'logs':
      return { name: 'logs', target: one('execution (name or ARN) or task ARN'), follow: values.follow, ...service };
    case 'artifacts':
      return { name: 'artifacts', execution: one('execution name or ARN'), open: values.open, ...(values.out !== undefined ? { out: values.out } : {}), ...service };
    case 'task-run': {
      none();
      if (!values.mode) throw usageError(`'task run' needs --mode (echo, analytics, compute, stream).`, 'task run');
      if (values.wait && values['no-wait']) throw new UserError('--wait and --no-wait contradict each other.');
      for (const pair of values.env ?? []) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(pair)) throw new UserError(`--env takes NAME=VALUE (got '${pair}')`);
      }
      return {
        name: 'task-run',
        mode: values.mode,
        env: values.env ?? [],
        spot: values.spot,
        wait: !values['no-wait'],
        target,
        ...(values.input !== undefined ? { input: values.input } : {}),
        ...(values.cpu !== undefined ? { cpu: values.cpu } : {}),
        ...(values.memory !== undefined ? { memory: values.memory } : {}),
        ...service,
      };
    }
    case 'task-status':
      return { name: 'task-status', task: one('task ARN'), ...(values.cluster !== undefined ? { cluster: values.cluster } : {}), ...service };
    case 'task-stop':
      return { name: 'task-stop', task: one('task ARN'), ...(values.reason !== undefined ? { reason: values.reason } : {}), ...(values.cluster !== undefined ? { cluster: values.cluster } : {}), ...service };
    case 'task-list': {
      none();
      const status = oneOf('status', values.status, TASK_STATUSES);
      return { name: 'task-list', target, ...(status ? { status } : {}), ...service };
    }
  }
  throw usageError(`Unknown command '${name}'.`);
}
