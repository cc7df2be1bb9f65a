/** The usage text and each command's --help, rendered from the command table. */
import { SECTION_TITLES, type CommandEntry } from './command-spec.js';
import { COMMANDS } from './command-table.js';
import { COMMON_HELP, CONNECTION_HELP } from './shared-options.js';

/** Where a command's summary starts in the usage text. */
const SUMMARY_COLUMN = 29;

/** A command's lines in the usage text: its usage line, then its summary (beside it when both fit). */
function entryLines(entry: CommandEntry): string[] {
  const head = `  ${entry.words} ${entry.usage}`;
  const summary = entry.summary?.split('\n') ?? [];
  if (summary.length === 1 && head.length <= SUMMARY_COLUMN - 1) return [`${head.padEnd(SUMMARY_COLUMN - 1)} ${summary[0]}`];
  return [head, ...summary.map((line) => `${' '.repeat(SUMMARY_COLUMN)}${line}`)];
}

/** The notes of these entries, each once, in order. */
function notesOf(entries: readonly CommandEntry[]): string[] {
  return [...new Set(entries.flatMap((entry) => entry.notes ?? []))];
}

function render(): string {
  const sections = Object.entries(SECTION_TITLES).map(([section, title]) => {
    const entries = COMMANDS.filter((entry) => entry.section === section);
    return [title, ...entries.flatMap(entryLines), ...notesOf(entries)].join('\n');
  });
  return ['Usage: sfn-ecs <command> [options]', ...sections, CONNECTION_HELP, COMMON_HELP].join('\n\n');
}

export const USAGE = render();

/** Whether a command sends its calls to a service (and so takes the connection options). */
function isServiceCommand(entry: CommandEntry): boolean {
  return 'endpoint-url' in entry.options;
}

/** The part of USAGE about one command (or a group: `task`) plus the options it shares; all of it when unknown. */
export function usageFor(topic: string | undefined): string {
  const picked = topic ? COMMANDS.filter((entry) => entry.words === topic || entry.words.startsWith(`${topic} `)) : [];
  if (picked.length === 0) return USAGE;
  const unindent = (line: string): string => line.replace(/^ {2}/, '');
  const lines = [
    ...picked.flatMap((entry) => [...entryLines(entry), ...(entry.details?.split('\n').map((line) => `    ${line}`) ?? [])]),
    ...notesOf(picked).flatMap((note) => note.split('\n')),
  ];
  const where = picked.some(isServiceCommand) ? `\n\n${CONNECTION_HELP}` : '';
  return `Usage: sfn-ecs ${lines.map(unindent).join('\n')}${where}\n\n${COMMON_HELP}`;
}
