/** `--input`: inline JSON text, or `@path` to read it from a file (as the AWS CLI's file:// does). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from './user-error.js';

/** "line L column C" for a JSON.parse message's "at position N" (Node 20 gives only the position). */
function wherePosition(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` (line ${before.length} column ${before.at(-1)!.length + 1})`;
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
    const message = (error as Error).message;
    const hint = source === '--input' && existsSync(resolve(cwd, option)) ? `; to read the file, use @${option}` : '';
    throw new UserError(`${source} is not valid JSON: ${message}${wherePosition(text, message)}${hint}`);
  }
  return text;
}
