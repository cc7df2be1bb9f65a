/**
 * Starts the runtime for a CLI command, turning project problems into one-line user errors. When a
 * running `sfn-ecs serve` owns the data folder, commands that can work through its API get it instead.
 */
import { resolve } from 'node:path';
import { createRuntime } from '../app/create-runtime.js';
import type { Runtime } from '../app/runtime-types.js';
import { DataFolderInUseError } from '../runtime/data-folder-lock.js';
import { findRunningServe, type RunningServe } from './running-serve.js';
import { UserError } from './user-error.js';
import { ProjectError } from '../project/project-error.js';
import { ServiceError } from '../errors/service-error.js';

interface OpenOptions {
  readonly root: string;
  readonly dataDir?: string;
  readonly timeScale?: number;
  readonly port?: number;
  readonly mockConfig?: string;
}

async function create(options: OpenOptions): Promise<Runtime> {
  return createRuntime({
    rootDir: options.root,
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    // Relative to where the command runs, as a user types it.
    ...(options.mockConfig !== undefined ? { mockConfig: resolve(options.mockConfig) } : {}),
  });
}

/** The running serve that holds the data folder, when that is why the runtime could not start. */
async function servingOwner(error: unknown): Promise<RunningServe | undefined> {
  return error instanceof DataFolderInUseError ? findRunningServe(error.dataDir, error.owner) : undefined;
}

function userError(error: unknown, options: OpenOptions, serve: RunningServe | undefined): unknown {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') return new UserError(`Port ${options.port} is in use; pick another with --port`, 1);
  if (e.name === 'MockConfigError') return new UserError(e.message, 1);
  if (error instanceof DataFolderInUseError) {
    if (serve) {
      return new UserError(`${e.message} It is the sfn-ecs serve running on ${serve.endpoint}; this command needs the folder to itself (run, start, history and logs use that serve).`, 1);
    }
    return new UserError(`${e.message} To run an execution on a running \`sfn-ecs serve\`: sfn-ecs start <machine> --wait.`, 1);
  }
  if (error instanceof ProjectError || error instanceof ServiceError) {
    return new UserError(`Cannot load the project in ${options.root}: ${e.message}`, 1);
  }
  return error;
}

/** The runtime in this process; refused (one line) when another runtime holds the data folder. */
export async function openRuntime(options: OpenOptions): Promise<Runtime> {
  try {
    return await create(options);
  } catch (error) {
    throw userError(error, options, await servingOwner(error));
  }
}

/** The runtime in this process, or the running serve that owns the data folder. */
export async function openRuntimeOrServe(options: OpenOptions): Promise<{ readonly runtime: Runtime } | { readonly serve: RunningServe }> {
  try {
    return { runtime: await create(options) };
  } catch (error) {
    const serve = await servingOwner(error);
    if (serve) return { serve };
    throw userError(error, options, undefined);
  }
}
