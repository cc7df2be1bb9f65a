/** `--input`: inline JSON text, or `@path` to read it from a file (as the AWS CLI's file:// does). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { jsonErrorOffset, lineAndColumn } from './json-error-position.js';
import { UserError } from './user-error.js';

/** " (line L column C)": where the text stops being JSON (Node's message gives it only for some mistakes). */
function wherePosition(text: string, message: string): string {
  const fromMessage = /at position (\d+)/.exec(message)?.[1];
  const offset = jsonErrorOffset(text) ?? (fromMessage === undefined ? undefined : Number(fromMessage));
  if (offset === undefined) return '';
  const { line, column } = lineAndColumn(text, offset);
  return ` (line ${line} column ${column})`;
}

export async function readInput(option: string | undefined, cwd: string): Promise<string> {
  if (option === undefined) return '{}';
  let text = option;
  let source = '--input';
  if (option.startsWith('@')) {
    const file = resolve(cwd, option.slice(1));
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UserError(`Cannot read --input file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    source = `--input file ${option.slice(1)}`;
  }
  try {
    JSON.parse(text);
  } catch (error) {
    // Node quotes the text around the mistake, line breaks included: kept on one line.
    const message = (error as Error).message.replace(/\r?\n/g, '\\n');
    const hint = source === '--input' && existsSync(resolve(cwd, option)) ? `; to read the file, use @${option}` : '';
    throw new UserError(`${source} is not valid JSON: ${message}${wherePosition(text, message)}${hint}`);
  }
  return text;
}
