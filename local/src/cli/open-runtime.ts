/** Starts the runtime for a CLI command, turning project problems into one-line user errors. */
import { resolve } from 'node:path';
import { createRuntime } from '../app/create-runtime.js';
import type { Runtime } from '../app/runtime-types.js';
import { UserError } from './user-error.js';

export async function openRuntime(options: { root: string; dataDir?: string; timeScale?: number; port?: number; mockConfig?: string }): Promise<Runtime> {
  try {
    return await createRuntime({
      rootDir: options.root,
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      // Relative to where the command runs, as a user types it.
      ...(options.mockConfig !== undefined ? { mockConfig: resolve(options.mockConfig) } : {}),
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new UserError(`Port ${options.port} is in use; pick another with --port`, 1);
    if (e.name === 'MockConfigError') throw new UserError(e.message, 1);
    if (e.name === 'DataFolderInUseError') {
      throw new UserError(`${e.message} To run an execution on a running \`sfn-ecs serve\`: sfn-ecs start <machine> --wait.`, 1);
    }
    if (e.name === 'ProjectError' || e.name === 'ServiceError' || e.message?.startsWith('statemachines/')) {
      throw new UserError(`Cannot load the project in ${options.root}: ${e.message}`, 1);
    }
    throw error;
  }
}
