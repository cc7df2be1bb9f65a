import { describe, expect, it } from 'vitest';
import { callbackOutput } from '../../worker/src/callback.js';

const LIMIT = 256 * 1024;
const line = (result: unknown, artifacts: string[] = ['s3://b/p/summary.json']) => ({
  status: 'succeeded',
  mode: 'analytics',
  taskName: 't-1',
  result,
  artifacts,
  manifest: 's3://b/p/manifest.json',
});

describe('callback output (SendTaskSuccess, at most 256 KiB)', () => {
  it('sends the whole result line when it fits', () => {
    const output = JSON.parse(callbackOutput(line({ rows: 3 })));

    expect(output).toEqual(line({ rows: 3 }));
  });

  it('drops the inline result and keeps the artifact URIs when the line is larger than 256 KiB', () => {
    const output = callbackOutput(line({ big: 'é'.repeat(LIMIT) }));

    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(LIMIT);
    const parsed = JSON.parse(output);
    expect(parsed.result).toBeUndefined();
    expect(parsed).toMatchObject({ artifacts: ['s3://b/p/summary.json'], manifest: 's3://b/p/manifest.json', resultOmitted: expect.any(String) });
  });

  it('keeps only the manifest when even the artifact list is too large', () => {
    const uris = Array.from({ length: 5000 }, (_, i) => `s3://bucket/a/long/prefix/for/artifact-number-${i}.json`);

    const output = callbackOutput(line({ x: 1 }, uris));

    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(LIMIT);
    expect(JSON.parse(output)).toMatchObject({ status: 'succeeded', manifest: 's3://b/p/manifest.json' });
  });
});
