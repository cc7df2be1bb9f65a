/**
 * How the user can run sfn-ecs again, for the commands hints print: `sfn-ecs` when an `sfn-ecs` on PATH
 * (outside any node_modules/.bin, which npx and npm scripts add) is this very program, else `npx sfn-ecs`
 * (a clone or a project dependency). Decided once per process.
 */
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function installedOnPath(env: NodeJS.ProcessEnv, entry: string | undefined): boolean {
  if (!entry || env.npm_command === 'exec' || env.npm_command === 'run-script') return false;
  let self: string;
  try {
    self = realpathSync(entry);
  } catch {
    return false;
  }
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder || folder.includes(`node_modules${'/'}.bin`)) continue;
    const candidate = join(folder, 'sfn-ecs');
    try {
      accessSync(candidate, constants.X_OK);
      return realpathSync(candidate) === self;
    } catch {
      // not in this folder
    }
  }
  return false;
}

let prefix: string | undefined;

/** `sfn-ecs` or `npx sfn-ecs`: the start of a command line the user can paste. */
export function sfnEcs(): string {
  prefix ??= installedOnPath(process.env, process.argv[1]) ? 'sfn-ecs' : 'npx sfn-ecs';
  return prefix;
}
