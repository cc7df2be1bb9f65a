import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorker, waitForLog } from './helpers/run-worker.js';
import { startTestS3 } from './helpers/s3-server.js';
import type { TestS3 } from './helpers/s3-server.js';
import { ensureWorkerBundle } from './helpers/worker-bundle.js';

let s3: TestS3;
beforeAll(async () => {
  await ensureWorkerBundle();
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.close();
});

/** Reads a PNG's size and checks its chunk structure (signature, IHDR first, IDAT inflates to the rows). */
function readPng(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    if (png.toString('latin1', offset + 4, offset + 8) === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  expect(inflateSync(Buffer.concat(idat)).length).toBe((width * 3 + 1) * height);
  return { width, height };
}

describe('compute mode (2-D heat diffusion)', () => {
  it('diffuses heat, conserves it at insulated edges, and writes results.json and a PNG heat map', async () => {
    // Act
    const run = await runWorker({ ...s3.env, MODE: 'compute', ARTIFACT_PREFIX: 'heat/', TASK_INPUT: JSON.stringify({ size: 48, steps: 400, seed: 3 }) });

    // Assess
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(await s3.getText('heat/results.json'));
    expect(results).toMatchObject({ size: 48, steps: 400, seed: 3 });
    expect(results.final.max).toBeLessThan(results.initial.max);
    expect(results.final.min).toBeGreaterThanOrEqual(results.initial.min);
    expect(results.relativeConservationError).toBeLessThan(1e-9);
    expect(results.snapshots.map((s: any) => s.step)).toEqual([0, 40, 80, 120, 160, 200, 240, 280, 320, 360, 400]);
    const maxima = results.snapshots.map((s: any) => s.max);
    expect([...maxima].sort((a, b) => b - a)).toEqual(maxima);
    // Two 48×48 panels scaled ×6 to 288 px, 8 px apart.
    expect(readPng(await s3.getBytes('heat/heatmap.png'))).toEqual({ width: 584, height: 288 });
    const manifest = JSON.parse(await s3.getText('heat/manifest.json'));
    expect(manifest.artifacts.map((a: any) => [a.key, a.contentType])).toEqual([
      ['heat/results.json', 'application/json'],
      ['heat/heatmap.png', 'image/png'],
    ]);
  });

  it('gives the same field for the same seed', async () => {
    const input = JSON.stringify({ size: 16, steps: 50, seed: 9 });

    const a = await runWorker({ ...s3.env, MODE: 'compute', ARTIFACT_PREFIX: 'heat-a/', TASK_INPUT: input });
    const b = await runWorker({ ...s3.env, MODE: 'compute', ARTIFACT_PREFIX: 'heat-b/', TASK_INPUT: input });

    expect(a.result?.result).toEqual(b.result?.result);
    expect(await s3.getBytes('heat-a/heatmap.png')).toEqual(await s3.getBytes('heat-b/heatmap.png'));
  });

  it('stops between steps on SIGTERM: exit 143, no artifacts', async () => {
    const run = await runWorker(
      { ...s3.env, MODE: 'compute', ARTIFACT_PREFIX: 'heat-term/', TASK_INPUT: JSON.stringify({ size: 512, steps: 1_000_000 }) },
      (child) => void waitForLog(child, 'task started').then(() => setTimeout(() => child.kill('SIGTERM'), 300)),
    );

    expect(run.code).toBe(143);
    expect(run.result?.error?.name).toBe('Worker.Terminated');
    expect(await s3.keys('heat-term/')).toEqual([]);
  });
});
