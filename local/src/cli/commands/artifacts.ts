/**
 * `sfn-ecs artifacts <execution> [--out DIR] [--open] [--json]`: the S3 objects an execution produced
 * (every s3:// URI in its output and its states' outputs; a manifest stands for its whole folder), each
 * with its size and, locally, the file that holds it. Against AWS through the S3 client; locally read
 * from the embedded S3's folder, so it works with or without `sfn-ecs serve` running.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { DEFAULT_DATA_FOLDER } from '../../app/runtime-types.js';
import { readHistory } from '../../clients/execution-history.js';
import { findExecutionArn } from '../../clients/find-state-machine.js';
import { createS3Client } from '../../clients/service-clients.js';
import { DATA_LAYOUT } from '../../runtime/execution-reader.js';
import { listObjectFiles } from '../../s3/object-store.js';
import { artifactLocations, s3UrisIn } from '../artifacts.js';
import { defineCommand } from '../command-spec.js';
import { CONNECTION_OPTIONS, service, type Service } from '../shared-options.js';
import type { Output } from '../output.js';
import { withSession } from '../service-session.js';
import { UserError } from '../user-error.js';

interface ArtifactsCommand extends Service {
  readonly name: 'artifacts';
  readonly execution: string;
  readonly out?: string;
  readonly open: boolean;
}

interface Artifact {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** The local file holding the bytes (the embedded S3 only). */
  readonly file?: string;
}

/** Listing pages read per location at most (1000 keys each). */
const MAX_PAGES = 100;

/** s3:// URIs in the execution's output and in every state's output of its history. */
function urisOf(output: string | undefined, events: readonly Record<string, unknown>[]): string[] {
  const outputs = [output];
  for (const event of events) {
    for (const details of Object.values(event)) {
      if (details && typeof details === 'object' && typeof (details as { output?: unknown }).output === 'string') outputs.push((details as { output: string }).output);
    }
  }
  const uris = new Set<string>();
  for (const text of outputs) {
    if (text === undefined) continue;
    try {
      for (const uri of s3UrisIn(JSON.parse(text))) uris.add(uri);
    } catch {
      // an output that is not JSON names no artifacts
    }
  }
  return [...uris];
}

async function listS3(s3: S3Client, bucket: string, prefix: string): Promise<Artifact[]> {
  const found: Artifact[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of listed.Contents ?? []) if (object.Key !== undefined) found.push({ bucket, key: object.Key, size: object.Size ?? 0 });
    token = listed.NextContinuationToken;
    if (!token) break;
  }
  return found;
}

/** The longest folder (ending in `/`) that every `bucket/key` starts with. */
function commonFolder(paths: readonly string[]): string {
  let common = paths[0] ?? '';
  for (const path of paths) while (!path.startsWith(common)) common = common.slice(0, -1);
  return common.slice(0, common.lastIndexOf('/') + 1);
}

/** `relativePath` under `dir`, refused unless it stays strictly inside (keys are untrusted). */
function destinationIn(dir: string, relativePath: string, uri: string): string {
  const segments = relativePath.split('/');
  const target = resolve(dir, ...segments);
  const rel = relative(dir, target);
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0')) || rel === '' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UserError(`Refusing to copy ${uri}: its key would not stay inside ${dir}.`, 1);
  }
  return target;
}

/** The program that opens a file or folder with the desktop's default application, if installed. */
function opener(): string | undefined {
  const name = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? undefined : 'xdg-open';
  if (!name) return undefined;
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name))) ? name : undefined;
}

function openPath(path: string, out: Output): void {
  const program = opener();
  if (!program) {
    out.err(`no xdg-open or open here; open it yourself: ${path}`);
    return;
  }
  const child = spawn(program, [path], { detached: true, stdio: 'ignore' });
  child.on('error', () => out.err(`${program} failed; open it yourself: ${path}`));
  child.unref();
  out.err(`opened ${path} with ${program}`);
}

async function artifactsCommand(command: ArtifactsCommand, out: Output): Promise<number> {
  return withSession({ ...command, inProcess: true }, out, async (session) => {
    const executionArn = await findExecutionArn(session.clients.sfn, command.execution);
    const { output } = await session.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    const uris = urisOf(output, (await readHistory(session.clients.sfn, executionArn)) as unknown as Record<string, unknown>[]);
    const target = session.clients.target;
    const s3 = target.kind === 'aws' ? createS3Client(target) : undefined;
    const s3Directory = join(session.runtime?.dataDir ?? resolve(command.root, command.dataDir ?? DEFAULT_DATA_FOLDER), DATA_LAYOUT.s3);
    try {
      const byUri = new Map<string, Artifact>();
      for (const { bucket, prefix } of artifactLocations(uris)) {
        const found = s3 ? await listS3(s3, bucket, prefix) : (await listObjectFiles(s3Directory, bucket, prefix)).map((o) => ({ bucket, ...o }));
        for (const artifact of found) byUri.set(`s3://${bucket}/${artifact.key}`, artifact);
      }
      if (byUri.size === 0) {
        const named = uris.length > 0 ? ` Its output names ${uris.join(', ')}, but ${s3 ? 'S3' : `the local S3 (${s3Directory})`} holds none of it (a mocked task or a callback answered by hand writes nothing).` : ' Its output names no s3:// URI.';
        throw new UserError(`No artifacts for ${executionArn}.${named}`, 1);
      }
      const artifacts = [...byUri.entries()];
      let copies: Map<string, string> | undefined;
      if (command.out !== undefined) {
        const dir = resolve(command.out);
        const folder = commonFolder(artifacts.map(([, a]) => `${a.bucket}/${a.key}`));
        copies = new Map(artifacts.map(([uri, a]) => [uri, destinationIn(dir, `${a.bucket}/${a.key}`.slice(folder.length), uri)]));
        for (const [uri, artifact] of artifacts) {
          const destination = copies.get(uri)!;
          await mkdir(dirname(destination), { recursive: true });
          if (artifact.file) await copyFile(artifact.file, destination);
          else {
            const { Body } = await s3!.send(new GetObjectCommand({ Bucket: artifact.bucket, Key: artifact.key }));
            await pipeline(Body as Readable, createWriteStream(destination));
          }
        }
      }
      if (command.json) {
        const rows = artifacts.map(([uri, a]) => ({ uri, size: a.size, ...(a.file ? { file: a.file } : {}), ...(copies ? { copiedTo: copies.get(uri) } : {}) }));
        out.out(JSON.stringify(rows, null, 2));
      } else {
        for (const [uri, a] of artifacts) out.out([uri, String(a.size), ...(a.file ? [a.file] : [])].join('  '));
        if (command.out !== undefined) out.err(`copied ${artifacts.length} object${artifacts.length === 1 ? '' : 's'} into ${resolve(command.out)}`);
      }
      if (command.open) {
        const files = artifacts.map(([uri, a]) => copies?.get(uri) ?? a.file).filter((f): f is string => f !== undefined);
        if (command.out !== undefined) openPath(resolve(command.out), out);
        else if (files.length === 1) openPath(files[0]!, out);
        else if (files.length > 1) openPath(commonFolder(files.map((f) => f.split(sep).join('/'))).split('/').join(sep) || dirname(files[0]!), out);
        else out.err('nothing on this disk to open: add --out DIR to copy the artifacts here first');
      }
      return 0;
    } finally {
      s3?.destroy();
    }
  });
}

export const artifacts = defineCommand({
  words: 'artifacts',
  section: 'stepfunctions',
  usage: '<execution> [--out DIR] [--open] [--json]',
  summary: `the S3 objects it wrote (uri, size, local file); --out copies them into DIR
(paths below the run's folder), --open opens them; exit 1 when it wrote none`,
  options: { ...CONNECTION_OPTIONS, json: 'boolean', out: 'string', open: 'boolean' },
  parse: (args): ArtifactsCommand => {
    const outDir = args.string('out');
    return { name: 'artifacts', execution: args.one('execution name or ARN'), open: args.boolean('open'), ...(outDir !== undefined ? { out: outDir } : {}), ...service(args) };
  },
  run: (command, { out }) => artifactsCommand(command, out),
});
