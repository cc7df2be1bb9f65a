/**
 * Where `sfn-ecs task run` launches: cluster, task definition, container, subnets, security groups and
 * artifact bucket. Flags win; the rest comes from the deployed stack itself, read from a deployed state
 * machine's definition (DescribeStateMachine), where serverless.yml's DefinitionSubstitutions (or the
 * local runtime) put the stack's values in place of `${ClusterArn}`, `${Subnets}`, ... This needs no
 * CloudFormation client and reads the same on AWS and locally; nothing is hard-coded.
 */
import { DescribeStateMachineCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { findStateMachineArn } from './find-state-machine.js';

export interface TaskSettings {
  readonly cluster: string;
  readonly taskDefinition: string;
  readonly containerName: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly artifactBucket?: string;
}

export interface TaskSettingFlags {
  readonly cluster?: string;
  readonly taskDefinition?: string;
  readonly container?: string;
  readonly subnets?: string;
  readonly securityGroups?: string;
  /** The deployed machine whose definition holds the stack's values (default `sync`). */
  readonly machine: string;
  readonly stage?: string;
}

type Found = { -readonly [K in keyof TaskSettings]?: TaskSettings[K] };

const QUOTE = `["']`;
const value = (key: string): RegExp => new RegExp(`${QUOTE}${key}${QUOTE}\\s*:\\s*${QUOTE}([^"'$]+)${QUOTE}`);
/** `'Subnets': [$filter($split('a,b', ',')...` (JSONata), `"Subnets.$": "States.StringSplit('a,b', ',')"` or a list. */
const list = (key: string): RegExp =>
  new RegExp(`${QUOTE}${key}(?:\\.\\$)?${QUOTE}\\s*:\\s*(?:\\[\\s*\\$filter\\(\\$split\\('([^']*)'|"States\\.StringSplit\\('([^']*)'|\\[([^\\]$]*)\\])`);

const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean);

/** The stack values a state machine definition carries (what it could find). */
export function settingsFromDefinition(definition: string): Found {
  const found: Found = {};
  const cluster = value('Cluster').exec(definition)?.[1];
  const taskDefinition = value('TaskDefinition').exec(definition)?.[1];
  const container = /ContainerOverrides["']\s*:\s*\[\s*\{\s*["']Name["']\s*:\s*["']([^"'$]+)["']/.exec(definition)?.[1];
  const bucket = value('ARTIFACT_BUCKET').exec(definition)?.[1];
  const subnets = list('Subnets').exec(definition);
  const groups = list('SecurityGroups').exec(definition);
  if (cluster) found.cluster = cluster;
  if (taskDefinition) found.taskDefinition = taskDefinition;
  if (container) found.containerName = container;
  if (bucket) found.artifactBucket = bucket;
  if (subnets) found.subnets = splitList(subnets[1] ?? subnets[2] ?? subnets[3] ?? '');
  if (groups) found.securityGroups = splitList(groups[1] ?? groups[2] ?? groups[3] ?? '');
  return found;
}

export class TaskSettingsError extends Error {
  override readonly name = 'TaskSettingsError';
}

export async function resolveTaskSettings(sfn: SFNClient, flags: TaskSettingFlags): Promise<TaskSettings> {
  const fromFlags: Found = {
    ...(flags.cluster ? { cluster: flags.cluster } : {}),
    ...(flags.taskDefinition ? { taskDefinition: flags.taskDefinition } : {}),
    ...(flags.container ? { containerName: flags.container } : {}),
    ...(flags.subnets !== undefined ? { subnets: splitList(flags.subnets) } : {}),
    ...(flags.securityGroups !== undefined ? { securityGroups: splitList(flags.securityGroups) } : {}),
  };
  let fromStack: Found = {};
  const complete = fromFlags.cluster && fromFlags.taskDefinition && fromFlags.containerName && fromFlags.subnets && fromFlags.securityGroups;
  let source = 'flags';
  if (!complete) {
    const arn = await findStateMachineArn(sfn, flags.machine, flags.stage);
    const { definition } = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    fromStack = settingsFromDefinition(definition ?? '');
    source = `the definition of ${arn}`;
  }
  const merged = { ...fromStack, ...fromFlags };
  const missing = (
    [
      ['cluster', '--cluster'],
      ['taskDefinition', '--task-definition'],
      ['containerName', '--container'],
      ['subnets', '--subnets'],
    ] as const
  ).filter(([key]) => merged[key] === undefined);
  if (missing.length > 0) {
    throw new TaskSettingsError(`Cannot tell the ${missing.map(([k]) => k).join(', ')} from ${source}; pass ${missing.map(([, f]) => f).join(', ')}.`);
  }
  return {
    cluster: merged.cluster!,
    taskDefinition: merged.taskDefinition!,
    containerName: merged.containerName!,
    subnets: merged.subnets!,
    securityGroups: merged.securityGroups ?? [],
    ...(merged.artifactBucket ? { artifactBucket: merged.artifactBucket } : {}),
  };
}
