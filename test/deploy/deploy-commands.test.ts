/**
 * The deploy commands of docs/deploy.md and README.md, run as written (in their order, on a copy of the
 * project) against a recording STAND-IN FOR AWS (aws-stand-in.cjs: AWS itself cannot run here), which
 * starts as an empty account and applies CloudFormation's checks. The first deploy on a new account
 * must be accepted, the ECR repository must exist before the image is pushed, and later deploys keep
 * working, and removal in the documented order deletes both stacks. The `aws` and `docker` commands of
 * those pages need a real account and are not run.
 */
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, projectCopy, serverlessEnv } from './package-template.js';
import type { CfnTemplate } from './package-template.js';

/** Several serverless runs of ~20 s each on a shared machine. */
const COMMAND_TIMEOUT_MS = 240_000;
const ACCOUNT = '123456789012';
const STAGE = 'prod';
const REGION = 'eu-west-1';
const REPO = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/sfn-ecs-${STAGE}-worker`;
/** What the pages' `export` lines would set on a real account (they call `aws sts` and `git`). */
const SHELL_VARIABLES = { STAGE, AWS_REGION: REGION, ACCOUNT, REPO, REPO_URI: REPO, TAG: 'test' };

interface Call {
  service: string;
  method: string;
  params: Record<string, any>;
  ok?: boolean;
  error?: string;
  message?: string;
}
interface Account {
  calls: Call[];
  stacks: Record<string, { StackStatus: string; template?: CfnTemplate; Parameters?: { ParameterKey: string }[] }>;
  buckets: Record<string, { objects: Record<string, string> }>;
  repositories: Record<string, { uri: string }>;
}

/** The `npx serverless` commands of the ```sh blocks of a markdown text, continuation lines joined. */
function serverlessCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npx serverless '));
}

async function run(dir: string, state: string, command: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)('bash', ['-c', command], {
      cwd: dir,
      timeout: COMMAND_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      maxBuffer: 16 * 1024 * 1024,
      env: { ...serverlessEnv(dir, state), ...SHELL_VARIABLES },
    });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
  }
}

const account = async (state: string): Promise<Account> => JSON.parse(await readFile(state, 'utf8'));

describe('docs/deploy.md on a new account (against the AWS stand-in)', () => {
  let dir: string;
  let state: string;
  let commands: string[];
  const results: { command: string; ok: boolean; output: string; account: Account }[] = [];

  beforeAll(async () => {
    commands = serverlessCommands(await readFile(join(REPO_ROOT, 'docs', 'deploy.md'), 'utf8'));
    dir = await projectCopy();
    state = join(dir, 'aws-stand-in.json');
    // The deploy commands, then the first one again: a later deploy of the same stage.
    const deploys = commands.filter((c) => c.includes(' deploy '));
    const removes = commands.filter((c) => c.includes(' remove '));
    for (const command of [...deploys, deploys[deploys.length - 1] as string, ...removes]) {
      const result = await run(dir, state, command);
      results.push({ command, ...result, account: await account(state) });
      if (!result.ok) break;
    }
  }, COMMAND_TIMEOUT_MS * 6);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('documents the bootstrap stack first, then the main deploy, then removal in reverse', () => {
    expect(commands.map((c) => c.split(' --')[0] + (c.includes('--config') ? ' --config' : ''))).toEqual([
      'npx serverless deploy --config',
      'npx serverless deploy',
      'npx serverless remove',
      'npx serverless remove --config',
    ]);
  });

  it('every command succeeds, in order: the deploys (twice for the main stack), then the removes', () => {
    expect(results.map((r) => [r.command, r.ok, r.ok ? '' : r.output.slice(-3000)])).toEqual(
      results.map((r) => [r.command, true, '']),
    );
    expect(results).toHaveLength(5);
  });

  it('removal in the documented order deletes both stacks', () => {
    const end = results[4]?.account;
    expect(end?.stacks[`sfn-ecs-${STAGE}`]?.StackStatus).toBe('DELETE_COMPLETE');
    expect(end?.stacks[`sfn-ecs-bootstrap-${STAGE}`]?.StackStatus).toBe('DELETE_COMPLETE');
    expect(end?.repositories).toEqual({});
  });

  it('the bootstrap stack creates the deployment bucket and the repository the image is pushed to', () => {
    const afterBootstrap = results[0]?.account;
    expect(afterBootstrap?.stacks[`sfn-ecs-bootstrap-${STAGE}`]?.StackStatus).toMatch(/_COMPLETE$/);
    // docker push "$REPO:$TAG" runs after this step: the repository it names exists.
    expect(afterBootstrap?.repositories[`sfn-ecs-${STAGE}-worker`]?.uri).toBe(REPO);
    expect(Object.keys(afterBootstrap?.buckets ?? {})).toContain(`sfn-ecs-${STAGE}-deployments-${ACCOUNT}-${REGION}`);
    const bucket = afterBootstrap?.stacks[`sfn-ecs-bootstrap-${STAGE}`]?.template?.Resources['DeploymentBucket'];
    expect(bucket?.Properties['PublicAccessBlockConfiguration']).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('the first main deploy creates its stack from the full template, with every parameter it sends declared', () => {
    const calls = (results[1]?.account.calls ?? []).slice(results[0]?.account.calls.length ?? 0);
    const creates = calls.filter((c) => c.method === 'createChangeSet' || c.method === 'createStack');
    expect(creates.map((c) => [c.params['StackName'], c.params['ChangeSetType'], c.ok])).toEqual([[`sfn-ecs-${STAGE}`, 'CREATE', true]]);
    const create = creates[0] as Call;
    expect(create.params['TemplateURL']).toContain(`/sfn-ecs-${STAGE}-deployments-${ACCOUNT}-${REGION}/`);
    expect(create.params['Parameters'].map((p: { ParameterKey: string }) => p.ParameterKey).sort()).toEqual(
      ['CpuArchitecture', 'ImageUri', 'SecurityGroups', 'Subnets', 'Tracing'],
    );
    const stack = results[1]?.account.stacks[`sfn-ecs-${STAGE}`];
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    expect(calls.filter((c) => c.ok === false)).toEqual([]);
  });

  it('a later deploy updates the stack', () => {
    const calls = (results[2]?.account.calls ?? []).slice(results[1]?.account.calls.length ?? 0);
    const changes = calls.filter((c) => c.method === 'createChangeSet');
    expect(changes.map((c) => [c.params['ChangeSetType'], c.ok])).toEqual([['UPDATE', true]]);
    expect(results[2]?.account.stacks[`sfn-ecs-${STAGE}`]?.StackStatus).toBe('UPDATE_COMPLETE');
  });

  it('turns the nightly schedule on in prod', () => {
    const template = results[1]?.account.stacks[`sfn-ecs-${STAGE}`]?.template;
    const nightly = Object.values(template?.Resources ?? {}).find((r) => r.Properties?.['Name'] === `sfn-ecs-${STAGE}-nightly-analytics`);
    expect(nightly?.Properties['State']).toBe('ENABLED');
  });

  it('README deploys with the same commands as docs/deploy.md', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Deploy to AWS'), readme.indexOf('\n## ', readme.indexOf('## Deploy to AWS') + 1));
    const shape = (c: string) => c.replace(/"?\$\w+"?|=\S+/g, 'X').replace(/\s+/g, ' ').replace(/--stage \S+ --region \S+/, '--stage X --region X');
    expect(serverlessCommands(section).map(shape)).toEqual(commands.filter((c) => c.includes(' deploy ')).map(shape));
  });
});

describe('the AWS stand-in refuses what CloudFormation refuses', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await projectCopy();
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the main deploy before the bootstrap stack fails: its deployment bucket does not exist', async () => {
    const state = join(dir, 'empty-account.json');
    const [, main] = commands();
    const result = await run(dir, state, main);
    expect(result.ok).toBe(false);
    expect(result.output).toContain(`Could not locate deployment bucket: "sfn-ecs-${STAGE}-deployments-${ACCOUNT}-${REGION}"`);
  }, COMMAND_TIMEOUT_MS);

  it('without an existing deployment bucket the first deploy fails as issue 13 describes', async () => {
    const state = join(dir, 'no-bucket.json');
    const yaml = await readFile(join(dir, 'serverless.yml'), 'utf8');
    await writeFile(join(dir, 'serverless.yml'), yaml.replace(/\n  deploymentBucket:\n    name: .*\n/, '\n'));
    const [, main] = commands();
    const result = await run(dir, state, main);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Parameters: \[Subnets, SecurityGroups, ImageUri, CpuArchitecture, Tracing\] do not exist in the template/);
    const calls = (await account(state)).calls.filter((c) => c.method === 'createChangeSet');
    expect(calls[0]?.params['TemplateBody']).toContain('ServerlessDeploymentBucket');
  }, COMMAND_TIMEOUT_MS);

  function commands() {
    return [
      'npx serverless deploy --config serverless.bootstrap.yml --stage "$STAGE" --region "$AWS_REGION"',
      'npx serverless deploy --stage "$STAGE" --region "$AWS_REGION" --param="subnets=subnet-0aaa,subnet-0bbb" --param="securityGroups=sg-0ccc" --param="imageUri=$REPO:$TAG"',
    ] as const;
  }
});
