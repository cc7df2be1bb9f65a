import { connect } from 'node:net';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { EMBEDDED_S3_CREDENTIALS } from '../../local/src/s3/embedded-s3.js';
import { filesUnder, rawRequest, s3Client, startS3, type StartedS3 } from './helpers.js';

const started: StartedS3[] = [];

async function start(buckets?: readonly string[], root?: string): Promise<StartedS3> {
  const s3 = await startS3(buckets, root);
  started.push(s3);
  return s3;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function text(client: S3Client, key: string, bucket = 'artifacts'): Promise<string> {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return got.Body!.transformToString();
}

async function keys(client: S3Client, prefix = '', bucket = 'artifacts'): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!);
}

/** The error an SDK call fails with: its name and HTTP status. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

describe('embedded S3 with the SDK v3', () => {
  it('serves the SDK v3 S3 client path-style on 127.0.0.1 with the bucket created', async () => {
    const { s3, client } = await start();
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'run/a.json', Body: '{"x":1}' }));
    await new Upload({ client, params: { Bucket: 'artifacts', Key: 'run/big.bin', Body: Buffer.alloc(6 * 1024 * 1024, 7) } }).done();
    expect(await text(client, 'run/a.json')).toBe('{"x":1}');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'artifacts', Prefix: 'run/' }));
    expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([
      ['run/a.json', 7],
      ['run/big.bin', 6 * 1024 * 1024],
    ]);
    // lib-storage sent two parts: the ETag is S3's multipart form.
    expect(listed.Contents?.[1]?.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
  });

  it('keeps objects on disk across a restart', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sfn-ecs-s3-'));
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    const first = await start(['artifacts'], root);
    await first.client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'k', Body: 'kept', ContentType: 'text/plain', Metadata: { run: '7' } }));
    await first.close();
    const second = await start(['artifacts'], root);
    const got = await second.client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'k' }));
    expect(await got.Body?.transformToString()).toBe('kept');
    expect([got.ContentType, got.Metadata]).toEqual(['text/plain', { run: '7' }]);
  });

  it('keeps each object as a plain file <data>/<bucket>/<key> (0600 in 0700 folders), metadata in a hidden folder beside', async () => {
    const { client, dataDir } = await start();
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'runs/r1/summary.json', Body: '{"ok":true}', ContentType: 'application/json', Metadata: { origin: 'test' } }));
    const file = join(dataDir, 'artifacts', 'runs', 'r1', 'summary.json');
    expect(await readFile(file, 'utf8')).toBe('{"ok":true}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    for (const dir of [dataDir, join(dataDir, 'artifacts'), join(dataDir, 'artifacts', 'runs', 'r1')]) expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const files = await filesUnder(dataDir);
    expect(files.filter((f) => !f.startsWith('.meta/'))).toEqual(['artifacts/runs/r1/summary.json']);
    const sidecar = files.find((f) => f.startsWith('.meta/artifacts/') && f.endsWith('.json'))!;
    expect(JSON.parse(await readFile(join(dataDir, sidecar), 'utf8'))).toMatchObject({
      key: 'runs/r1/summary.json',
      contentType: 'application/json',
      userMetadata: { origin: 'test' },
      size: 11,
    });
    expect((await stat(join(dataDir, sidecar))).mode & 0o777).toBe(0o600);
  });

  it('stores keys that cannot be plain files (`a` and `a/b`, `a/`, `.`, `..`, `x/../y`, backslashes) inside the bucket, each read back as written', async () => {
    const { client, root, dataDir } = await start();
    const odd = ['a', 'a/b', 'a/', '.', '..', '../../outside.txt', 'x/../y', 'x/./y', '//lead', 'back\\..\\slash', `${'n'.repeat(300)}/long`, 'ü/ünicode'];
    for (const key of odd) await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: key, Body: `body of ${key}` }));
    // `a/b` after `a`, the other way round too.
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'p/q', Body: 'body of p/q' }));
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'p', Body: 'body of p' }));
    const all = [...odd, 'p/q', 'p'];
    for (const key of all) expect(await text(client, key)).toBe(`body of ${key}`);
    expect(await keys(client)).toEqual([...all].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    // Nothing outside the data folder; plain files only for the keys that are plain.
    expect(await readdir(root)).toEqual(['data']);
    const plain = (await filesUnder(join(dataDir, 'artifacts'))).sort();
    expect(plain).toEqual(['a', 'p/q', 'ü/ünicode'].sort());
    // The encoded ones are still deleted by key.
    for (const key of all) await client.send(new DeleteObjectCommand({ Bucket: 'artifacts', Key: key }));
    expect(await keys(client)).toEqual([]);
    expect(await filesUnder(dataDir)).toEqual([]);
  });

  it('keeps every object whole when a key and a key under it (`r`, `r/s`) are written and deleted at the same time', async () => {
    const { client, dataDir } = await start();
    const writes = Array.from({ length: 12 }, (_, i) => [
      client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'r', Body: `r ${i}` })),
      client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'r/s', Body: `r/s ${i}` })),
      client.send(new DeleteObjectCommand({ Bucket: 'artifacts', Key: i % 2 === 0 ? 'r' : 'r/s' })),
    ]).flat();
    await Promise.all(writes);
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'r', Body: 'r last' }));
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'r/s', Body: 'r/s last' }));
    expect([await text(client, 'r'), await text(client, 'r/s')]).toEqual(['r last', 'r/s last']);
    expect(await keys(client)).toEqual(['r', 'r/s']);
    expect(await filesUnder(join(dataDir, '.tmp'))).toEqual([]);
  });

  it('keeps raw `../` and percent-encoded `%2e%2e%2f` keys inside the bucket', async () => {
    const { s3, client, root, dataDir } = await start();
    const paths = ['/artifacts/../../../escaped-raw', '/artifacts/%2e%2e%2f%2e%2e%2fescaped-encoded', '/artifacts/..%2F..%2Fescaped-mixed', '/artifacts/sub/../../../escaped-deep', '/artifacts/nul%00byte'];
    for (const path of paths) {
      const response = await rawRequest(s3.endpoint, 'PUT', path, { 'content-type': 'text/plain' }, 'hostile');
      expect(response.status).toBe(200);
    }
    expect(await keys(client)).toEqual(['../../../escaped-raw', '../../escaped-encoded', '../../escaped-mixed', 'nul\u0000byte', 'sub/../../../escaped-deep']);
    expect(await text(client, '../../escaped-encoded')).toBe('hostile');
    expect(await readdir(root)).toEqual(['data']);
    const files = await filesUnder(dataDir);
    expect(files.every((f) => f.startsWith('.meta/artifacts/'))).toBe(true);
    for (const file of files) expect((await stat(join(dataDir, file))).mode & 0o777).toBe(0o600);
  });

  it('refuses a foreign Host or Origin, anonymous requests and browser form uploads before anything is written', async () => {
    const { s3, client, dataDir } = await start();
    const foreignHost = await rawRequest(s3.endpoint, 'PUT', '/artifacts/rebound', { host: 'attacker.example:80' }, 'x');
    expect(foreignHost.status).toBe(403);
    expect(foreignHost.body).toMatch(/<Code>AccessDenied<\/Code><Message>Host 'attacker.example:80' is not a loopback address/);
    const foreignOrigin = await rawRequest(s3.endpoint, 'PUT', '/artifacts/cross-site', { origin: 'https://attacker.example' }, 'x');
    expect(foreignOrigin.status).toBe(403);
    expect(foreignOrigin.body).toContain('<Code>AccessDenied</Code>');
    const anonymous = await rawRequest(s3.endpoint, 'PUT', '/artifacts/anonymous', { authorization: '' }, 'x');
    expect(anonymous.status).toBe(403);
    const form = '--b\r\nContent-Disposition: form-data; name="key"\r\n\r\n../../form-escape\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\nx\r\n--b--\r\n';
    const post = await rawRequest(s3.endpoint, 'POST', '/artifacts', { authorization: '', 'content-type': 'multipart/form-data; boundary=b' }, form);
    expect(post.status).toBe(403);
    const signedPost = await rawRequest(s3.endpoint, 'POST', '/artifacts', { 'content-type': 'multipart/form-data; boundary=b' }, form);
    expect([signedPost.status, signedPost.body]).toEqual([405, expect.stringContaining('<Code>MethodNotAllowed</Code>')]);
    expect(await keys(client)).toEqual([]);
    expect(await filesUnder(dataDir)).toEqual([]);
  });

  it('accepts any access key, by header or presigned query', async () => {
    const { s3 } = await start();
    const one = s3Client(s3.endpoint, 'first-key');
    const two = s3Client(s3.endpoint, EMBEDDED_S3_CREDENTIALS.accessKeyId);
    await one.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'shared', Body: 'from first' }));
    expect(await text(two, 'shared')).toBe('from first');
    one.destroy();
    two.destroy();
  });

  it("answers S3's errors: NoSuchKey, NoSuchBucket, InvalidRange, NotFound on HEAD, 304 and PreconditionFailed", async () => {
    const { client } = await start();
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'ten', Body: '0123456789' }));
    expect(await failure(client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'missing' })))).toEqual({
      name: 'NoSuchKey',
      status: 404,
      message: 'The specified key does not exist.',
    });
    expect(await failure(client.send(new GetObjectCommand({ Bucket: 'nobucket', Key: 'k' })))).toMatchObject({ name: 'NoSuchBucket', status: 404 });
    expect(await failure(client.send(new ListObjectsV2Command({ Bucket: 'nobucket' })))).toMatchObject({ name: 'NoSuchBucket', status: 404 });
    expect(await failure(client.send(new HeadObjectCommand({ Bucket: 'artifacts', Key: 'missing' })))).toMatchObject({ name: 'NotFound', status: 404 });
    expect(await failure(client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'ten', Range: 'bytes=10-' })))).toMatchObject({ name: 'InvalidRange', status: 416 });

    const ranged = await client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'ten', Range: 'bytes=2-4' }));
    expect([await ranged.Body!.transformToString(), ranged.ContentRange, ranged.ContentLength]).toEqual(['234', 'bytes 2-4/10', 3]);
    const suffix = await client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'ten', Range: 'bytes=-3' }));
    expect(await suffix.Body!.transformToString()).toBe('789');

    const { ETag } = await client.send(new HeadObjectCommand({ Bucket: 'artifacts', Key: 'ten' }));
    expect(await failure(client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'ten', IfNoneMatch: ETag })))).toMatchObject({ status: 304 });
    expect(await failure(client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'ten', IfMatch: '"other"' })))).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(await failure(client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'ten', Body: 'x', IfNoneMatch: '*' })))).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(await text(client, 'ten')).toBe('0123456789');
  });

  it('lists with prefix, delimiter, max-keys, continuation tokens and start-after (v2), and markers (v1)', async () => {
    const { client } = await start();
    const all = ['d/1', 'd/2', 'd/sub/1', 'd/sub/2', 'd/sub2/1', 'd/z', 'e'];
    await Promise.all(all.map((key) => client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: key, Body: key }))));
    const pages: { keys: string[]; prefixes: string[] }[] = [];
    for await (const page of paginateListObjectsV2({ client, pageSize: 2 }, { Bucket: 'artifacts', Prefix: 'd/', Delimiter: '/' })) {
      pages.push({ keys: (page.Contents ?? []).map((o) => o.Key!), prefixes: (page.CommonPrefixes ?? []).map((p) => p.Prefix!) });
      expect(page.KeyCount).toBe((page.Contents?.length ?? 0) + (page.CommonPrefixes?.length ?? 0));
    }
    expect(pages).toEqual([
      { keys: ['d/1', 'd/2'], prefixes: [] },
      { keys: [], prefixes: ['d/sub/', 'd/sub2/'] },
      { keys: ['d/z'], prefixes: [] },
    ]);
    const after = await client.send(new ListObjectsV2Command({ Bucket: 'artifacts', StartAfter: 'd/sub/1' }));
    expect(after.Contents?.map((o) => o.Key)).toEqual(['d/sub/2', 'd/sub2/1', 'd/z', 'e']);
    const v1 = await client.send(new ListObjectsCommand({ Bucket: 'artifacts', Marker: 'd/z', MaxKeys: 5 }));
    expect([v1.Contents?.map((o) => o.Key), v1.IsTruncated]).toEqual([['e'], false]);
    const v1Truncated = await client.send(new ListObjectsCommand({ Bucket: 'artifacts', MaxKeys: 2, Delimiter: '/' }));
    expect([v1Truncated.CommonPrefixes?.map((p) => p.Prefix), v1Truncated.Contents?.map((o) => o.Key), v1Truncated.IsTruncated]).toEqual([['d/'], ['e'], false]);
    expect(await failure(client.send(new ListObjectsV2Command({ Bucket: 'artifacts', ContinuationToken: 'bm90LW91cnM=' })))).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('creates, heads, lists and deletes buckets; a bucket with objects is not deleted', async () => {
    const { client } = await start();
    await client.send(new CreateBucketCommand({ Bucket: 'second-bucket' }));
    expect((await client.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['artifacts', 'second-bucket']);
    expect((await client.send(new HeadBucketCommand({ Bucket: 'second-bucket' }))).$metadata.httpStatusCode).toBe(200);
    expect(await failure(client.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })))).toMatchObject({ name: 'NotFound', status: 404 });
    expect(await failure(client.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))).toMatchObject({ name: 'InvalidBucketName', status: 400 });
    await client.send(new PutObjectCommand({ Bucket: 'second-bucket', Key: 'k', Body: 'x' }));
    expect(await failure(client.send(new DeleteBucketCommand({ Bucket: 'second-bucket' })))).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
    await client.send(new DeleteObjectCommand({ Bucket: 'second-bucket', Key: 'k' }));
    await client.send(new DeleteBucketCommand({ Bucket: 'second-bucket' }));
    expect((await client.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['artifacts']);
  });

  it('copies objects (metadata kept or replaced) and deletes many at once', async () => {
    const { client } = await start();
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'src/a b+c.txt', Body: 'original', ContentType: 'text/plain', Metadata: { v: '1' } }));
    const copied = await client.send(new CopyObjectCommand({ Bucket: 'artifacts', Key: 'dst/kept', CopySource: `artifacts/${encodeURIComponent('src/a b+c.txt')}` }));
    expect(copied.CopyObjectResult?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const kept = await client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'dst/kept' }));
    expect([await kept.Body!.transformToString(), kept.ContentType, kept.Metadata]).toEqual(['original', 'text/plain', { v: '1' }]);
    await client.send(
      new CopyObjectCommand({ Bucket: 'artifacts', Key: 'dst/replaced', CopySource: 'artifacts/src/a%20b%2Bc.txt', MetadataDirective: 'REPLACE', ContentType: 'application/x-new', Metadata: { v: '2' } }),
    );
    const replaced = await client.send(new HeadObjectCommand({ Bucket: 'artifacts', Key: 'dst/replaced' }));
    expect([replaced.ContentType, replaced.Metadata]).toEqual(['application/x-new', { v: '2' }]);
    expect(await failure(client.send(new CopyObjectCommand({ Bucket: 'artifacts', Key: 'dst/x', CopySource: 'artifacts/missing' })))).toMatchObject({ name: 'NoSuchKey', status: 404 });
    expect(await failure(client.send(new CopyObjectCommand({ Bucket: 'artifacts', Key: 'dst/kept', CopySource: 'artifacts/dst/kept' })))).toMatchObject({ name: 'InvalidRequest', status: 400 });

    const deleted = await client.send(new DeleteObjectsCommand({ Bucket: 'artifacts', Delete: { Objects: [{ Key: 'src/a b+c.txt' }, { Key: 'dst/kept' }, { Key: 'never-there' }] } }));
    expect(deleted.Deleted?.map((d) => d.Key).sort()).toEqual(['dst/kept', 'never-there', 'src/a b+c.txt']);
    expect(await keys(client)).toEqual(['dst/replaced']);
  });

  it('runs multipart uploads step by step: parts listed, checked on completion, aborted uploads gone', async () => {
    const { client, dataDir } = await start();
    const mib5 = Buffer.alloc(5 * 1024 * 1024, 1);
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'artifacts', Key: 'mp/whole.bin', ContentType: 'application/x-parts' }));
    const one = await client.send(new UploadPartCommand({ Bucket: 'artifacts', Key: 'mp/whole.bin', UploadId, PartNumber: 1, Body: mib5 }));
    const two = await client.send(new UploadPartCommand({ Bucket: 'artifacts', Key: 'mp/whole.bin', UploadId, PartNumber: 2, Body: 'tail' }));
    const parts = await client.send(new ListPartsCommand({ Bucket: 'artifacts', Key: 'mp/whole.bin', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, mib5.length],
      [2, 4],
    ]);
    expect(await keys(client)).toEqual([]);
    expect(
      await failure(client.send(new CompleteMultipartUploadCommand({ Bucket: 'artifacts', Key: 'mp/whole.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0"' }] } }))),
    ).toMatchObject({ name: 'InvalidPart', status: 400 });
    expect(
      await failure(
        client.send(
          new CompleteMultipartUploadCommand({ Bucket: 'artifacts', Key: 'mp/whole.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: two.ETag }, { PartNumber: 1, ETag: one.ETag }] } }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidPartOrder', status: 400 });
    const done = await client.send(
      new CompleteMultipartUploadCommand({ Bucket: 'artifacts', Key: 'mp/whole.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] } }),
    );
    expect(done.ETag).toMatch(/-2"$/);
    const head = await client.send(new HeadObjectCommand({ Bucket: 'artifacts', Key: 'mp/whole.bin' }));
    expect([head.ContentLength, head.ContentType, head.ETag]).toEqual([mib5.length + 4, 'application/x-parts', done.ETag]);
    expect((await stat(join(dataDir, 'artifacts', 'mp', 'whole.bin'))).size).toBe(mib5.length + 4);

    const small = await client.send(new CreateMultipartUploadCommand({ Bucket: 'artifacts', Key: 'mp/small' }));
    const p1 = await client.send(new UploadPartCommand({ Bucket: 'artifacts', Key: 'mp/small', UploadId: small.UploadId, PartNumber: 1, Body: 'a' }));
    const p2 = await client.send(new UploadPartCommand({ Bucket: 'artifacts', Key: 'mp/small', UploadId: small.UploadId, PartNumber: 2, Body: 'b' }));
    expect(
      await failure(
        client.send(
          new CompleteMultipartUploadCommand({ Bucket: 'artifacts', Key: 'mp/small', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }),
        ),
      ),
    ).toMatchObject({ name: 'EntityTooSmall', status: 400 });
    await client.send(new AbortMultipartUploadCommand({ Bucket: 'artifacts', Key: 'mp/small', UploadId: small.UploadId }));
    expect(await failure(client.send(new ListPartsCommand({ Bucket: 'artifacts', Key: 'mp/small', UploadId: small.UploadId })))).toMatchObject({ name: 'NoSuchUpload', status: 404 });
    expect(await failure(client.send(new ListPartsCommand({ Bucket: 'artifacts', Key: 'mp/small', UploadId: '../../etc' })))).toMatchObject({ name: 'NoSuchUpload', status: 404 });
    expect(await keys(client)).toEqual(['mp/whole.bin']);
  });

  it('copies parts from existing objects (UploadPartCopy, whole and by range), as `aws s3 cp` does for large copies', async () => {
    const { client } = await start();
    const source = Buffer.concat([Buffer.alloc(5 * 1024 * 1024, 'a'), Buffer.from('0123456789')]);
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'copy/source', Body: source }));
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'artifacts', Key: 'copy/target' }));
    const whole = await client.send(new UploadPartCopyCommand({ Bucket: 'artifacts', Key: 'copy/target', UploadId, PartNumber: 1, CopySource: 'artifacts/copy/source' }));
    const ranged = await client.send(
      new UploadPartCopyCommand({ Bucket: 'artifacts', Key: 'copy/target', UploadId, PartNumber: 2, CopySource: 'artifacts/copy/source', CopySourceRange: `bytes=${source.length - 4}-${source.length - 1}` }),
    );
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'artifacts',
        Key: 'copy/target',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: whole.CopyPartResult?.ETag }, { PartNumber: 2, ETag: ranged.CopyPartResult?.ETag }] },
      }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'copy/target' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([source, Buffer.from('6789')]))).toBe(true);
  });

  it('lists nothing for a PUT whose client went away half-way, and answers afterwards', async () => {
    const { s3, client, dataDir } = await start();
    const { port } = new URL(s3.endpoint);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`PUT /artifacts/half HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: 100000\r\n\r\n`);
    socket.write(Buffer.alloc(50_000, 1));
    // The server has the first half once its temporary file grows; then the client vanishes.
    await waitFor(async () => (await filesUnder(join(dataDir, '.tmp'))).length === 1, 'the upload to start');
    socket.destroy();
    await waitFor(async () => (await filesUnder(join(dataDir, '.tmp'))).length === 0, 'the temporary file to be removed');
    expect(await keys(client)).toEqual([]);
    expect(await failure(client.send(new HeadObjectCommand({ Bucket: 'artifacts', Key: 'half' })))).toMatchObject({ status: 404 });
    expect(await filesUnder(join(dataDir, 'artifacts'))).toEqual([]);
  });

  it('refuses a body that does not match its Content-MD5 or checksum, keeping the previous object', async () => {
    const { client } = await start();
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'k', Body: 'first' }));
    expect(await failure(client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'k', Body: 'second', ContentMD5: Buffer.alloc(16).toString('base64') })))).toMatchObject({
      name: 'BadDigest',
      status: 400,
    });
    expect(await failure(client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'k', Body: 'second', ChecksumCRC32: 'AAAAAA==' })))).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(await text(client, 'k')).toBe('first');
    // The SDK's own checksum (aws-chunked, CRC32 trailer for a stream body) is accepted.
    await new Upload({ client, params: { Bucket: 'artifacts', Key: 'k', Body: Buffer.from('third') } }).done();
    expect(await text(client, 'k')).toBe('third');
  });
});

describe('embedded S3 with aws-chunked bodies', () => {
  const crc32 = (data: Buffer): string => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(zlibCrc32(data) >>> 0);
    return bytes.toString('base64');
  };
  const chunked = (data: Buffer, trailer: string, signed: boolean): Buffer => {
    const sig = signed ? ';chunk-signature=' + '0'.repeat(64) : '';
    return Buffer.concat([Buffer.from(`${data.length.toString(16)}${sig}\r\n`), data, Buffer.from(`\r\n0${sig}\r\n${trailer}\r\n`)]);
  };
  const headers = (data: Buffer, body: Buffer, mode: string): Record<string, string> => ({
    'content-encoding': 'aws-chunked',
    'content-length': String(body.length),
    'x-amz-decoded-content-length': String(data.length),
    'x-amz-content-sha256': mode,
    'x-amz-trailer': 'x-amz-checksum-crc32',
  });

  it('decodes unsigned and signed streaming payloads with trailing checksums, and refuses a wrong checksum or length', async () => {
    const { s3, client } = await start();
    const data = Buffer.from('streamed through aws-chunked');
    const good = chunked(data, `x-amz-checksum-crc32:${crc32(data)}\r\n`, false);
    expect((await rawRequest(s3.endpoint, 'PUT', '/artifacts/chunked', headers(data, good, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'), good)).status).toBe(200);
    expect(await text(client, 'chunked')).toBe(data.toString());
    const signed = chunked(data, `x-amz-checksum-crc32:${crc32(data)}\r\nx-amz-trailer-signature:${'0'.repeat(64)}\r\n`, true);
    expect((await rawRequest(s3.endpoint, 'PUT', '/artifacts/signed', headers(data, signed, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'), signed)).status).toBe(200);
    expect(await text(client, 'signed')).toBe(data.toString());

    const wrong = chunked(data, 'x-amz-checksum-crc32:AAAAAA==\r\n', false);
    const refused = await rawRequest(s3.endpoint, 'PUT', '/artifacts/wrong', headers(data, wrong, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'), wrong);
    expect([refused.status, refused.body]).toEqual([400, expect.stringContaining('<Code>BadDigest</Code><Message>The CRC32 you specified did not match the calculated checksum.</Message>')]);
    const short = await rawRequest(s3.endpoint, 'PUT', '/artifacts/short', { ...headers(data, good, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'), 'x-amz-decoded-content-length': '999' }, good);
    expect([short.status, short.body]).toEqual([400, expect.stringContaining('<Code>IncompleteBody</Code>')]);
    expect(await keys(client)).toEqual(['chunked', 'signed']);
  });

  it('takes a stream body from the SDK v3 (sent aws-chunked with a CRC32 trailer)', async () => {
    const { client } = await start();
    const body = Readable.from([Buffer.from('one '), Buffer.from('two '), Buffer.from('three')]);
    await client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'stream', Body: body, ContentLength: 13 }));
    expect(await text(client, 'stream')).toBe('one two three');
  });
});

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
