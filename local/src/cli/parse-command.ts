/**
 * The command line, parsed into one typed command bound to its handler (node:util parseArgs over the
 * options of every command in the table). Usage mistakes raise UserError: the mistake first, then one
 * line pointing at the command's --help (never the whole usage).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Args, usageError, type BoundCommand, type CommandEntry, type OptionType } from './command-spec.js';
import { COMMANDS } from './command-table.js';
import { packageVersion } from './package-version.js';
import { COMMON_OPTIONS } from './shared-options.js';
import { usageFor } from './usage-text.js';

export { DEFAULT_PORT } from './shared-options.js';

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

function parseOption(flag: string, type: OptionType): ParseOptions[string] {
  if (type === 'strings') return { type: 'string', multiple: true };
  return flag === 'help' ? { type, short: 'h' } : { type };
}

/** Every option any command takes, typed once: a flag declared twice with two types is a mistake in the table. */
function allOptions(): ParseOptions {
  const types = new Map<string, OptionType>();
  for (const options of [COMMON_OPTIONS, ...COMMANDS.map((entry) => entry.options)]) {
    for (const [flag, type] of Object.entries(options)) {
      const known = types.get(flag);
      if (known && known !== type) throw new Error(`--${flag} is declared as ${known} and as ${type} in the command table`);
      types.set(flag, type);
    }
  }
  return Object.fromEntries([...types].map(([flag, type]) => [flag, parseOption(flag, type)]));
}

const OPTIONS = allOptions();

/** Words that only group commands (`task` of `task run`), with the commands under them. */
function subcommandsOf(word: string): string[] {
  return COMMANDS.filter((entry) => entry.words.startsWith(`${word} `)).map((entry) => entry.words.slice(word.length + 1));
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

/** The flags a command takes, as typed (every flag when the command is unknown). */
function flagsOf(entry: CommandEntry | undefined): string[] {
  const own = entry ? Object.keys(entry.options) : Object.keys(OPTIONS);
  return [...new Set([...own, 'root', 'data-dir', 'help'])].map((flag) => `--${flag}`);
}

/** The table entry of argv's command words (`task run`), as far as it can be told before parsing. */
function entryOf(words: readonly string[]): CommandEntry | undefined {
  const [first, second] = words;
  return COMMANDS.find((entry) => entry.words === first || entry.words === `${first} ${second}`);
}

/** node:util's parse error, rewritten as one line naming the flag, with a suggestion. */
function parseFailure(error: NodeJS.ErrnoException, argv: readonly string[]): Error {
  const words = argv.filter((a) => !a.startsWith('-'));
  const entry = entryOf(words);
  const shown = entry?.words ?? words[0];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'([^']+)'/.exec(error.message)?.[1] ?? '';
    const flag = given.split('=')[0]!;
    const suggestion = flag.startsWith('--') ? closest(flag, flagsOf(entry)) : undefined;
    return usageError(`unknown option ${flag}${entry ? ` for '${entry.words}'` : ''}${suggestion ? `; did you mean ${suggestion}?` : ''}`, shown);
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /--[a-z-]+/.exec(error.message)?.[0];
    return usageError(flag ? `option ${flag} needs a value` : error.message.split('\n')[0]!, shown);
  }
  return usageError(error.message.split('\n')[0]!, shown);
}

function helpCommand(topic: string | undefined): BoundCommand {
  const command: { readonly name: 'help'; readonly topic?: string } = topic ? { name: 'help', topic } : { name: 'help' };
  return {
    command,
    run: async ({ out }) => {
      out.out(usageFor(topic));
      return 0;
    },
  };
}

/** The command of argv, bound to its handler; throws UserError on usage mistakes. */
export function parseCommandLine(argv: readonly string[], cwd: string): BoundCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw parseFailure(error as NodeJS.ErrnoException, argv);
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  if (values.version) {
    return {
      command: { name: 'version' },
      run: async ({ out }) => {
        out.out(packageVersion());
        return 0;
      },
    };
  }
  if (first === 'help') return helpCommand(rest[0] ? rest.join(' ') : undefined);
  const subcommands = first === undefined ? [] : subcommandsOf(first);
  if (values.help || first === undefined) return helpCommand(first ? positionals.slice(0, subcommands.length > 0 ? 2 : 1).join(' ') : undefined);
  if (subcommands.length > 0 && !subcommands.includes(rest[0] ?? '')) throw usageError(`'${first}' needs one of ${subcommands.join(', ')}.`, first);
  const entry = COMMANDS.find((e) => e.words === (subcommands.length > 0 ? `${first} ${rest[0]}` : first));
  if (!entry) {
    const suggestion = closest(first, [...new Set(COMMANDS.map((e) => e.words.split(' ')[0]!))]);
    throw usageError(`Unknown command '${first}'${suggestion ? `; did you mean '${suggestion}'?` : '.'}`);
  }
  for (const [flag, given] of Object.entries(values)) {
    if (given !== undefined && !(flag in COMMON_OPTIONS) && !(flag in entry.options)) {
      const suggestion = closest(`--${flag}`, flagsOf(entry));
      throw usageError(`'${entry.words}' does not take --${flag}${suggestion ? `; did you mean ${suggestion}?` : '.'}`, entry.words);
    }
  }
  return entry.bind(new Args(entry.words, values, subcommands.length > 0 ? rest.slice(1) : rest, cwd));
}

/** The typed command of argv (what its handler receives). */
export function parseCommand(argv: readonly string[], cwd: string): BoundCommand['command'] {
  return parseCommandLine(argv, cwd).command;
}
