import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { fillPlaceholders } from '../../local/src/project/placeholders.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';

/** Registers test/fixtures/faults/<name>.asl.json under <name>, placeholders filled as for the project's own machines. */
export async function registerFixture(runtime: Runtime, name: string): Promise<string> {
  const text = await readFile(join(process.cwd(), 'test', 'fixtures', 'faults', `${name}.asl.json`), 'utf8');
  const { stateMachineArn } = await runtime.createStateMachine({
    name,
    definition: fillPlaceholders(text, runtime.project.placeholders),
    roleArn: 'arn:aws:iam::123456789012:role/test',
  });
  return stateMachineArn!;
}

export interface StoredObject {
  readonly key: string;
  readonly body: Buffer;
}

/** Every object under the prefix, with its content. */
export async function objectsUnder(s3: S3Client, bucket: string, prefix: string): Promise<StoredObject[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const objects: StoredObject[] = [];
  for (const { Key } of listed.Contents ?? []) {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: Key! }));
    objects.push({ key: Key!, body: Buffer.from(await got.Body!.transformToByteArray()) });
  }
  return objects;
}

interface Manifest {
  artifacts: { key: string; size: number; sha256: string }[];
}

/**
 * "Nothing lost" for one task prefix: with a manifest, every listed object is in it with its size and
 * checksum and every manifest entry is listed; without one, each listed object must be complete
 * (`isComplete` decides, e.g. it parses). Returns the manifest, if any.
 */
export function checkNothingLost(objects: readonly StoredObject[], prefix: string, isComplete: (o: StoredObject) => boolean): Manifest | undefined {
  const manifestObject = objects.find((o) => o.key === `${prefix}manifest.json`);
  const artifacts = objects.filter((o) => o !== manifestObject);
  if (!manifestObject) {
    const partial = artifacts.filter((o) => !isComplete(o)).map((o) => o.key);
    if (partial.length > 0) throw new Error(`partial objects listed without a manifest: ${partial.join(', ')}`);
    return undefined;
  }
  const manifest = JSON.parse(manifestObject.body.toString('utf8')) as Manifest;
  const listed = new Map(artifacts.map((o) => [o.key, o]));
  for (const entry of manifest.artifacts) {
    const object = listed.get(entry.key);
    if (!object) throw new Error(`manifest lists ${entry.key} but it is not in S3`);
    const sha256 = createHash('sha256').update(object.body).digest('hex');
    if (object.body.length !== entry.size || sha256 !== entry.sha256) throw new Error(`${entry.key} does not match its manifest entry`);
    listed.delete(entry.key);
  }
  if (listed.size > 0) throw new Error(`objects not in the manifest: ${[...listed.keys()].join(', ')}`);
  return manifest;
}

/** A TCP proxy in front of an HTTP server that forwards request bytes slowly, so an upload stays in flight. */
export interface SlowProxy {
  readonly endpoint: string;
  /** Resolves once a request line containing `needle` has passed through. */
  sawRequest(needle: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSlowProxy(target: string, bytesPerTick: number, tickMs: number): Promise<SlowProxy> {
  const { hostname, port } = new URL(target);
  const seen: string[] = [];
  const waiters: { needle: string; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const notice = (text: string): void => {
    seen.push(text);
    for (const waiter of waiters.splice(0)) {
      if (text.includes(waiter.needle)) waiter.resolve();
      else waiters.push(waiter);
    }
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    const pending: Buffer[] = [];
    let ended = false;
    const tick = setInterval(() => {
      let budget = bytesPerTick;
      while (budget > 0 && pending.length > 0) {
        const head = pending[0]!;
        const part = head.subarray(0, budget);
        upstream.write(part);
        budget -= part.length;
        if (part.length === head.length) pending.shift();
        else pending[0] = head.subarray(part.length);
      }
      if (ended && pending.length === 0) upstream.end();
    }, tickMs);
    timers.add(tick);
    const closeBoth = (): void => {
      clearInterval(tick);
      timers.delete(tick);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      notice(chunk.toString('latin1', 0, Math.min(chunk.length, 200)));
      pending.push(chunk);
    });
    client.on('end', () => (ended = true));
    // A client that goes away mid-request takes its upstream request with it, as a dropped connection does.
    client.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    upstream.on('close', closeBoth);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    sawRequest(needle) {
      if (seen.some((text) => text.includes(needle))) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ needle, resolve }));
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Rejects after ms with a message naming what was awaited. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
