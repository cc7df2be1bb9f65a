/**
 * Every shell command in README.md, local/README.md and docs/*.md (```sh blocks) runs as written, so the
 * docs cannot drift from behaviour: with the dummy credentials and region the docs tell a reader to
 * export, against a `sfn-ecs serve` this test starts on an ephemeral port (the docs' 127.0.0.1:8083 is
 * rewritten to it). Commands that cannot run here are skipped by rules below, each with its reason;
 * every rule must skip something, and most commands must run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorkerBundle } from '../e2e/helpers.js';

const ROOT = process.cwd();
const DOCS = ['README.md', 'local/README.md', ...(await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Why a command is not run here; the first rule that matches wins. */
const SKIP: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  { pattern: /\bdocker\b/, reason: 'needs Docker and an image registry' },
  { pattern: /serverless (deploy|remove)/, reason: 'deploys to (or removes from) an AWS account' },
  { pattern: /aws (sts|cloudformation|ecr|s3) /, reason: 'needs an AWS account' },
  { pattern: /\$(SYNC_ARN|CALLBACK_ARN|FANOUT_ARN|EXEC|BUCKET|REPO|STAGE|AWS_REGION)\b|\$\(aws /, reason: 'uses the deployed stack (docs/deploy.md)' },
  { pattern: /AWS_PROFILE=prod/, reason: 'configures a real AWS profile' },
  { pattern: /<[a-z-]+>|path\/to\//, reason: "a placeholder for the reader's own value" },
  { pattern: /^npm (ci|test)\b/, reason: 'installs packages / runs the whole suite this test is part of' },
  { pattern: /^npm run build\b/, reason: 'done before this test runs (the bundles it builds are what the commands use)' },
  { pattern: /sfn-ecs serve\b/, reason: 'this test runs the server itself, on an ephemeral port the other commands are pointed at' },
  { pattern: /--follow\b/, reason: 'never ends on its own' },
  { pattern: /--console\b/, reason: 'keeps the runtime up until Ctrl-C (test/console runs it)' },
  {
    pattern: /^npx sfn-ecs (start|watch|redrive|describe|history|executions|stop|logs|task) /,
    reason: 'docs/aws.md runs these against AWS (its AWS_PROFILE); against the local runtime: test/toolset/cli-executions.test.ts, cli-task.test.ts and test/cli/redrive-command.test.ts',
  },
];

interface DocCommand {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  /** The `export` lines above it in its block: a reader's shell has them set. */
  readonly exports: readonly string[];
}

/** True when sh would read on past this text: a trailing backslash, or a single quote left open (comments ignored). */
function continues(text: string): boolean {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") quoted = !quoted;
    else if (c === '#' && !quoted && (i === 0 || /\s/.test(text[i - 1]!))) {
      const rest = text.slice(i);
      if (!rest.includes('\n')) return false;
      i += rest.indexOf('\n');
    }
  }
  return quoted || text.endsWith('\\');
}

/** The commands of the ```sh blocks: continuation lines joined, blank and comment-only lines left out. */
function shellCommands(file: string, markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  const lines = markdown.split('\n');
  let inBlock = false;
  let exports: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^```sh\s*$/.test(line)) {
      inBlock = true;
      exports = [];
      continue;
    }
    if (inBlock && /^```\s*$/.test(line)) {
      inBlock = false;
      continue;
    }
    if (!inBlock || line.trim() === '' || line.trim().startsWith('#')) continue;
    const start = i;
    let text = line;
    while (continues(text) && i + 1 < lines.length && !/^```/.test(lines[i + 1]!)) text = `${text}\n${lines[++i]!}`;
    commands.push({ file, line: start + 1, text, exports: [...exports] });
    if (/^export /.test(text)) exports.push(text);
  }
  return commands;
}

const all = (await Promise.all(DOCS.map(async (file) => shellCommands(file, await readFile(join(ROOT, file), 'utf8'))))).flat();
const skipped = all.map((command) => ({ command, rule: SKIP.find((rule) => rule.pattern.test(command.text)) }));
const runnable = skipped.filter((s) => !s.rule).map((s) => s.command);

let home: string;
let dataDir: string;
let serve: ReturnType<typeof spawn> | undefined;
let port = '';

/** What a reader has after following the docs: dummy credentials and a region, no ~/.aws. */
const readerEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_') && !name.startsWith('SFN_')) env[name] = value;
  return { ...env, HOME: home, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', NO_COLOR: '1' };
};

function sh(command: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: ROOT, env: readerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (status) => resolve({ status, output }));
  });
}

beforeAll(async () => {
  ensureWorkerBundle();
  home = await mkdtemp(join(tmpdir(), 'sfn-ecs-docs-home-'));
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-docs-data-'));
  serve = spawn(process.execPath, ['bin/sfn-ecs.js', 'serve', '--port', '0', '--data-dir', dataDir], { cwd: ROOT, env: readerEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  port = await new Promise<string>((resolve, reject) => {
    let text = '';
    serve!.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(text)?.[1];
      if (found) resolve(found);
    });
    serve!.once('exit', () => reject(new Error(`serve ended:\n${text}`)));
  });
}, 60_000);

afterAll(async () => {
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve!.once('exit', resolve));
    serve.kill('SIGTERM');
    await exited;
  }
  await rm(home, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('shell commands in the docs', () => {
  it('every skip rule skips something (a rule that matches nothing is stale), and most commands run', () => {
    for (const rule of SKIP) expect(skipped.some((s) => s.rule === rule), `${rule.pattern} (${rule.reason}) matches no command`).toBe(true);
    expect(runnable.length).toBeGreaterThanOrEqual(10);
  });

  it.each(runnable.map((c) => [`${c.file}:${c.line}`, c] as const))('%s runs as written', async (_where, command) => {
    const runnableExports = command.exports.filter((line) => !SKIP.some((rule) => rule.pattern.test(line)));
    const text = [...runnableExports, command.text].join('\n').replaceAll('127.0.0.1:8083', `127.0.0.1:${port}`);
    const { status, output } = await sh(text);
    expect({ status, output: status === 0 ? '' : output }).toEqual({ status: 0, output: '' });
  }, 180_000);
});
