/**
 * `task run` against ECS answers recorded in AWS's shapes (ref. 1.3, 4.3): a task that cannot pull its
 * image and RunTask `failures`. A recording server stands where AWS would be (AWS is the only mock).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli } from './cli-helpers.js';

const TASK = 'arn:aws:ecs:eu-west-1:111122223333:task/sfn-ecs-prod/0123456789abcdef0123456789abcdef';
const PULL_ERROR =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 111122223333.dkr.ecr.eu-west-1.amazonaws.com/sfn-ecs-prod-worker:missing: not found';
const FLAGS = ['--cluster', 'sfn-ecs-prod', '--task-definition', 'sfn-ecs-prod-worker', '--container', 'worker', '--subnets', 'subnet-a,subnet-b', '--security-groups', 'sg-1'];

let answers: Record<string, unknown> = {};
const calls: { target: string; body: Record<string, unknown> }[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      calls.push({ target, body: JSON.parse(text || '{}') as Record<string, unknown> });
      const answer = answers[target];
      const error = answer === undefined ? { __type: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' } : undefined;
      res.writeHead(error ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1', ...(error ? { 'x-amzn-errortype': error.__type } : {}) });
      res.end(JSON.stringify(error ?? answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterEach(() => {
  vi.unstubAllEnvs();
  calls.length = 0;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

function awsEnv(): void {
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  vi.stubEnv('AWS_PROFILE', undefined);
}

describe('task run against ECS failures', () => {
  it('an image that cannot be pulled: the stoppedReason shown as is, exit 1', async () => {
    awsEnv();
    answers = {
      'AmazonEC2ContainerServiceV20141113.RunTask': { tasks: [{ taskArn: TASK, lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING' }], failures: [] },
      'AmazonEC2ContainerServiceV20141113.DescribeTasks': {
        tasks: [
          {
            taskArn: TASK,
            lastStatus: 'STOPPED',
            desiredStatus: 'STOPPED',
            stopCode: 'TaskFailedToStart',
            stoppedReason: PULL_ERROR,
            taskDefinitionArn: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/sfn-ecs-prod-worker:3',
            containers: [{ name: 'worker', lastStatus: 'STOPPED', reason: PULL_ERROR }],
            createdAt: 1.7e9,
            stoppedAt: 1.7e9 + 20,
          },
        ],
        failures: [],
      },
      'AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition': {
        taskDefinition: { containerDefinitions: [{ name: 'worker', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/aws/ecs/sfn-ecs-prod/worker', 'awslogs-stream-prefix': 'worker' } } }] },
      },
    };
    const { status, stderr } = await cli('task', 'run', '--mode', 'echo', '--input', '{"message":"hi"}', '--cpu', '512', '--memory', '1024', '--spot', '--endpoint-url', url, ...FLAGS);
    expect(status).toBe(1);
    expect(stderr).toContain(`no exit code, stop code TaskFailedToStart, stopped reason: ${PULL_ERROR}`);
    expect(stderr).toContain(`The task did not run: ${PULL_ERROR}`);
    const run = calls.find((c) => c.target.endsWith('.RunTask'))!.body;
    expect(run).toMatchObject({
      cluster: 'sfn-ecs-prod',
      taskDefinition: 'sfn-ecs-prod-worker',
      startedBy: 'sfn-ecs-cli',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' } },
      overrides: { cpu: '512', memory: '1024', containerOverrides: [{ name: 'worker' }] },
    });
    expect(run).not.toHaveProperty('launchType');
    const env = Object.fromEntries(((run.overrides as { containerOverrides: { environment: { name: string; value: string }[] }[] }).containerOverrides[0]!.environment).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ MODE: 'echo', TASK_INPUT: '{"message":"hi"}', TASK_NAME: expect.stringMatching(/^cli-/), ARTIFACT_PREFIX: `runs/${env.TASK_NAME}/` });
  });

  it('RunTask failures (no Fargate capacity): each failure printed, exit 1', async () => {
    awsEnv();
    answers = {
      'AmazonEC2ContainerServiceV20141113.RunTask': {
        tasks: [],
        failures: [{ arn: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/sfn-ecs-prod-worker:3', reason: 'Capacity is unavailable at this time. Please try again later or in a different availability zone' }],
      },
    };
    const { status, stderr } = await cli('task', 'run', '--mode', 'echo', '--endpoint-url', url, ...FLAGS);
    expect(status).toBe(1);
    expect(stderr).toContain('RunTask failure: arn:aws:ecs:eu-west-1:111122223333:task-definition/sfn-ecs-prod-worker:3 Capacity is unavailable at this time.');
    expect(stderr).toContain('The task did not start.');
    expect(calls.map((c) => c.target)).toEqual(['AmazonEC2ContainerServiceV20141113.RunTask']);
  });

  it('--env values come below the workflow variables, as in the state machines', async () => {
    const { taskEnvironment } = await import('../../local/src/cli/commands/task.js');
    expect(taskEnvironment(['MODE=compute', 'LOG_LEVEL=debug', 'URL=a=b'], { MODE: 'echo', TASK_NAME: 't' })).toEqual([
      { name: 'MODE', value: 'echo' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'URL', value: 'a=b' },
      { name: 'TASK_NAME', value: 't' },
    ]);
  });
});
