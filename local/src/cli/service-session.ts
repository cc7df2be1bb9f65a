/**
 * Opens the SDK clients a service command uses, choosing the target as the flags and environment say
 * (clients/client-target.ts), and says on screen when it falls back to the local runtime. When the
 * local runtime is wanted but no `sfn-ecs serve` answers, commands that finish on their own (reading a
 * finished execution, waiting for a run) start the runtime in this process on an ephemeral port and
 * point the same clients at it: one code path for every target.
 */
import { chooseTarget, findLocalServer, regionFrom, type ClientTarget } from '../clients/client-target.js';
import { explainSdkError, isSdkFailure } from '../clients/explain-error.js';
import { MachineNotFound } from '../clients/find-state-machine.js';
import { TaskSettingsError } from '../clients/task-settings.js';
import { createServiceClients, type ServiceClients } from '../clients/service-clients.js';
import type { Runtime } from '../app/runtime-types.js';
import { resolve } from 'node:path';
import { DEFAULT_DATA_FOLDER } from '../app/runtime-types.js';
import { openRuntime } from './open-runtime.js';
import { findRunningServe, usingServeLine } from './running-serve.js';
import type { Connection } from './shared-options.js';
import type { Output } from './output.js';
import { UserError } from './user-error.js';

export interface ServiceSession {
  readonly clients: ServiceClients;
  /** Where calls go, for messages. */
  readonly where: string;
  /** The in-process runtime, when one was started for this command. */
  readonly runtime?: Runtime;
}

export interface SessionOptions {
  readonly root: string;
  readonly dataDir?: string;
  readonly timeScale?: number;
  readonly connection: Connection;
  /** Whether this command may run against a runtime started in this process (it ends with the command). */
  readonly inProcess: boolean;
}

async function open(options: SessionOptions, out: Output): Promise<ServiceSession> {
  const { connection } = options;
  const server = connection.endpointUrl || connection.region || connection.profile ? undefined : await findLocalServer(connection.port);
  const choice = chooseTarget(connection, process.env, server?.kind === 'server');
  if (!choice.useLocal) {
    // The SDK reads a profile's endpoint_url (and services section) for AWS_PROFILE only, not for the
    // client's `profile` option; --profile means that profile for the whole command, as in the AWS CLI.
    if (connection.profile) process.env.AWS_PROFILE = connection.profile;
    const region = regionFrom(connection.region, process.env);
    const target: ClientTarget = {
      kind: 'aws',
      ...(region ? { region } : {}),
      ...(connection.profile ? { profile: connection.profile } : {}),
      ...(connection.endpointUrl ? { endpointUrl: connection.endpointUrl } : {}),
    };
    const clients = createServiceClients(target);
    // Every failure message names the target and why it was chosen, so a surprise is explained.
    return { clients, where: `${clients.description} (chosen because ${choice.reason}; --local for the local runtime)` };
  }
  const region = regionFrom(undefined, process.env) ?? 'us-east-1';
  const why = choice.reason === '--local' ? '' : `${choice.reason}; `;
  if (server?.kind === 'server') {
    if (!connection.local) out.err(`sfn-ecs: using the local server at ${server.endpoint} (sfn-ecs serve answers there; --region, --profile or --endpoint-url for AWS).`);
    const clients = createServiceClients({ kind: 'local', endpoint: server.endpoint, region, reason: choice.reason });
    return { clients, where: clients.description };
  }
  // The serve that owns the data folder, on another port than --port: the executions are its.
  const serve = await findRunningServe(resolve(options.root, options.dataDir ?? DEFAULT_DATA_FOLDER));
  if (serve) {
    out.err(usingServeLine(serve));
    const clients = createServiceClients({ kind: 'local', endpoint: serve.endpoint, region: serve.region, reason: 'sfn-ecs serve owns the data folder' });
    return { clients, where: clients.description };
  }
  if (!options.inProcess) {
    throw new UserError(
      `${why ? `${why[0]!.toUpperCase()}${why.slice(1)}` : ''}no local server answers on 127.0.0.1:${connection.port}: start \`sfn-ecs serve\` first (this command needs a runtime that keeps running).`,
      1,
    );
  }
  const runtime = await openRuntime({ root: options.root, port: 0, ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(options.timeScale ? { timeScale: options.timeScale } : {}) });
  out.err(`sfn-ecs: ${why}no local server on 127.0.0.1:${connection.port}; started the local runtime in this process at ${runtime.endpoint} (data: ${runtime.dataDir}).`);
  const clients = createServiceClients({ kind: 'local', endpoint: runtime.endpoint, region: runtime.region, reason: choice.reason });
  return { clients, where: clients.description, runtime };
}

/** Runs `body` with a session; SDK failures become one-line user errors naming the endpoint. */
export async function withSession<T>(options: SessionOptions, out: Output, body: (session: ServiceSession) => Promise<T>): Promise<T> {
  const session = await open(options, out);
  try {
    return await body(session);
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (error instanceof MachineNotFound || error instanceof TaskSettingsError) throw new UserError(error.message, 1);
    if (isSdkFailure(error)) throw new UserError(explainSdkError(error, session.where), 1);
    throw error;
  } finally {
    session.clients.destroy();
    await session.runtime?.close();
  }
}
