import { main } from '../../local/src/cli/main.js';
import type { Output } from '../../local/src/cli/output.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

/** Runs `sfn-ecs <argv>` in this process, as the bundled CLI would, capturing its output. */
export async function cli(...argv: string[]): Promise<CliResult> {
  const output = capture();
  const status = await main(argv, output);
  return { status, stdout: output.stdout.join('\n'), stderr: output.stderr.join('\n') };
}

/** The port a runtime's endpoint listens on. */
export const portOf = (endpoint: string): string => new URL(endpoint).port;
