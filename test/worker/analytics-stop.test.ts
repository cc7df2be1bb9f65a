import { Readable } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER, SyntheticOrders, orderCsvLine } from '../../worker/src/analytics/synthetic.js';
import { runWorker, waitForLog } from './helpers/run-worker.js';
import { startTestS3 } from './helpers/s3-server.js';
import type { TestS3 } from './helpers/s3-server.js';
import { ensureWorkerBundle } from './helpers/worker-bundle.js';

let s3: TestS3;
beforeAll(async () => {
  await ensureWorkerBundle();
  s3 = await startTestS3();
  // About 32 MB: long enough to read that the signal arrives mid-stream.
  const orders = new SyntheticOrders({ rows: 500_000, seed: 3, days: 30 });
  async function* lines() {
    yield `${CSV_HEADER}\n`;
    let batch: string[] = [];
    while (orders.fill(20_000, (o) => batch.push(orderCsvLine(o))) > 0) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  await new Upload({ client: s3.client, params: { Bucket: s3.bucket, Key: 'input/large.csv', Body: Readable.from(lines()) } }).done();
}, 60_000);
afterAll(async () => {
  await s3?.close();
});

describe('analytics mode stopped while reading', () => {
  it('abandons the S3 read on SIGTERM: exit 143, Worker.Terminated, no artifacts', async () => {
    const run = await runWorker(
      { ...s3.env, MODE: 'analytics', ARTIFACT_PREFIX: 'an-term/', TASK_INPUT: JSON.stringify({ source: `s3://${s3.bucket}/input/large.csv` }) },
      (child) => void waitForLog(child, 'analytics: reading').then(() => child.kill('SIGTERM')),
    );

    expect(run.code).toBe(143);
    expect(run.result?.error?.name).toBe('Worker.Terminated');
    expect(run.logs.some((l) => l.message === 'analytics: aggregated')).toBe(false);
    expect(await s3.keys('an-term/')).toEqual([]);
  });
});
