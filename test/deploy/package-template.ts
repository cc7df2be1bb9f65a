/**
 * Runs `serverless package` offline on a copy of the project (serverless.yml, serverless.bootstrap.yml,
 * statemachines/) with dummy credentials and the AWS stand-in (aws-stand-in.cjs: the deployment bucket's
 * name has the account id, which serverless asks STS for) and returns the CloudFormation it produced.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const AWS_STAND_IN = join(REPO_ROOT, 'test', 'deploy', 'aws-stand-in.cjs');
const SERVERLESS_BIN = join(REPO_ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
/** Packaging takes ~10 s alone; the machine is shared. */
const PACKAGE_TIMEOUT_MS = 180_000;

/** Deploy-time values, as a user passes them with --param. */
export const TEST_PARAMS = {
  subnets: 'subnet-0a1b2c3d,subnet-4e5f6a7b',
  securityGroups: 'sg-0123abcd',
  imageUri: 'registry.example/sfn-ecs-worker:test',
};

export interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
  DependsOn?: string[];
  Condition?: string;
}

export interface CfnTemplate {
  Parameters: Record<string, { Type: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, { Value: unknown }>;
}

export interface PackagedProject {
  template: CfnTemplate;
  /** The serverless state (includes provider.stackParameters as resolved). */
  state: {
    service: {
      provider: { stackParameters?: { ParameterKey: string; ParameterValue: string }[]; deploymentBucket?: string; deploymentBucketObject?: Record<string, unknown> };
    };
  };
  /** The files serverless wrote to .serverless/. */
  files: string[];
  dir: string;
  cleanup(): Promise<void>;
}

/** The environment of a serverless command run here: dummy credentials, the AWS stand-in, no telemetry. */
export function serverlessEnv(home: string, standInState: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'dummy-secret',
    AWS_STAND_IN_STATE: standInState,
    NODE_OPTIONS: `--require ${AWS_STAND_IN}`,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    SLS_INTERACTIVE_SETUP_DISABLE: '1',
    CI: '1',
  };
}

/** A copy of what a deploy reads, with node_modules linked: serverless runs in it as in the repository. */
export async function projectCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-package-'));
  for (const file of ['serverless.yml', 'serverless.bootstrap.yml']) await cp(join(REPO_ROOT, file), join(dir, file));
  await cp(join(REPO_ROOT, 'statemachines'), join(dir, 'statemachines'), { recursive: true });
  await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** `serverless package` of serverless.yml, or of `config` (serverless.bootstrap.yml) with no params. */
export async function packageProject(stage = 'test', region = 'us-east-1', config?: string): Promise<PackagedProject> {
  const dir = await projectCopy();
  try {
    const args = [SERVERLESS_BIN, 'package', '--stage', stage, '--region', region];
    if (config) args.push('--config', config);
    else for (const [name, value] of Object.entries(TEST_PARAMS)) args.push(`--param=${name}=${value}`);
    await promisify(execFile)(process.execPath, args, {
      cwd: dir,
      timeout: PACKAGE_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      maxBuffer: 16 * 1024 * 1024,
      env: serverlessEnv(dir, join(dir, 'aws-stand-in.json')),
    });
    const read = async (file: string) => JSON.parse(await readFile(join(dir, '.serverless', file), 'utf8'));
    return {
      template: await read('cloudformation-template-update-stack.json'),
      state: await read('serverless-state.json'),
      files: await readdir(join(dir, '.serverless')),
      dir,
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Every IAM policy statement in the template, with where it is. */
export function policyStatements(template: CfnTemplate): { where: string; statement: Record<string, any> }[] {
  const found: { where: string; statement: Record<string, any> }[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const documents: [string, any][] = [];
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of resource.Properties['Policies'] ?? []) documents.push([`${id}/${policy.PolicyName}`, policy.PolicyDocument]);
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      documents.push([id, resource.Properties['PolicyDocument']]);
    }
    for (const [where, document] of documents) {
      for (const statement of [document?.Statement ?? []].flat()) found.push({ where, statement });
    }
  }
  return found;
}

export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
