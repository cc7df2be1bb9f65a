/**
 * `serverless package` runs offline and the CloudFormation it produces is what a careful team ships:
 * the ASL placeholders are bound, the definitions are the files we test, roles are least privilege,
 * the bucket is locked down, schedules start the right machine with the right input.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPlaceholders, fillPlaceholders, loadProject } from '../../local/src/project/index.js';
import type { Project } from '../../local/src/project/index.js';
import { REPO_ROOT, asList, packageProject, policyStatements } from './package-template.js';
import type { CfnResource, CfnTemplate, PackagedProject } from './package-template.js';

const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText: () => string;
};

const MACHINES = [
  { name: 'sync', logicalId: 'SyncStateMachine', role: 'SyncStateMachineRole' },
  { name: 'callback', logicalId: 'CallbackStateMachine', role: 'CallbackStateMachineRole' },
  { name: 'fanout', logicalId: 'FanoutStateMachine', role: 'FanoutStateMachineRole' },
] as const;

let packaged: PackagedProject;
let template: CfnTemplate;
let project: Project;

beforeAll(async () => {
  [packaged, project] = await Promise.all([packageProject(), loadProject(REPO_ROOT)]);
  template = packaged.template;
}, 240_000);

afterAll(async () => {
  await packaged?.cleanup();
});

function resource(id: string): CfnResource {
  const found = template.Resources[id];
  if (!found) throw new Error(`no resource ${id} in the packaged template`);
  return found;
}

function ofType(type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** The logical ids an intrinsic refers to (Ref, Fn::GetAtt, and ${X} / ${X.Attr} in Fn::Sub). */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (typeof record['Ref'] === 'string') return [record['Ref']];
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return [String(getAtt[0])];
  const sub = record['Fn::Sub'];
  if (sub !== undefined) {
    const [text, vars] = Array.isArray(sub) ? [String(sub[0]), sub[1] as Record<string, unknown>] : [String(sub), {}];
    const inText = [...text.matchAll(/\$\{([^!}][^}.]*)/g)].map((m) => m[1] as string).filter((n) => !(n in vars));
    return [...inText, ...references(Object.values(vars))];
  }
  return Object.values(record).flatMap(references);
}

describe('packaged state machines', () => {
  it.each(MACHINES)('$name: the packaged definition is statemachines/$name.asl.json unchanged', async ({ name, logicalId }) => {
    const definitionString = resource(logicalId).Properties['DefinitionString'];
    expect(typeof definitionString).toBe('string');
    const file = await readFile(join(REPO_ROOT, 'statemachines', `${name}.asl.json`), 'utf8');
    expect(JSON.parse(definitionString)).toEqual(JSON.parse(file));
  });

  it.each(MACHINES)('$name: every placeholder is bound to a resource or parameter of the stack', ({ logicalId }) => {
    const properties = resource(logicalId).Properties;
    const substitutions = properties['DefinitionSubstitutions'] as Record<string, unknown>;
    const used = findPlaceholders(properties['DefinitionString']);
    expect(used.sort()).toEqual([
      'ArtifactBucket',
      'ClusterArn',
      'ContainerName',
      'CpuArchitecture',
      'SecurityGroups',
      'Subnets',
      'TaskDefinitionFamily',
      'WorkerModes',
    ]);
    for (const name of used) {
      expect(substitutions, `\${${name}}`).toHaveProperty(name);
      const value = substitutions[name];
      if (typeof value === 'string') {
        expect(value, `\${${name}} is a plain string`).not.toMatch(/\$\{/);
        continue;
      }
      const refs = references(value);
      expect(refs.length, `\${${name}} refers to something`).toBeGreaterThan(0);
      for (const ref of refs) expect(ref in template.Resources || ref in template.Parameters, `${name} -> ${ref}`).toBe(true);
    }
  });

  it('binds the placeholders to the cluster, task definition family, parameters, bucket and worker modes', () => {
    const substitutions = resource('SyncStateMachine').Properties['DefinitionSubstitutions'];
    expect(substitutions).toEqual({
      ClusterArn: { 'Fn::GetAtt': ['Cluster', 'Arn'] },
      // The family (latest ACTIVE revision), never a revision ARN that a later deploy deregisters.
      TaskDefinitionFamily: resource('TaskDefinition').Properties['Family'],
      ContainerName: resource('TaskDefinition').Properties['ContainerDefinitions'][0].Name,
      CpuArchitecture: { Ref: 'CpuArchitecture' },
      WorkerModes: 'echo,analytics,compute,stream',
      Subnets: { 'Fn::Join': [',', { Ref: 'Subnets' }] },
      SecurityGroups: { 'Fn::Join': [',', { Ref: 'SecurityGroups' }] },
      ArtifactBucket: { Ref: 'ArtifactBucket' },
    });
    expect(resource('SyncStateMachine').DependsOn).toContain('TaskDefinition');
  });

  it.each(MACHINES)('$name: parses and passes asl-validator after substitution with local values', ({ logicalId }) => {
    const filled = fillPlaceholders(resource(logicalId).Properties['DefinitionString'], { ...project.placeholders });
    const result = aslValidator(JSON.parse(filled));
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  it.each(MACHINES)('$name: runs with a role of its own, logs to CloudWatch and can turn X-Ray on', ({ logicalId, role }) => {
    const properties = resource(logicalId).Properties;
    expect(properties['RoleArn']).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    expect(properties['LoggingConfiguration'].Destinations[0].CloudWatchLogsLogGroup.LogGroupArn).toEqual({
      'Fn::GetAtt': ['StateMachineLogGroup', 'Arn'],
    });
    expect(properties['TracingConfiguration']).toEqual({ Enabled: { 'Fn::If': ['TracingEnabled', true, false] } });
    expect(template.Conditions?.['TracingEnabled']).toEqual({ 'Fn::Equals': [{ Ref: 'Tracing' }, 'true'] });
  });

  it('generates no role of the plugin with its ECS and iam:PassRole on *: one role of ours per machine', () => {
    const roles = ofType('AWS::IAM::Role').map(([id]) => id);
    expect(roles.filter((id) => /StateMachineRole$|IamRole/.test(id)).sort()).toEqual(MACHINES.map((m) => m.role).sort());
  });

  it('grants X-Ray rights only when tracing is on', () => {
    for (const { role } of MACHINES) {
      const policies = resource(role).Properties['Policies'] as Record<string, any>[];
      const traces = policies.find((p) => p['Fn::If']);
      expect(traces?.['Fn::If'][0], role).toBe('TracingEnabled');
      expect(traces?.['Fn::If'][2], role).toEqual({ Ref: 'AWS::NoValue' });
      expect(JSON.stringify(policies.filter((p) => !p['Fn::If'])), role).not.toContain('xray:');
    }
  });
});

describe('least privilege', () => {
  const wildcard = (action: string, wanted: string) => {
    const pattern = new RegExp(`^${action.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
    return pattern.test(wanted);
  };

  /** '*', or an ARN ending in :* that is not a task definition family's revisions. */
  const isBroad = (resource: unknown): boolean => {
    const sub = (resource as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'];
    const text = typeof resource === 'string' ? resource : typeof sub === 'string' ? sub : JSON.stringify(resource);
    return text === '*' || (/(^|[:/])\*$/.test(text) && !/:task-definition\/[\w-]+:\*$/.test(text) && !/:task\/[\w-]+\/\*$/.test(text));
  };

  it.each(['ecs:RunTask', 'iam:PassRole'])('no statement allows %s on *', (action) => {
    const offending = policyStatements(template).filter(
      ({ statement }) =>
        statement['Effect'] === 'Allow' &&
        asList<string>(statement['Action']).some((a) => wildcard(a, action)) &&
        asList<unknown>(statement['Resource']).some(isBroad),
    );
    expect(offending.map((o) => o.where)).toEqual([]);
  });

  it('gives each machine only what its integration calls (callback: RunTask and PassRole; .sync also watches tasks)', () => {
    const actionsOf = (role: string) =>
      policyStatements(template)
        .filter(({ where }) => where.startsWith(`${role}/`))
        .flatMap(({ statement }) => asList<string>(statement['Action']))
        .filter((a) => !a.startsWith('logs:'))
        .sort();
    const sync = ['ecs:DescribeTasks', 'ecs:RunTask', 'ecs:StopTask', 'events:DescribeRule', 'events:PutRule', 'events:PutTargets', 'iam:PassRole'];
    expect(actionsOf('SyncStateMachineRole')).toEqual(sync);
    expect(actionsOf('FanoutStateMachineRole')).toEqual(sync);
    expect(actionsOf('CallbackStateMachineRole')).toEqual(['ecs:RunTask', 'iam:PassRole']);
  });

  it('runs only our task definition family, on our cluster', () => {
    const [run] = policyStatements(template).filter(({ statement }) => asList(statement['Action']).includes('ecs:RunTask'));
    expect(run?.statement['Resource']).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/sfn-ecs-test-worker:*',
    });
    expect(resource('TaskDefinition').Properties['Family']).toBe('sfn-ecs-test-worker');
    expect(run?.statement['Condition']).toEqual({ ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': ['Cluster', 'Arn'] } } });
  });

  it('stops and describes tasks only on our cluster', () => {
    const [watch] = policyStatements(template).filter(({ statement }) => asList(statement['Action']).includes('ecs:StopTask'));
    expect(asList(watch?.statement['Action']).sort()).toEqual(['ecs:DescribeTasks', 'ecs:StopTask']);
    expect(watch?.statement['Resource']).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:task/${resource('Cluster').Properties['ClusterName']}/*`,
    });
  });

  it('passes only our two task roles, only to ECS tasks', () => {
    const passes = policyStatements(template).filter(({ statement }) => asList(statement['Action']).includes('iam:PassRole'));
    expect(passes).toHaveLength(MACHINES.length);
    expect(passes[0]?.statement['Resource']).toEqual([{ 'Fn::GetAtt': ['TaskRole', 'Arn'] }, { 'Fn::GetAtt': ['TaskExecutionRole', 'Arn'] }]);
    expect(passes[0]?.statement['Condition']).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
  });

  it('lets Step Functions manage only the ECS task event rule', () => {
    const [events] = policyStatements(template).filter(({ statement }) => asList(statement['Action']).includes('events:PutRule'));
    expect(asList(events?.statement['Action']).sort()).toEqual(['events:DescribeRule', 'events:PutRule', 'events:PutTargets']);
    expect(events?.statement['Resource']).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule',
    });
  });

  it('lets the worker write only under runs/ of the artifact bucket and report callbacks', () => {
    const task = policyStatements(template).filter(({ where }) => where.startsWith('TaskRole/'));
    const writes = task.filter(({ statement }) => asList(statement['Action']).includes('s3:PutObject'));
    expect(writes.map(({ statement }) => statement['Resource'])).toEqual([{ 'Fn::Sub': '${ArtifactBucket.Arn}/runs/*' }]);
    const states = task.flatMap(({ statement }) => asList<string>(statement['Action']).filter((a) => a.startsWith('states:')));
    expect(states.sort()).toEqual(['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess']);
    const all = task.flatMap(({ statement }) => asList<string>(statement['Action']));
    expect(all.every((a) => a.startsWith('s3:') || a.startsWith('states:SendTask'))).toBe(true);
  });

  it('lets the execution role pull only our repository and write only our log group', () => {
    const execution = policyStatements(template).filter(({ where }) => where.startsWith('TaskExecutionRole/'));
    const pull = execution.find(({ statement }) => asList(statement['Action']).includes('ecr:BatchGetImage'));
    // The repository lives in the bootstrap stack (serverless.bootstrap.yml), created before the image is pushed.
    expect(pull?.statement['Resource']).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/sfn-ecs-test-worker',
    });
    const logs = execution.find(({ statement }) => asList(statement['Action']).includes('logs:PutLogEvents'));
    expect(logs?.statement['Resource']).toEqual({ 'Fn::Sub': '${WorkerLogGroup.Arn}' });
  });
});

describe('artifact bucket', () => {
  it('is encrypted, blocks public access and expires run artifacts', () => {
    const properties = resource('ArtifactBucket').Properties;
    expect(properties['BucketEncryption'].ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(properties['PublicAccessBlockConfiguration']).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const rules = properties['LifecycleConfiguration'].Rules as Record<string, unknown>[];
    expect(rules).toContainEqual(expect.objectContaining({ Prefix: 'runs/', Status: 'Enabled', ExpirationInDays: { Ref: 'ArtifactRetentionDays' } }));
  });

  it('has a policy that denies every request without TLS', () => {
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties['Bucket']?.Ref === 'ArtifactBucket')?.[1];
    expect(policy?.Properties['PolicyDocument'].Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: [{ 'Fn::GetAtt': ['ArtifactBucket', 'Arn'] }, { 'Fn::Sub': '${ArtifactBucket.Arn}/*' }],
      }),
    );
  });
});

describe('schedules', () => {
  it('each schedule targets the machine and input the local runtime reads from serverless.yml', () => {
    const rules = ofType('AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules).toHaveLength(project.schedules.length);
    const byMachine = Object.fromEntries(MACHINES.map((m) => [m.name, m.logicalId]));
    for (const schedule of project.schedules) {
      const localName = schedule.name.replace('sfn-ecs-local-', 'sfn-ecs-test-');
      const rule = rules.find((r) => r['Name'] === localName);
      expect(rule, schedule.name).toBeDefined();
      expect(rule?.['ScheduleExpression']).toBe(schedule.schedule);
      expect(rule?.['State']).toBe(schedule.enabled ? 'ENABLED' : 'DISABLED');
      expect(rule?.['Targets']).toHaveLength(1);
      expect(rule?.['Targets'][0].Arn).toEqual({ Ref: byMachine[schedule.stateMachine] });
      expect(JSON.parse(rule?.['Targets'][0].Input)).toEqual(schedule.input);
    }
  });

  it('runs the nightly analytics on the sync machine with a constant input, off outside prod', () => {
    const nightly = ofType('AWS::Events::Rule').find(([, r]) => r.Properties['Name'] === 'sfn-ecs-test-nightly-analytics')?.[1];
    expect(nightly?.Properties['ScheduleExpression']).toBe('cron(0 2 * * ? *)');
    expect(nightly?.Properties['State']).toBe('DISABLED');
    expect(nightly?.Properties['Targets'][0].Arn).toEqual({ Ref: 'SyncStateMachine' });
    expect(JSON.parse(nightly?.Properties['Targets'][0].Input)).toMatchObject({ mode: 'analytics', input: { synthetic: { rows: 100000 } } });
  });

  it('starts executions with a role only EventBridge of this account can assume, allowed only StartExecution', () => {
    for (const [, rule] of ofType('AWS::Events::Rule')) expect(rule.Properties['Targets'][0].RoleArn).toEqual({ 'Fn::GetAtt': ['ScheduleRole', 'Arn'] });
    const trust = resource('ScheduleRole').Properties['AssumeRolePolicyDocument'].Statement[0];
    expect(trust).toMatchObject({ Principal: { Service: 'events.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } });
    const actions = policyStatements(template)
      .filter(({ where }) => where.startsWith('ScheduleRole/'))
      .flatMap(({ statement }) => asList(statement['Action']));
    expect(actions).toEqual(['states:StartExecution']);
  });
});

describe('deployment bucket', () => {
  it('is an existing bucket, so serverless writes no create-stack template and creates the stack from the full one', () => {
    // Without provider.deploymentBucket, serverless v3 first creates the stack from a template holding
    // only its bucket, sending provider.stackParameters with it: CloudFormation rejects them.
    expect(packaged.files).toContain('cloudformation-template-update-stack.json');
    expect(packaged.files).not.toContain('cloudformation-template-create-stack.json');
    expect(packaged.state.service.provider.deploymentBucket).toBe('sfn-ecs-test-deployments-123456789012-us-east-1');
    expect(Object.keys(template.Resources)).not.toContain('ServerlessDeploymentBucket');
    const sent = (packaged.state.service.provider.stackParameters ?? []).map((p) => p.ParameterKey);
    for (const key of sent) expect(template.Parameters, key).toHaveProperty(key);
  });
});

describe('worker task definition', () => {
  const container = () => resource('TaskDefinition').Properties['ContainerDefinitions'][0];

  it('runs on Fargate in awsvpc mode with the chosen CPU architecture', () => {
    const properties = resource('TaskDefinition').Properties;
    expect(properties['RequiresCompatibilities']).toEqual(['FARGATE']);
    expect(properties['NetworkMode']).toBe('awsvpc');
    expect(properties['RuntimePlatform']).toEqual({ CpuArchitecture: { Ref: 'CpuArchitecture' }, OperatingSystemFamily: 'LINUX' });
    expect(properties['TaskRoleArn']).toEqual({ 'Fn::GetAtt': ['TaskRole', 'Arn'] });
    expect(properties['ExecutionRoleArn']).toEqual({ 'Fn::GetAtt': ['TaskExecutionRole', 'Arn'] });
  });

  it('runs the container as non-root with a read-only root and a /tmp the user can write', async () => {
    const c = container();
    expect(c.User).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(c.ReadonlyRootFilesystem).toBe(true);
    expect(c.MountPoints).toEqual([{ SourceVolume: 'tmp', ContainerPath: '/tmp', ReadOnly: false }]);
    expect(resource('TaskDefinition').Properties['Volumes']).toEqual([{ Name: 'tmp' }]);
    // A bind mount starts root-owned 0755; ECS copies the image's /tmp (1777) into it only when the
    // image declares VOLUME at the same path (ECS DG "Bind mounts").
    const dockerfile = await readFile(join(REPO_ROOT, 'Dockerfile'), 'utf8');
    const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtimeStage).toMatch(/^VOLUME \["\/tmp"\]$/m);
  });

  it('has the expected environment, image parameter, stop timeout and logs', () => {
    const c = container();
    expect(c.Image).toEqual({ Ref: 'ImageUri' });
    expect(c.Environment).toEqual([
      { Name: 'ARTIFACT_BUCKET', Value: { Ref: 'ArtifactBucket' } },
      { Name: 'HEARTBEAT_SECONDS', Value: '20' },
    ]);
    expect(c.StopTimeout).toBe(30);
    expect(c.LogConfiguration).toEqual({
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': { Ref: 'WorkerLogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'worker' },
    });
    expect(resource('WorkerLogGroup').Properties['RetentionInDays']).toEqual({ Ref: 'LogRetentionDays' });
  });

  it('agrees with the task definition the local runtime loads', () => {
    const [local] = project.taskDefinitions;
    const c = container();
    expect(local?.containers.map((x) => x.name)).toEqual([c.Name]);
    expect(local?.containers[0]?.stopTimeoutSeconds).toBe(c.StopTimeout);
    expect(local?.containers[0]?.environment.map((e) => e.name)).toEqual(c.Environment.map((e: { Name: string }) => e.Name));
  });
});

describe('the rest of the stack', () => {
  it('has a cluster with FARGATE and FARGATE_SPOT', () => {
    expect(resource('ClusterCapacityProviders').Properties['CapacityProviders']).toEqual(['FARGATE', 'FARGATE_SPOT']);
  });

  it('takes subnets, security groups, image and architecture as parameters, with no account values in the file', async () => {
    expect(template.Parameters['Subnets']?.Type).toBe('List<AWS::EC2::Subnet::Id>');
    expect(template.Parameters['SecurityGroups']?.Type).toBe('List<AWS::EC2::SecurityGroup::Id>');
    expect(template.Parameters['ImageUri']?.Type).toBe('String');
    expect(template.Parameters['CpuArchitecture']).toMatchObject({ Default: 'X86_64' });
    const yaml = await readFile(join(REPO_ROOT, 'serverless.yml'), 'utf8');
    expect(yaml.replace(/#.*$/gm, '')).not.toMatch(/\b\d{12}\b/);
    const stackParameters = packaged.state.service.provider.stackParameters ?? [];
    expect(Object.fromEntries(stackParameters.map((p) => [p.ParameterKey, p.ParameterValue]))).toMatchObject({
      Subnets: 'subnet-0a1b2c3d,subnet-4e5f6a7b',
      SecurityGroups: 'sg-0123abcd',
      ImageUri: 'registry.example/sfn-ecs-worker:test',
    });
  });

  it('outputs the state machine ARNs, bucket, cluster and task definition', () => {
    expect(template.Outputs).toMatchObject({
      SyncStateMachineArn: { Value: { Ref: 'SyncStateMachine' } },
      CallbackStateMachineArn: { Value: { Ref: 'CallbackStateMachine' } },
      FanoutStateMachineArn: { Value: { Ref: 'FanoutStateMachine' } },
      ArtifactBucketName: { Value: { Ref: 'ArtifactBucket' } },
      ClusterArn: { Value: { 'Fn::GetAtt': ['Cluster', 'Arn'] } },
      TaskDefinitionArn: { Value: { Ref: 'TaskDefinition' } },
    });
  });
});
