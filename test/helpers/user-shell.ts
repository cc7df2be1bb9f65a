/** A user's shell for CLI tests: `npx sfn-ecs …` typed in the project folder, with no AWS or sfn-ecs settings. */
import { spawn } from 'node:child_process';

export interface ShellResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** This process's environment without AWS_/SFN_ settings or colour overrides, HOME at `home`, then `extra`. */
export function userEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_') && !name.startsWith('SFN_') && name !== 'NO_COLOR' && name !== 'FORCE_COLOR') env[name] = value;
  }
  return { ...env, HOME: home, ...extra };
}

/** Runs a shell command line in the project folder with `env`. */
export function userShell(command: string, env: NodeJS.ProcessEnv): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
