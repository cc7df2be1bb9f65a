import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, startS3, type StartedS3 } from './helpers.js';

const run = promisify(execFile);
/** Debian's AWS CLI v2 (a pip v1 may come first on PATH). */
const AWS_CLI = '/usr/bin/aws';

let s3: StartedS3;
let work: string;

beforeAll(async () => {
  s3 = await startS3();
  work = await mkdtemp(join(tmpdir(), 'sfn-ecs-s3-cli-'));
});
afterAll(async () => {
  await s3.close();
  await rm(work, { recursive: true, force: true });
});

/** Runs the CLI against the embedded S3 with dummy credentials; its stdout (JSON parsed when it is JSON). */
async function aws(...args: string[]): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', HOME: work, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
  try {
    const { stdout } = await run(AWS_CLI, ['--endpoint-url', s3.s3.endpoint, ...args], { env, cwd: work, timeout: 120_000, maxBuffer: 16 << 20 });
    return stdout;
  } catch (error) {
    const e = error as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error("the AWS CLI v2 (/usr/bin/aws) is not installed: .ci/run installs Debian's awscli package");
    throw Object.assign(new Error(`aws ${args.join(' ')} failed: ${e.stderr ?? String(error)}`), { stderr: e.stderr ?? '' });
  }
}
const api = async (...args: string[]): Promise<Record<string, unknown>> => JSON.parse((await aws('s3api', ...args)) || '{}') as Record<string, unknown>;

describe('embedded S3 with the AWS CLI v2', () => {
  it('s3 cp (small and multipart), ls, sync and rm', async () => {
    const big = randomBytes(9 * 1024 * 1024);
    await writeFile(join(work, 'big.bin'), big);
    await writeFile(join(work, 'small.txt'), 'small file\n');
    await aws('s3', 'cp', '--only-show-errors', 'small.txt', 's3://artifacts/cp/small.txt');
    await aws('s3', 'cp', '--only-show-errors', 'big.bin', 's3://artifacts/cp/big.bin');
    // The multipart upload is a plain file of the same bytes.
    expect((await readFile(join(s3.dataDir, 'artifacts', 'cp', 'big.bin'))).equals(big)).toBe(true);
    await aws('s3', 'cp', '--only-show-errors', 's3://artifacts/cp/big.bin', 'big-back.bin');
    expect((await readFile(join(work, 'big-back.bin'))).equals(big)).toBe(true);

    const top = await aws('s3', 'ls', 's3://artifacts/');
    expect(top.trim()).toMatch(/^PRE cp\/$/);
    const listed = await aws('s3', 'ls', '--recursive', 's3://artifacts/cp/');
    expect(listed.trim().split('\n').map((l) => l.trim().split(/\s+/).slice(2))).toEqual([
      [String(big.length), 'cp/big.bin'],
      ['11', 'cp/small.txt'],
    ]);

    await mkdir(join(work, 'tree', 'sub'), { recursive: true });
    await writeFile(join(work, 'tree', 'a.txt'), 'a');
    await writeFile(join(work, 'tree', 'sub', 'b.txt'), 'b');
    const firstSync = await aws('s3', 'sync', '--no-progress', 'tree', 's3://artifacts/tree');
    expect(firstSync.trim().split('\n').sort()).toEqual(['upload: tree/a.txt to s3://artifacts/tree/a.txt', 'upload: tree/sub/b.txt to s3://artifacts/tree/sub/b.txt']);
    // Sizes and times match now: a second sync has nothing to do.
    expect((await aws('s3', 'sync', '--no-progress', 'tree', 's3://artifacts/tree')).trim()).toBe('');
    await aws('s3', 'sync', '--no-progress', 's3://artifacts/tree', 'tree-back');
    expect(await filesUnder(join(work, 'tree-back'))).toEqual(['a.txt', 'sub/b.txt']);

    await aws('s3', 'rm', '--recursive', '--only-show-errors', 's3://artifacts/tree');
    await aws('s3', 'rm', '--only-show-errors', 's3://artifacts/cp/small.txt');
    expect((await aws('s3', 'ls', '--recursive', 's3://artifacts/')).trim().split(/\s+/).at(-1)).toBe('cp/big.bin');
    expect(await filesUnder(join(s3.dataDir, 'artifacts'))).toEqual(['cp/big.bin']);
  }, 240_000);

  it('s3api create-bucket, put-object, head-object, get-object, list-objects-v2, copy-object, delete-object', async () => {
    expect(await api('create-bucket', '--bucket', 'cli-bucket')).toEqual({ Location: '/cli-bucket' });
    await writeFile(join(work, 'body.json'), '{"from":"cli"}');
    const put = await api('put-object', '--bucket', 'cli-bucket', '--key', 'dir/obj.json', '--body', 'body.json', '--content-type', 'application/json', '--metadata', 'run=42');
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await api('head-object', '--bucket', 'cli-bucket', '--key', 'dir/obj.json')).toMatchObject({ ContentLength: 14, ContentType: 'application/json', Metadata: { run: '42' }, ETag: put.ETag });
    const got = await api('get-object', '--bucket', 'cli-bucket', '--key', 'dir/obj.json', '--range', 'bytes=2-5', join(work, 'part.out'));
    expect([got.ContentRange, await readFile(join(work, 'part.out'), 'utf8')]).toEqual(['bytes 2-5/14', 'from']);
    await api('copy-object', '--bucket', 'cli-bucket', '--key', 'copy.json', '--copy-source', 'cli-bucket/dir/obj.json');
    const listed = await api('list-objects-v2', '--bucket', 'cli-bucket', '--delimiter', '/');
    expect([(listed.Contents as { Key: string }[]).map((c) => c.Key), listed.CommonPrefixes]).toEqual([['copy.json'], [{ Prefix: 'dir/' }]]);
    await api('delete-object', '--bucket', 'cli-bucket', '--key', 'dir/obj.json');
    const missing = await api('head-object', '--bucket', 'cli-bucket', '--key', 'dir/obj.json').catch((e: { stderr: string }) => e.stderr);
    expect(missing).toMatch(/\(404\).*HeadObject operation: Not Found/);
    const noKey = await api('get-object', '--bucket', 'cli-bucket', '--key', 'nope', join(work, 'nope.out')).catch((e: { stderr: string }) => e.stderr);
    expect(noKey).toContain('An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist.');
    expect((await api('list-objects-v2', '--bucket', 'cli-bucket')).Contents).toEqual([expect.objectContaining({ Key: 'copy.json', Size: 14 })]);
  }, 240_000);
});
