/**
 * Reads artifacts (the manifest and the objects it lists) from S3 for the console, with the same S3
 * API a deployed stack's bucket answers: the page never talks to S3 itself.
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface ArtifactObject {
  readonly body: Readable;
  readonly contentLength?: number;
  readonly contentType?: string;
}

export type ReadArtifact = (bucket: string, key: string) => Promise<ArtifactObject | undefined>;

/** A reader over an S3 endpoint; undefined for a key S3 does not have. */
export function s3ArtifactReader(client: S3Client): ReadArtifact {
  return async (bucket, key) => {
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!object.Body) return undefined;
      return {
        body: object.Body as Readable,
        ...(object.ContentLength !== undefined ? { contentLength: object.ContentLength } : {}),
        ...(object.ContentType ? { contentType: object.ContentType } : {}),
      };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchBucket') return undefined;
      throw error;
    }
  };
}
