/** `--input`: inline JSON text, or `@path` to read it from a file (as the AWS CLI's file:// does). */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from './user-error.js';

export async function readInput(option: string | undefined, cwd: string): Promise<string> {
  if (option === undefined) return '{}';
  let text = option;
  if (option.startsWith('@')) {
    const file = resolve(cwd, option.slice(1));
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UserError(`Cannot read --input file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new UserError(`--input is not valid JSON: ${(error as Error).message}`);
  }
  return text;
}
