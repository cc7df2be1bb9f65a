import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { unmountTmpfs } from '../helpers/tmpfs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, s3Client, startS3, type StartedS3 } from './helpers.js';

// A 2 MiB tmpfs stands for a full disk (mounting needs root, as in CI's container).
let mountPoint: string;
let s3: StartedS3;

beforeAll(async () => {
  mountPoint = await mkdtemp(join(tmpdir(), 'sfn-ecs-s3-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`this test needs to mount a 2 MiB tmpfs (run as root): ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
  s3 = await startS3(['artifacts'], mountPoint);
});

afterAll(async () => {
  await s3?.close();
  unmountTmpfs(mountPoint);
  await rm(mountPoint, { recursive: true, force: true });
});

describe('embedded S3 on a full disk', () => {
  it('answers InternalError when the disk fills, lists only complete objects, and keeps serving', async () => {
    const client = s3Client(s3.s3.endpoint, 'any', 1);
    const chunk = Buffer.alloc(300 * 1024, 7);
    const stored: string[] = [];
    let refused: { name: string; status?: number; message: string } | undefined;
    for (let i = 0; i < 20 && !refused; i += 1) {
      try {
        await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: `fill/${i}.bin`, Body: chunk }));
        stored.push(`fill/${i}.bin`);
      } catch (error) {
        const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
        refused = { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
      }
    }
    expect(refused).toMatchObject({ name: 'InternalError', status: 500, message: expect.stringContaining('no space left on device') });
    expect(stored.length).toBeGreaterThan(2);

    // A copy that does not fit fails the same way.
    const copy = await client.send(new CopyObjectCommand({ Bucket: 'artifacts', Key: 'copy.bin', CopySource: `artifacts/${stored[0]}` })).then(() => 'stored', (error: { name: string }) => error.name);
    expect(copy).toBe('InternalError');

    // A multipart upload that cannot be joined fails the same way, and leaves nothing listed.
    const failedUpload = await new Upload({ client, params: { Bucket: 'artifacts', Key: 'big/parts.bin', Body: Buffer.alloc(6 * 1024 * 1024, 1) } })
      .done()
      .then(() => 'stored', (error: { name: string }) => error.name);
    expect(failedUpload).toBe('InternalError');

    // Only complete objects are listed, each whole; no temporary file is left.
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'artifacts' }));
    expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual(stored.map((k) => [k, chunk.length]));
    expect(await filesUnder(join(s3.dataDir, '.tmp'))).toEqual([]);
    expect(await filesUnder(join(s3.dataDir, '.multipart'))).toEqual([]);

    // Room made: the same server stores again.
    await client.send(new DeleteObjectCommand({ Bucket: 'artifacts', Key: stored[0]! }));
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'after', Body: 'the server lives on' }));
    const after = await client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'after' }));
    expect(await after.Body!.transformToString()).toBe('the server lives on');
    client.destroy();
  }, 120_000);
});
