import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterEach, describe, expect, it } from 'vitest';
import { EMBEDDED_S3_CREDENTIALS, startEmbeddedS3, type EmbeddedS3 } from '../../local/src/s3/embedded-s3.js';

const started: EmbeddedS3[] = [];
const dirs: string[] = [];

async function start(directory?: string): Promise<EmbeddedS3> {
  const dir = directory ?? (await mkdtemp(join(tmpdir(), 'sfn-ecs-s3-')));
  if (!directory) dirs.push(dir);
  const s3 = await startEmbeddedS3({ directory: dir, buckets: ['artifacts'] });
  started.push(s3);
  return s3;
}

function client(endpoint: string): S3Client {
  return new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: EMBEDDED_S3_CREDENTIALS });
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('embedded S3', () => {
  it('serves the SDK v3 S3 client path-style on 127.0.0.1 with the bucket created', async () => {
    const s3 = await start();
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const c = client(s3.endpoint);
    await c.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'run/a.json', Body: '{"x":1}' }));
    await new Upload({ client: c, params: { Bucket: 'artifacts', Key: 'run/big.bin', Body: Buffer.alloc(6 * 1024 * 1024, 7) } }).done();
    const got = await c.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'run/a.json' }));
    expect(await got.Body?.transformToString()).toBe('{"x":1}');
    const listed = await c.send(new ListObjectsV2Command({ Bucket: 'artifacts', Prefix: 'run/' }));
    expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([
      ['run/a.json', 7],
      ['run/big.bin', 6 * 1024 * 1024],
    ]);
  });

  it('keeps objects on disk across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-s3-'));
    dirs.push(dir);
    const first = await start(dir);
    await client(first.endpoint).send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'k', Body: 'kept' }));
    await first.close();
    const second = await start(dir);
    const got = await client(second.endpoint).send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k' }));
    expect(await got.Body?.transformToString()).toBe('kept');
  });
});
