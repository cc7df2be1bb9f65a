/**
 * The `sfn-ecs` command line (bundled to dist/cli.mjs; bin/sfn-ecs.js imports it). Parses the
 * arguments, runs one command, and exits with its status. User mistakes print one clear line.
 */
import { processOutput, type Output } from './output.js';
import { parseCommandLine } from './parse-command.js';
import { UserError } from './user-error.js';

/** Runs one command line; resolves with the exit status (never throws for user errors). */
export async function main(argv: readonly string[], out: Output = processOutput, stop?: AbortSignal): Promise<number> {
  try {
    const command = parseCommandLine(argv, process.cwd());
    return await command.run({ out, shutdown: () => stop ?? shutdownSignal() });
  } catch (error) {
    if (error instanceof UserError) {
      out.err(`sfn-ecs: ${error.message}`);
      return error.exitCode;
    }
    out.err(`sfn-ecs: unexpected error: ${(error as Error)?.stack ?? String(error)}`);
    return 70;
  }
}

/** How often a program started by npm/npx checks that npm is still there. */
const PARENT_CHECK_MS = 500;

/**
 * Aborts on the first SIGINT, SIGTERM or SIGHUP, and, when started through npx or an npm script, when
 * npm exits: npm does not pass SIGTERM on to its child, so `npx sfn-ecs serve &` then `kill %1` would
 * otherwise leave the server (and its workers) running. Detected by the parent process id changing.
 */
function shutdownSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);
  if (process.env.npm_command === 'exec' || process.env.npm_command === 'run-script') {
    const parent = process.ppid;
    const timer = setInterval(() => {
      if (process.ppid !== parent) controller.abort();
    }, PARENT_CHECK_MS);
    timer.unref();
    controller.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  }
  return controller.signal;
}

/** True when this module is the program (bundled CLI or bin), not imported by a test. */
function isEntryPoint(): boolean {
  const entry = process.argv[1] ?? '';
  return /(?:sfn-ecs(?:\.js)?|cli\.mjs)$/.test(entry);
}

if (isEntryPoint()) {
  // The SDK warns on Node 20 at every client creation; it is noise for a CLI user.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
