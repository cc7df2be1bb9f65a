import type * as z from 'zod/mini';
import type { ArtifactStore } from './artifacts.js';
import type { Logger } from './log.js';

/** What a mode gets to do its work: its validated input, a stop signal, a logger and the artifact store. */
export interface ModeContext {
  readonly taskName: string;
  /** Fires on SIGTERM/SIGINT or when the callback token is closed; every wait must honour it. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly artifacts: ArtifactStore;
}

/** One worker mode: its input schema and the function that runs it and returns the result's `result` field. */
export interface Mode<Schema extends z.ZodMiniType = z.ZodMiniType> {
  readonly schema: Schema;
  /** False for modes that can run without ARTIFACT_BUCKET (then `artifacts.enabled` is false). */
  readonly requiresArtifactBucket: boolean;
  run(input: z.output<Schema>, context: ModeContext): Promise<unknown>;
}

/** Declares a mode with its input type inferred from the schema. */
export const defineMode = <Schema extends z.ZodMiniType>(mode: Mode<Schema>): Mode<Schema> => mode;

/** Any mode, as the mode table holds them (the input type is checked by the mode's own schema). */
export interface AnyMode {
  readonly schema: z.ZodMiniType;
  readonly requiresArtifactBucket: boolean;
  run(input: never, context: ModeContext): Promise<unknown>;
}
