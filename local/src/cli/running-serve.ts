/**
 * A running `sfn-ecs serve` says where it answers in `<data>/serve.json` (0600, beside the data folder's
 * lock, removed when it stops), so that other commands on the same data folder use it instead of
 * failing on the lock: `run` runs its execution there, `history`/`logs`/`start` read from it. The file
 * is trusted only while the lock's owner is that very process and its endpoint answers.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Runtime } from '../app/runtime-types.js';
import { currentProcess, isStillRunning, type ProcessIdentity } from '../storage/process-identity.js';
import { PRIVATE_FILE_MODE } from '../storage/private-files.js';

export const SERVE_FILE = 'serve.json';
/** How long the endpoint may take to answer the probe (a busy serve answers well within it). */
const PROBE_TIMEOUT_MS = 5_000;

export interface RunningServe extends ProcessIdentity {
  /** http://127.0.0.1:<port>: the Step Functions, ECS and CloudWatch Logs APIs. */
  readonly endpoint: string;
  readonly s3Endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly dataDir: string;
  /** The mock configuration it loaded (absolute path), if any. */
  readonly mockConfig?: string;
  readonly timeScale: number;
}

/** Writes serve.json for this process; the returned function removes it (only if still ours). */
export async function announceServe(runtime: Runtime, settings: { readonly mockConfig?: string; readonly timeScale?: number }): Promise<() => Promise<void>> {
  const file = join(runtime.dataDir, SERVE_FILE);
  const mine: RunningServe = {
    ...currentProcess(),
    endpoint: runtime.endpoint,
    s3Endpoint: runtime.s3Endpoint,
    region: runtime.region,
    accountId: runtime.accountId,
    dataDir: runtime.dataDir,
    ...(settings.mockConfig !== undefined ? { mockConfig: settings.mockConfig } : {}),
    timeScale: settings.timeScale ?? 1,
  };
  await rm(file, { force: true });
  await writeFile(file, `${JSON.stringify(mine)}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return async () => {
    const current = await readServeFile(file);
    if (current?.pid === mine.pid && current.startTime === mine.startTime) await rm(file, { force: true });
  };
}

async function readServeFile(file: string): Promise<RunningServe | undefined> {
  try {
    const content = JSON.parse(await readFile(file, 'utf8')) as RunningServe;
    return Number.isInteger(content?.pid) && typeof content.endpoint === 'string' ? content : undefined;
  } catch {
    return undefined;
  }
}

/** The mock configuration a runtime for this command loads, as an absolute path (as create-runtime resolves it). */
export function mockConfigFile(command: { readonly root: string; readonly mockConfig?: string }): string | undefined {
  if (command.mockConfig !== undefined) return resolve(command.mockConfig);
  const fromEnvironment = process.env.SFN_MOCK_CONFIG || undefined;
  return fromEnvironment === undefined ? undefined : resolve(command.root, fromEnvironment);
}

/** Whether a Step Functions API answers at endpoint (ListStateMachines). */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      body: '{}',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The serve running on dataDir: serve.json names a process that still runs (the lock's `owner`, when
 * known) and its endpoint answers.
 */
export async function findRunningServe(dataDir: string, owner?: ProcessIdentity): Promise<RunningServe | undefined> {
  const serve = await readServeFile(join(dataDir, SERVE_FILE));
  if (!serve || !isStillRunning(serve)) return undefined;
  if (owner && (serve.pid !== owner.pid || serve.startTime !== owner.startTime)) return undefined;
  return (await answers(serve.endpoint)) ? serve : undefined;
}

/** The one line a command prints when it works through a running serve. */
export function usingServeLine(serve: RunningServe): string {
  return `sfn-ecs: using the sfn-ecs serve running on ${serve.endpoint} (pid ${serve.pid})`;
}
