import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startEmbeddedS3 } from '../../../local/src/s3/embedded-s3.js';

/** The runtime's own embedded S3 server on 127.0.0.1, a random port, a temporary directory. */
export interface TestS3 {
  readonly endpoint: string;
  readonly bucket: string;
  readonly client: S3Client;
  /** Environment that points the worker's default S3 client here. */
  readonly env: Record<string, string>;
  getText(key: string): Promise<string>;
  getBytes(key: string): Promise<Buffer>;
  keys(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Any key pair works with the embedded S3. */
export const TEST_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'worker-test',
  AWS_SECRET_ACCESS_KEY: 'worker-test',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

export async function startTestS3(bucket = 'artifacts'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'sfn-ecs-s3-'));
  const server = await startEmbeddedS3({ directory, buckets: [bucket] });
  const { endpoint } = server;
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: TEST_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
  });
  const getBytes = async (key: string): Promise<Buffer> => {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await response.Body!.transformToByteArray());
  };
  return {
    endpoint,
    bucket,
    client,
    env: { ...TEST_CREDENTIALS, AWS_ENDPOINT_URL_S3: endpoint, AWS_S3_FORCE_PATH_STYLE: 'true', ARTIFACT_BUCKET: bucket },
    getBytes,
    getText: async (key) => (await getBytes(key)).toString('utf8'),
    async keys(prefix) {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (listed.Contents ?? []).map((o) => o.Key!).sort();
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
