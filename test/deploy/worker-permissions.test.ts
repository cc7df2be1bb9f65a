/**
 * The task role allows exactly what the worker calls: every `new XxxCommand(` in worker/src, and the
 * calls @aws-sdk/lib-storage's Upload makes for it, turned into IAM actions, equal the TaskRole's actions.
 * A new SDK call in the worker without its permission (or a permission nobody uses) fails here.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, asList, packageProject, policyStatements } from './package-template.js';
import type { PackagedProject } from './package-template.js';

/**
 * The IAM action each SDK command needs (Service Authorization Reference, "Actions defined by Amazon S3"
 * and "by AWS Step Functions"): the multipart calls are authorized by s3:PutObject.
 */
const IAM_ACTION: Readonly<Record<string, string>> = {
  GetObjectCommand: 's3:GetObject',
  PutObjectCommand: 's3:PutObject',
  CreateMultipartUploadCommand: 's3:PutObject',
  UploadPartCommand: 's3:PutObject',
  CompleteMultipartUploadCommand: 's3:PutObject',
  AbortMultipartUploadCommand: 's3:AbortMultipartUpload',
  PutObjectTaggingCommand: 's3:PutObjectTagging',
  SendTaskSuccessCommand: 'states:SendTaskSuccess',
  SendTaskFailureCommand: 'states:SendTaskFailure',
  SendTaskHeartbeatCommand: 'states:SendTaskHeartbeat',
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

const commandsIn = (text: string) => [...text.matchAll(/new (\w+Command)\(/g)].map((m) => m[1] as string);

/** What the worker's code calls: its own commands, plus lib-storage's when it uses Upload. */
async function workerCommands(): Promise<Set<string>> {
  const texts = await Promise.all((await sourceFiles(join(REPO_ROOT, 'worker', 'src'))).map((f) => readFile(f, 'utf8')));
  const commands = new Set(texts.flatMap(commandsIn));
  const uploads = texts.flatMap((t) => [...t.matchAll(/new Upload\(\{([\s\S]*?)\n\s*\}\);/g)].map((m) => m[1] as string));
  if (uploads.length > 0) {
    const require = createRequire(join(REPO_ROOT, 'worker', 'src', 'artifacts.ts'));
    const libStorage = join(dirname(require.resolve('@aws-sdk/lib-storage')), 'index.js');
    for (const command of commandsIn(await readFile(libStorage, 'utf8'))) commands.add(command);
    // Upload tags the object only when given `tags`.
    if (!uploads.some((options) => /\btags\s*:/.test(options))) commands.delete('PutObjectTaggingCommand');
  }
  return commands;
}

let packaged: PackagedProject;
beforeAll(async () => {
  packaged = await packageProject();
}, 240_000);
afterAll(async () => {
  await packaged?.cleanup();
});

describe('task role', () => {
  it('allows exactly the IAM actions of the SDK calls the worker makes', async () => {
    const commands = [...(await workerCommands())].sort();
    expect(commands).toContain('GetObjectCommand');
    expect(commands).toContain('UploadPartCommand');
    const unknown = commands.filter((c) => !(c in IAM_ACTION));
    expect(unknown, 'add the IAM action of these commands to IAM_ACTION').toEqual([]);
    const needed = [...new Set(commands.map((c) => IAM_ACTION[c] as string))].sort();
    const granted = [
      ...new Set(
        policyStatements(packaged.template)
          .filter(({ where, statement }) => where.startsWith('TaskRole/') && statement['Effect'] === 'Allow')
          .flatMap(({ statement }) => asList<string>(statement['Action'])),
      ),
    ].sort();
    expect(granted).toEqual(needed);
  });

  it('writes only under runs/ and reads only inputs/', () => {
    const resources = (action: string) =>
      policyStatements(packaged.template)
        .filter(({ where, statement }) => where.startsWith('TaskRole/') && asList(statement['Action']).includes(action))
        .map(({ statement }) => statement['Resource']);
    expect(resources('s3:PutObject')).toEqual([{ 'Fn::Sub': '${ArtifactBucket.Arn}/runs/*' }]);
    expect(resources('s3:AbortMultipartUpload')).toEqual([{ 'Fn::Sub': '${ArtifactBucket.Arn}/runs/*' }]);
    expect(resources('s3:GetObject')).toEqual([{ 'Fn::Sub': '${ArtifactBucket.Arn}/inputs/*' }]);
  });
});
