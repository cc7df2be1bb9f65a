import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type StartedS3 } from './helpers.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./boto3-client.py', import.meta.url));

let s3: StartedS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.close());

describe('embedded S3 with boto3', () => {
  it('uploads in parts, pages listings, reads ranges and serves presigned URLs', async () => {
    const { stdout } = await run('python3', [SCRIPT, s3.s3.endpoint, 'artifacts'], { timeout: 150_000, maxBuffer: 1 << 20 });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(seen).toMatchObject({
      bigSize: 12 * 1024 * 1024,
      bigEtag: expect.stringMatching(/^"[0-9a-f]{32}-3"$/),
      bigSame: true,
      pages: [
        { keys: ['boto/list/a.txt', 'boto/list/b.txt'], prefixes: [] },
        { keys: ['boto/list/d.txt'], prefixes: ['boto/list/c/'] },
      ],
      range: { body: 'list', contentRange: 'bytes 5-8/15', metadata: { origin: 'boto3' }, contentType: 'text/plain' },
      invalidRange: 'InvalidRange',
      deleted: ['boto/list/a.txt', 'boto/list/b.txt'],
      after: ['boto/list/c/1.txt', 'boto/list/c/2.txt', 'boto/list/d.txt'],
    });
    const presigned = seen.presigned as Record<string, { fresh: { status: number; body: string }; expired: { status: number; body: string } }>;
    for (const signature of ['default', 's3v4']) {
      expect(presigned[signature]!.fresh).toEqual({ status: 200, body: 'boto/list/d.txt' });
      expect(presigned[signature]!.expired.status).toBe(403);
      expect(presigned[signature]!.expired.body).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
    }
  }, 180_000);
});
