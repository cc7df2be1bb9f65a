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
function readPng(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
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
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 3 + 1) * height);
  // The worker writes filter type 0 (none) on every row.
  const pixel = (x: number, y: number) => [...raw.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3)];
  return { width, height, pixel };
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
    // Two 48×48 panels scaled ×6 to 288 px side by side, with a title, captions and a colour bar.
    const png = readPng(await s3.getBytes('heat/heatmap.png'));
    expect(png.width).toBeGreaterThan(2 * 288 + 100);
    expect(png.height).toBeGreaterThan(288 + 40);
    const ink = (y0: number, y1: number, x0 = 0, x1 = png.width) => {
      let dark = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (png.pixel(x, y).every((c, i) => c === [17, 24, 39][i])) dark++;
      return dark;
    };
    const panelTop = png.height - 16 - 288;
    expect(ink(0, 40)).toBeGreaterThan(200); // the title
    expect(ink(panelTop - 24, panelTop, 16, 16 + 288)).toBeGreaterThan(100); // "initial (step 0)"
    expect(ink(panelTop - 24, panelTop, 16 + 288 + 16, 16 + 2 * 288 + 16)).toBeGreaterThan(100); // "final (step 400)"
    // The colour bar runs from the scale's top colour to its bottom one, with values written beside it.
    const barX = [...Array(png.width).keys()].find((x) => x > 2 * 288 + 32 && png.pixel(x, panelTop).join() === '252,255,164');
    expect(barX).toBeDefined();
    expect(png.pixel(barX!, panelTop + 287)).toEqual([0, 0, 4]);
    expect(ink(panelTop, panelTop + 288, barX! + 20, png.width)).toBeGreaterThan(300);
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
