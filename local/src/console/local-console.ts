/** The console over the local runtime's parts: its artifact bucket in the embedded S3, its samples, its live history. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { pricesInEffect } from '../cost/load-prices.js';
import { loadEventCatalog } from '../project/event-catalog.js';
import type { Project } from '../project/project-types.js';
import { EMBEDDED_S3_CREDENTIALS } from '../s3/embedded-s3.js';
import { s3ArtifactReader } from './artifact-reader.js';
import { consoleAssetsDir } from './assets-dir.js';
import { createConsoleHandler } from './console-handler.js';
import type { SubscribeHistory } from './live-route.js';

export interface LocalConsole {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  close(): void;
}

export function localConsole(options: {
  readonly project: Project;
  readonly s3Endpoint: string;
  readonly subscribeHistory: SubscribeHistory;
  readonly onUnexpectedError?: (error: unknown) => void;
}): LocalConsole {
  const s3 = new S3Client({ endpoint: options.s3Endpoint, region: options.project.region, forcePathStyle: true, credentials: EMBEDDED_S3_CREDENTIALS });
  const handle = createConsoleHandler({
    assetsDir: consoleAssetsDir(),
    artifactBucket: options.project.artifactBucket,
    readArtifact: s3ArtifactReader(s3),
    samples: async () =>
      (await loadEventCatalog(options.project).catch(() => [])).map((s) => ({ name: s.name, machine: s.machine, shows: s.shows, input: s.input })),
    subscribeHistory: options.subscribeHistory,
    prices: () => pricesInEffect(),
    ...(options.onUnexpectedError ? { onUnexpectedError: options.onUnexpectedError } : {}),
  });
  return { handle, close: () => s3.destroy() };
}
