/**
 * One command of the command line, declared once (in its module under commands/): its words, usage line,
 * options with their types, help text, how its arguments become a typed command, and its handler. The
 * parser, `--help`, the usage text, "did you mean" and dispatch are all derived from these entries
 * (parse-command.ts, command-table.ts).
 */
import type { Output } from './output.js';
import { sfnEcs } from './invocation.js';
import { UserError } from './user-error.js';

/** How an option is typed: a value, a switch, or a value that may be given several times. */
export type OptionType = 'string' | 'boolean' | 'strings';
export type OptionTypes = Readonly<Record<string, OptionType>>;

/** Where the usage text lists a command, under these titles. */
export const SECTION_TITLES = {
  local: 'Local runtime:',
  stepfunctions: 'Step Functions (AWS or local, through the AWS SDK):',
  ecs: 'ECS tasks (AWS or local):',
} as const;
export type Section = keyof typeof SECTION_TITLES;

/** What a handler gets besides its command. */
export interface RunContext {
  readonly out: Output;
  /** Aborts on Ctrl-C (SIGINT, SIGTERM, SIGHUP); asked for only by commands that run until stopped. */
  readonly shutdown: () => AbortSignal;
}

/** A usage mistake: the message, then where to read more. */
export function usageError(message: string, command?: string): UserError {
  return new UserError(`${message}\nsee ${sfnEcs()}${command ? ` ${command}` : ''} --help`);
}

/** One command line's arguments after the command words, as its builder reads them. */
export class Args {
  constructor(
    /** The command as typed ('task run'), for messages. */
    readonly shown: string,
    private readonly values: Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>,
    /** The positional arguments after the command words. */
    readonly rest: readonly string[],
    /** The folder the command runs in (the default --root). */
    readonly cwd: string,
  ) {}

  string(flag: string): string | undefined {
    const value = this.values[flag];
    return typeof value === 'string' ? value : undefined;
  }

  boolean(flag: string): boolean {
    return this.values[flag] === true;
  }

  strings(flag: string): string[] {
    const value = this.values[flag];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  /** The single positional argument, described as `what` when missing or doubled. */
  one(what: string): string {
    if (this.rest.length !== 1) throw usageError(`'${this.shown}' takes exactly one ${what}${this.rest.length ? ` (got ${this.rest.join(' ')})` : ''}.`, this.shown);
    return this.rest[0]!;
  }

  none(): void {
    if (this.rest.length > 0) throw usageError(`'${this.shown}' takes no arguments (got ${this.rest.join(' ')}).`, this.shown);
  }
}

export interface CommandSpec<T> {
  /** As typed: 'run', 'task run'. */
  readonly words: string;
  readonly section: Section;
  /** The usage line after the words: arguments and options. */
  readonly usage: string;
  /** Lines under the usage line in the usage text (hand-wrapped). */
  readonly summary?: string;
  /** More lines shown only by `<command> --help`. */
  readonly details?: string;
  /** Shared help blocks about its options, shown once at the end of its section and in its --help. */
  readonly notes?: readonly string[];
  /** The options it takes besides the common ones (--root, --data-dir, --help, --version). */
  readonly options: OptionTypes;
  /** The typed command from its arguments; usage mistakes throw (usageError or UserError). */
  readonly parse: (args: Args) => T;
  readonly run: (command: T, context: RunContext) => Promise<number>;
}

/** A parsed command and its handler, bound together. */
export interface BoundCommand {
  readonly command: { readonly name: string };
  run(context: RunContext): Promise<number>;
}

/** A table entry: a command's declaration with its type erased behind `bind`. */
export interface CommandEntry extends Omit<CommandSpec<never>, 'parse' | 'run'> {
  /** The command's name in the parsed command (words joined by '-': 'task-run'). */
  readonly name: string;
  bind(args: Args): BoundCommand;
}

export function defineCommand<T extends { readonly name: string }>(spec: CommandSpec<T>): CommandEntry {
  const { parse, run, ...declaration } = spec;
  return {
    ...declaration,
    name: spec.words.replace(/ /g, '-'),
    bind(args) {
      const command = parse(args);
      return { command, run: (context) => run(command, context) };
    },
  };
}
