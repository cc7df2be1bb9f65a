import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { invalidInput } from './errors.js';

/** Default seconds between SendTaskHeartbeat calls when TASK_TOKEN is set and HEARTBEAT_SECONDS is not. */
export const DEFAULT_HEARTBEAT_SECONDS = 20;

/** The worker's environment after validation: everything required is present and typed. */
export interface WorkerEnvironment {
  readonly mode: string;
  readonly input: unknown;
  /** Empty when the mode runs without artifacts. */
  readonly artifactBucket: string;
  /** Empty, or ends with "/". */
  readonly artifactPrefix: string;
  readonly heartbeatSeconds: number;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The task's identity, read before anything is validated so every log line carries the name:
 * TASK_TOKEN (callback pattern only) and TASK_NAME (default `<MODE>-<epoch ms>-<pid>`).
 */
export function readTaskIdentity(env: NodeJS.ProcessEnv, startedAtMs: number): { taskToken: string | undefined; taskName: string } {
  return {
    taskToken: env.TASK_TOKEN?.trim() || undefined,
    taskName: env.TASK_NAME?.trim() || `${env.MODE?.trim() || 'worker'}-${startedAtMs}-${process.pid}`,
  };
}

/**
 * Reads and checks the worker's environment variables. Throws Worker.InvalidInput naming the variable
 * and what was expected. TASK_INPUT is parsed as JSON here; the mode's schema checks its shape later.
 */
export function readEnvironment(
  env: NodeJS.ProcessEnv,
  modes: Readonly<Record<string, { requiresArtifactBucket: boolean }>>,
  taskName: string,
): WorkerEnvironment {
  const modeNames = Object.keys(modes);
  const mode = env.MODE?.trim() ?? '';
  if (!modeNames.includes(mode)) {
    throw invalidInput(`MODE: expected one of ${modeNames.join(', ')}, got ${mode ? JSON.stringify(mode) : 'nothing'}`);
  }
  const rawInput = env.TASK_INPUT ?? '{}';
  let input: unknown;
  try {
    input = JSON.parse(rawInput.trim() === '' ? '{}' : rawInput);
  } catch (error) {
    throw invalidInput(`TASK_INPUT: expected JSON text, got malformed JSON (${(error as Error).message})`);
  }
  const artifactBucket = env.ARTIFACT_BUCKET?.trim() ?? '';
  if (!artifactBucket && modes[mode]!.requiresArtifactBucket) throw invalidInput('ARTIFACT_BUCKET: required, expected the name of the S3 bucket for artifacts');
  if (artifactBucket && !BUCKET_NAME.test(artifactBucket)) {
    throw invalidInput(`ARTIFACT_BUCKET: expected an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens), got ${JSON.stringify(artifactBucket)}`);
  }
  const heartbeatSeconds = parseHeartbeat(env.HEARTBEAT_SECONDS);
  return {
    mode,
    input,
    artifactBucket,
    artifactPrefix: normalisePrefix(env.ARTIFACT_PREFIX ?? `${taskName}/`),
    heartbeatSeconds,
  };
}

function parseHeartbeat(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_HEARTBEAT_SECONDS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw invalidInput(`HEARTBEAT_SECONDS: expected a positive number of seconds, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** Checks a mode's input against its schema; the error names each bad field and what was expected. */
export function parseModeInput<Schema extends z.ZodMiniType>(schema: Schema, input: unknown): z.output<Schema> {
  z.config(en());
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidInput(describeIssues(parsed.error.issues));
}

/** One line per problem: "TASK_INPUT.<path>: <what was expected>". */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      return `TASK_INPUT${path}: ${issue.message}`;
    })
    .join('; ');
}
