/**
 * The project loader: what the local runtime reads from serverless.yml and statemachines/, resolved
 * to local values (see ../shared/DESIGN.md, "Local fixed identities").
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectError, fillPlaceholders, loadProject } from '../../local/src/project/index.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const temporaryDirs: string[] = [];

afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A throwaway project folder with the given serverless.yml and state machines. */
async function projectDir(serverlessYml: string, machines: Record<string, unknown> = { main: minimalMachine('${ClusterArn}') }) {
  const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-project-'));
  temporaryDirs.push(dir);
  await writeFile(join(dir, 'serverless.yml'), serverlessYml);
  await mkdir(join(dir, 'statemachines'));
  for (const [name, definition] of Object.entries(machines)) {
    await writeFile(join(dir, 'statemachines', `${name}.asl.json`), typeof definition === 'string' ? definition : JSON.stringify(definition));
  }
  return dir;
}

function minimalMachine(cluster: string) {
  return { StartAt: 'P', States: { P: { Type: 'Pass', Result: { cluster }, End: true } } };
}

const MINIMAL_YML = `
service: demo
provider:
  name: aws
  stage: \${opt:stage, 'dev'}
resources:
  Resources:
    TaskDefinition:
      Type: AWS::ECS::TaskDefinition
      Properties:
        Family: \${self:service}-\${sls:stage}-job
        Cpu: '256'
        Memory: '512'
        ContainerDefinitions:
          - Name: job
            Image: example/job:1
`;

describe('loadProject on this repository', () => {
  it('lists the state machines by file name with their text', async () => {
    const project = await loadProject(REPO_ROOT);
    expect(project.stateMachines.map((m) => m.name)).toEqual(['callback', 'fanout', 'sync']);
    expect(project.stateMachines[2]?.file).toBe(join(REPO_ROOT, 'statemachines', 'sync.asl.json'));
    expect(project.stateMachines[2]?.definitionText).toContain('arn:aws:states:::ecs:runTask.sync');
    expect(project.rootDir).toBe(REPO_ROOT);
    expect(project.accountId).toBe('123456789012');
  });

  it('binds every placeholder to its local value', async () => {
    const project = await loadProject(REPO_ROOT, { region: 'us-east-1' });
    expect(project.placeholders).toEqual({
      ClusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/sfn-ecs-local',
      TaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/sfn-ecs-local-worker:1',
      TaskDefinitionFamily: 'sfn-ecs-local-worker',
      ContainerName: 'worker',
      CpuArchitecture: 'X86_64',
      WorkerModes: 'echo,analytics,compute,stream',
      Subnets: 'subnet-local',
      SecurityGroups: 'sg-local',
      ArtifactBucket: 'sfn-ecs-artifacts',
    });
    expect(project.artifactBucket).toBe('sfn-ecs-artifacts');
    for (const machine of project.stateMachines) {
      expect(() => JSON.parse(fillPlaceholders(machine.definitionText, { ...project.placeholders })), machine.name).not.toThrow();
    }
  });

  it('reads the worker task definition with CloudFormation references resolved locally', async () => {
    const project = await loadProject(REPO_ROOT, { region: 'eu-west-1' });
    expect(project.taskDefinitions).toEqual([
      {
        family: 'sfn-ecs-local-worker',
        revision: 1,
        taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/sfn-ecs-local-worker:1',
        cpu: '1024',
        memory: '2048',
        containers: [
          {
            name: 'worker',
            image: 'sfn-ecs-worker:local',
            essential: true,
            environment: [
              { name: 'ARTIFACT_BUCKET', value: 'sfn-ecs-artifacts' },
              { name: 'HEARTBEAT_SECONDS', value: '20' },
            ],
            stopTimeoutSeconds: 30,
            logGroup: '/aws/ecs/sfn-ecs-local/worker',
            logStreamPrefix: 'worker',
          },
        ],
      },
    ]);
  });

  it('uses the region from the options, else AWS_REGION, in every ARN', async () => {
    const project = await loadProject(REPO_ROOT, { region: 'ap-south-1' });
    expect(project.region).toBe('ap-south-1');
    expect(project.placeholders['ClusterArn']).toBe('arn:aws:ecs:ap-south-1:123456789012:cluster/sfn-ecs-local');
    const previous = process.env['AWS_REGION'];
    process.env['AWS_REGION'] = 'eu-north-1';
    try {
      expect((await loadProject(REPO_ROOT)).region).toBe('eu-north-1');
    } finally {
      if (previous === undefined) delete process.env['AWS_REGION'];
      else process.env['AWS_REGION'] = previous;
    }
  });

  it('reads the schedules with their target machine and constant input', async () => {
    const project = await loadProject(REPO_ROOT);
    expect(project.schedules).toEqual([
      {
        name: 'sfn-ecs-local-nightly-analytics',
        stateMachine: 'sync',
        schedule: 'cron(0 2 * * ? *)',
        input: { mode: 'analytics', input: { synthetic: { rows: 100000, seed: 42, days: 30 } }, cpu: '1024', memory: '2048' },
        // On in prod only (params.prod.nightlySchedule); the local stage takes params.default.
        enabled: false,
      },
      expect.objectContaining({ name: 'sfn-ecs-local-weekly-compute', stateMachine: 'fanout', enabled: false }),
    ]);
  });
});

describe('fillPlaceholders', () => {
  it('replaces every occurrence of every placeholder', () => {
    expect(fillPlaceholders('${A}-${B}-${A}', { A: 'x', B: 'y' })).toBe('x-y-x');
  });

  it('throws an Error naming each unbound placeholder', () => {
    expect(() => fillPlaceholders('${A} ${Missing} ${Other} ${Missing}', { A: 'x' })).toThrow(/\$\{Missing\}, \$\{Other\}/);
    expect(() => fillPlaceholders('${Missing}', {})).toThrow(ProjectError);
  });

  it('leaves text without placeholders (JSONata, JSONPath) untouched', () => {
    const text = '{"Output": "{% $states.input %}", "Path.$": "$.a"}';
    expect(fillPlaceholders(text, {})).toBe(text);
  });
});

describe('loadProject on other projects', () => {
  it('resolves serverless variables, fallbacks, short-form intrinsics and merge keys', async () => {
    const dir = await projectDir(
      `
service: demo
params:
  default: { size: '512' }
provider:
  name: aws
  stage: \${opt:stage, 'dev'}
custom:
  prefix: \${self:service}-\${sls:stage}
  shared: &shared
    Essential: true
    StopTimeout: 5
stepFunctions:
  stateMachines:
    first:
      definition: \${file(./statemachines/main.asl.json)}
      events:
        - schedule: rate(1 hour)
        - schedule:
            rate: rate(5 minutes)
            input: '{"mode":"echo"}'
            enabled: false
resources:
  Parameters:
    Size: { Type: String, Default: '2048' }
  Resources:
    Bucket: { Type: AWS::S3::Bucket, Properties: { BucketName: !Sub '\${AWS::Region}-\${self:custom.prefix}-data' } }
    Logs: { Type: AWS::Logs::LogGroup, Properties: { LogGroupName: !Join ['/', ['', logs, '\${self:custom.prefix}']] } }
    TaskDefinition:
      Type: AWS::ECS::TaskDefinition
      Properties:
        Family: \${self:custom.prefix}-job
        Cpu: \${param:size}
        Memory: !Ref Size
        ContainerDefinitions:
          - <<: *shared
            Name: job
            Image: !Sub '\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/job:1'
            Environment:
              - { Name: BUCKET_ARN, Value: !GetAtt Bucket.Arn }
              - { Name: COUNT, Value: 3 }
            LogConfiguration:
              LogDriver: awslogs
              Options: { awslogs-group: !Ref Logs, awslogs-stream-prefix: job }
  extensions:
    FirstStateMachine:
      Properties:
        DefinitionSubstitutions:
          ClusterArn: !Sub 'arn:aws:ecs:\${AWS::Region}:\${AWS::AccountId}:cluster/\${self:custom.prefix}'
          Bucket: !Ref Bucket
`,
      { main: minimalMachine('${ClusterArn} ${Bucket}') },
    );
    const project = await loadProject(dir, { region: 'eu-west-1' });
    expect(project.placeholders).toMatchObject({
      ClusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/demo-local',
      Bucket: 'eu-west-1-demo-local-data',
      TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/demo-local-job:1',
      ContainerName: 'job',
    });
    expect(project.taskDefinitions[0]).toMatchObject({ family: 'demo-local-job', cpu: '512', memory: '2048' });
    expect(project.taskDefinitions[0]?.containers[0]).toEqual({
      name: 'job',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/job:1',
      essential: true,
      environment: [
        { name: 'BUCKET_ARN', value: 'arn:aws:s3:::eu-west-1-demo-local-data' },
        { name: 'COUNT', value: '3' },
      ],
      stopTimeoutSeconds: 5,
      logGroup: '/logs/demo-local',
      logStreamPrefix: 'job',
    });
    expect(project.schedules).toEqual([
      { name: 'first-schedule-1', stateMachine: 'main', schedule: 'rate(1 hour)', input: undefined, enabled: true },
      { name: 'first-schedule-2', stateMachine: 'main', schedule: 'rate(5 minutes)', input: { mode: 'echo' }, enabled: false },
    ]);
  });

  it('has built-in local values for the shared placeholders when serverless.yml binds none', async () => {
    const dir = await projectDir(MINIMAL_YML, { job: minimalMachine('${ClusterArn} ${Subnets} ${ContainerName}') });
    const project = await loadProject(dir);
    expect(project.placeholders).toMatchObject({
      ClusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/sfn-ecs-local',
      Subnets: 'subnet-local',
      SecurityGroups: 'sg-local',
      ArtifactBucket: 'sfn-ecs-artifacts',
      ContainerName: 'job',
      TaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/demo-local-job:1',
    });
    expect(project.taskDefinitions[0]?.containers[0]).toMatchObject({ essential: true, stopTimeoutSeconds: 30, environment: [] });
  });

  it.each([
    ['a state machine with an unbound placeholder', MINIMAL_YML, { job: minimalMachine('${Nope}') }, /job\.asl\.json: Unbound placeholder \$\{Nope\}/],
    ['a state machine that is not JSON', MINIMAL_YML, { job: '{ "StartAt": ' }, /job\.asl\.json is not valid JSON/],
    ['no state machines', MINIMAL_YML, {}, /has no \*\.asl\.json files/],
    ['a stopTimeout Fargate refuses', MINIMAL_YML.replace('Image: example/job:1', 'Image: example/job:1\n            StopTimeout: 300'), undefined, /StopTimeout must be an integer from 2 to 120/],
    ['a container without an image', MINIMAL_YML.replace('Image: example/job:1', 'Essential: true'), undefined, /container 0 Image is missing/],
    ['YAML that does not parse', 'service: [unclosed', undefined, /serverless\.yml is not valid YAML/],
    ['a Ref to nothing', MINIMAL_YML.replace("Cpu: '256'", 'Cpu: !Ref Nothing'), undefined, /Ref Nothing names no parameter or resource/],
    ['a serverless variable with no local value', MINIMAL_YML.replace("Cpu: '256'", 'Cpu: ${ssm:/cpu}'), undefined, /\$\{ssm:\/cpu\} has no value for the local stage "local"/],
    [
      'a schedule on a machine without a file',
      `${MINIMAL_YML}\nstepFunctions:\n  stateMachines:\n    ghost:\n      definition: \${file(./statemachines/ghost.asl.json)}\n      events: [{ schedule: rate(1 day) }]\n`,
      undefined,
      /targets ghost, which has no statemachines\/ghost\.asl\.json/,
    ],
  ])('rejects %s with a ProjectError that says what is wrong', async (_what, yml, machines, message) => {
    const dir = await projectDir(yml, machines as Record<string, unknown> | undefined);
    const error = await loadProject(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectError);
    expect((error as Error).message).toMatch(message);
  });

  it('names the missing file when there is no serverless.yml', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-project-'));
    temporaryDirs.push(dir);
    await mkdir(join(dir, 'statemachines'));
    await writeFile(join(dir, 'statemachines', 'a.asl.json'), JSON.stringify(minimalMachine('x')));
    await expect(loadProject(dir)).rejects.toThrow(`Cannot read ${join(dir, 'serverless.yml')}: ENOENT`);
  });
});
