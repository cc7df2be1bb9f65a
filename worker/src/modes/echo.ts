import * as z from 'zod/mini';
import { sleep } from '../errors.js';
import { defineMode } from '../mode.js';

/** Longest echo wait: one day (a hello task that runs longer is a mistake in the input). */
const MAX_PROCESSING_SECONDS = 86_400;

/**
 * echo: the hello task. Waits `processingSeconds` (stopping at once on SIGTERM), then echoes the message.
 * Writes echo.json when ARTIFACT_BUCKET is set; without it echo loads no AWS SDK and starts fastest.
 */
export const echoMode = defineMode({
  schema: z.strictObject({
    message: z.string().check(z.maxLength(65_536)),
    processingSeconds: z._default(z.number().check(z.minimum(0), z.maximum(MAX_PROCESSING_SECONDS)), 0),
  }),
  requiresArtifactBucket: false,
  async run(input, { signal, log, artifacts }) {
    log.info('echo: processing', { processingSeconds: input.processingSeconds });
    await sleep(input.processingSeconds * 1000, signal);
    const result = { message: input.message, processedSeconds: input.processingSeconds };
    if (artifacts.enabled) await artifacts.write('echo.json', `${JSON.stringify(result, null, 2)}\n`, 'application/json', signal);
    return result;
  },
});
