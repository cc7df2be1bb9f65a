/**
 * Where an execution's artifacts are: every s3:// URI its output mentions, and for a manifest
 * (written last by the worker) the keys stored next to it in the embedded S3.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { EMBEDDED_S3_CREDENTIALS } from '../s3/embedded-s3.js';
import { objectFile } from '../s3/object-store.js';

export { s3UrisIn } from '../clients/s3-uris.js';

/** Where to list for each s3:// URI: a manifest (written last by the worker) stands for its folder. */
export function artifactLocations(uris: readonly string[]): { bucket: string; prefix: string }[] {
  const locations: { bucket: string; prefix: string }[] = [];
  for (const uri of uris) {
    const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
    if (!match) continue;
    const [, bucket, key] = match as unknown as [string, string, string];
    locations.push({ bucket, prefix: key.endsWith('manifest.json') ? key.slice(0, -'manifest.json'.length) : key });
  }
  return locations;
}

/** The object keys (as s3:// URIs) under each manifest's folder; [] when S3 has none. */
export async function artifactKeys(s3Endpoint: string, region: string, uris: readonly string[]): Promise<string[]> {
  const client = new S3Client({ endpoint: s3Endpoint, region, forcePathStyle: true, credentials: EMBEDDED_S3_CREDENTIALS });
  const keys = new Set<string>();
  try {
    for (const { bucket, prefix } of artifactLocations(uris)) {
      let token: string | undefined;
      for (let pageCount = 0; pageCount < 20; pageCount += 1) {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) keys.add(`s3://${bucket}/${object.Key}`);
        token = page.NextContinuationToken;
        if (!token) break;
      }
    }
  } catch {
    // the listing is a convenience; the URIs in the output are still printed
  } finally {
    client.destroy();
  }
  return [...keys];
}

/** The file a person can open for an s3:// URI of the embedded S3 kept in `s3Directory`, if it is there. */
export async function artifactFile(s3Directory: string, uri: string): Promise<string | undefined> {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return match ? objectFile(s3Directory, match[1]!, match[2]!) : undefined;
}
