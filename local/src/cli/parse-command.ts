/**
 * The command line, parsed into one typed command (node:util parseArgs). Usage mistakes raise
 * UserError with the usage text, never a stack trace.
 */
import { parseArgs } from 'node:util';
import { UserError } from './user-error.js';

export const USAGE = `Usage: sfn-ecs <command> [options]

Commands:
  run <machine|file.asl.json> [--input JSON|@file] [--json] [--time-scale N]
                             run one execution with a live view; exit 0 only on SUCCEEDED
  serve [--port 8083] [--schedules]
                             serve the Step Functions + ECS APIs (and S3) on 127.0.0.1
  replay [events/...]        run sample events against their machines, print pass/fail
  history <execution> [--json]
                             print an execution's history (name or ARN)
  logs <execution>           print the container logs of an execution's tasks
  schedules [--fire NAME]    list serverless.yml's schedules, or run one now

Common options:
  --root DIR                 project folder (default: the current directory)
  --data-dir DIR             where executions and S3 data are kept (default: <root>/.sfn-ecs)
  --time-scale N             multiply Wait/Retry delays (0.01 = 100x faster)
  -h, --help                 this text`;

interface Common {
  readonly root: string;
  readonly dataDir?: string;
  readonly timeScale?: number;
}

export type Command =
  | ({ readonly name: 'run'; readonly target: string; readonly input?: string; readonly json: boolean } & Common)
  | ({ readonly name: 'serve'; readonly port: number; readonly schedules: boolean } & Common)
  | ({ readonly name: 'replay'; readonly files: readonly string[]; readonly json: boolean } & Common)
  | ({ readonly name: 'history'; readonly execution: string; readonly json: boolean } & Common)
  | ({ readonly name: 'logs'; readonly execution: string } & Common)
  | ({ readonly name: 'schedules'; readonly fire?: string } & Common)
  | { readonly name: 'help' };

/** The default API port of `sfn-ecs serve`. */
export const DEFAULT_PORT = 8083;

const OPTIONS = {
  input: { type: 'string' },
  json: { type: 'boolean', default: false },
  'time-scale': { type: 'string' },
  port: { type: 'string' },
  schedules: { type: 'boolean', default: false },
  fire: { type: 'string' },
  root: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const ALLOWED: Record<Exclude<Command['name'], 'help'>, readonly (keyof typeof OPTIONS)[]> = {
  run: ['input', 'json', 'time-scale'],
  serve: ['port', 'schedules', 'time-scale'],
  replay: ['json', 'time-scale'],
  history: ['json'],
  logs: [],
  schedules: ['fire', 'time-scale'],
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

export function parseCommand(argv: readonly string[], cwd: string): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help || name === undefined || name === 'help') return { name: 'help' };
  if (!(name in ALLOWED)) throw new UserError(`Unknown command '${name}'.\n\n${USAGE}`);
  const commandName = name as keyof typeof ALLOWED;
  const common = ['root', 'data-dir', 'help'];
  for (const flag of Object.keys(values)) {
    const given = (values as Record<string, unknown>)[flag];
    const isDefault = given === false;
    if (!isDefault && !common.includes(flag) && !ALLOWED[commandName].includes(flag as keyof typeof OPTIONS)) {
      throw new UserError(`'${commandName}' does not take --${flag}.\n\n${USAGE}`);
    }
  }
  const base: Common = {
    root: values.root ?? cwd,
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    ...(values['time-scale'] !== undefined ? { timeScale: positiveNumber('time-scale', values['time-scale']) } : {}),
  };
  const one = (what: string): string => {
    if (rest.length !== 1) throw new UserError(`'${commandName}' takes exactly one ${what}.\n\n${USAGE}`);
    return rest[0]!;
  };
  const none = (): void => {
    if (rest.length > 0) throw new UserError(`'${commandName}' takes no arguments (got ${rest.join(' ')}).\n\n${USAGE}`);
  };
  switch (commandName) {
    case 'run':
      return { name: 'run', target: one('state machine name or .asl.json file'), json: values.json, ...(values.input !== undefined ? { input: values.input } : {}), ...base };
    case 'serve':
      none();
      return { name: 'serve', port: port(values.port), schedules: values.schedules, ...base };
    case 'replay':
      return { name: 'replay', files: rest, json: values.json, ...base };
    case 'history':
      return { name: 'history', execution: one('execution name or ARN'), json: values.json, ...base };
    case 'logs':
      return { name: 'logs', execution: one('execution name or ARN'), ...base };
    case 'schedules':
      none();
      return { name: 'schedules', ...(values.fire !== undefined ? { fire: values.fire } : {}), ...base };
  }
}
