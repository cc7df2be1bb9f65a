/**
 * The service commands reach an endpoint only through the SDK's standard configuration: these tests
 * stand a recording HTTP server where AWS would be and check that what arrives there is what AWS would
 * get (the operation, SigV4 for the right service and region, the region and credentials of the
 * environment or profile), for --endpoint-url, AWS_ENDPOINT_URL_<SERVICE> and a profile's endpoint_url.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { chooseTarget } from '../../local/src/clients/client-target.js';
import { cli } from './cli-helpers.js';

interface Recorded {
  target: string;
  authorization: string;
  body: Record<string, unknown>;
}

type Answers = Record<string, unknown>;

/** An HTTP server that answers AWS JSON calls from a table keyed by X-Amz-Target and records them. */
async function recorder(answers: Answers): Promise<{ url: string; calls: Recorded[]; server: Server }> {
  const calls: Recorded[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const headers: IncomingHttpHeaders = req.headers;
      const target = String(headers['x-amz-target'] ?? '');
      calls.push({ target, authorization: String(headers.authorization ?? ''), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      const answer = answers[target];
      res.writeHead(answer ? 200 : 400, { 'content-type': String(headers['content-type'] ?? 'application/x-amz-json-1.0') });
      res.end(JSON.stringify(answer ?? { __type: 'UnknownOperationException', message: target }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, calls, server };
}

const MACHINE = 'arn:aws:states:eu-west-1:111122223333:stateMachine:sfn-ecs-prod-sync';
const TASK = 'arn:aws:ecs:eu-west-1:111122223333:task/sfn-ecs-prod/0123456789abcdef0123456789abcdef';
const sfnAnswers: Answers = {
  'AWSStepFunctions.ListStateMachines': {
    stateMachines: [
      { stateMachineArn: MACHINE, name: 'sfn-ecs-prod-sync', type: 'STANDARD', creationDate: 1.7e9 },
      { stateMachineArn: MACHINE.replace('sync', 'fanout'), name: 'sfn-ecs-prod-fanout', type: 'STANDARD', creationDate: 1.7e9 },
    ],
  },
  'AWSStepFunctions.ListExecutions': {
    executions: [{ executionArn: `${MACHINE.replace(':stateMachine:', ':execution:')}:nightly-1`, stateMachineArn: MACHINE, name: 'nightly-1', status: 'SUCCEEDED', startDate: 1.7e9, stopDate: 1.7e9 + 60 }],
  },
};
const ecsAnswers: Answers = {
  'AmazonEC2ContainerServiceV20141113.DescribeTasks': {
    tasks: [{ taskArn: TASK, lastStatus: 'STOPPED', taskDefinitionArn: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/sfn-ecs-prod-worker:7', containers: [{ name: 'worker', exitCode: 0 }] }],
    failures: [],
  },
  'AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition': {
    taskDefinition: {
      family: 'sfn-ecs-prod-worker',
      containerDefinitions: [{ name: 'worker', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/aws/ecs/sfn-ecs-prod/worker', 'awslogs-stream-prefix': 'worker' } } }],
    },
  },
};
const logsAnswers: Answers = {
  'Logs_20140328.GetLogEvents': { events: [{ timestamp: 1_700_000_000_000, message: 'hello from Fargate', ingestionTime: 1_700_000_000_100 }], nextForwardToken: 'f/1', nextBackwardToken: 'b/0' },
};

let sfn: Awaited<ReturnType<typeof recorder>>;
let ecs: Awaited<ReturnType<typeof recorder>>;
let logs: Awaited<ReturnType<typeof recorder>>;
let home: string;

beforeAll(async () => {
  [sfn, ecs, logs] = await Promise.all([recorder(sfnAnswers), recorder(ecsAnswers), recorder(logsAnswers)]);
  home = await mkdtemp(join(tmpdir(), 'sfn-ecs-aws-config-'));
});

afterEach(() => {
  vi.unstubAllEnvs();
  for (const r of [sfn, ecs, logs]) r.calls.length = 0;
});

afterAll(async () => {
  await Promise.all([sfn, ecs, logs].map((r) => new Promise((resolve) => r?.server.close(resolve))));
  await rm(home, { recursive: true, force: true });
});

/** An environment with nothing but what a test sets (no ~/.aws of this machine). */
function cleanAwsEnv(vars: Record<string, string>): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) vi.stubEnv(name, undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
  vi.stubEnv('AWS_CONFIG_FILE', join(home, 'none'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home, 'none'));
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
}

const signedFor = (call: Recorded | undefined, region: string, service: string, key = 'AKIDEXAMPLE'): void => {
  expect(call?.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${key}/\\d{8}/${region}/${service}/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$`));
};

describe('one client layer, any endpoint', () => {
  it('AWS_ENDPOINT_URL_SFN: calls go there signed as for AWS; serverless names resolve with ListStateMachines', async () => {
    cleanAwsEnv({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_ENDPOINT_URL_SFN: sfn.url });
    const { status, stdout, stderr } = await cli('executions', 'sync');
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toMatch(/^nightly-1\s+SUCCEEDED/);
    expect(sfn.calls.map((c) => c.target)).toEqual(['AWSStepFunctions.ListStateMachines', 'AWSStepFunctions.ListExecutions']);
    expect(sfn.calls[1]!.body).toMatchObject({ stateMachineArn: MACHINE });
    signedFor(sfn.calls[0], 'eu-west-1', 'states');
  });

  it('--endpoint-url wins over AWS_ENDPOINT_URL_SFN, and --region over AWS_REGION', async () => {
    cleanAwsEnv({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:9' });
    const { status } = await cli('executions', 'sfn-ecs-prod-sync', '--endpoint-url', sfn.url, '--region', 'us-west-2');
    expect(status).toBe(0);
    signedFor(sfn.calls[0], 'us-west-2', 'states');
  });

  it('AWS_ENDPOINT_URL_ECS and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: each service goes to its own endpoint', async () => {
    cleanAwsEnv({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_ENDPOINT_URL_ECS: ecs.url, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url });
    const { status, stdout } = await cli('logs', TASK);
    expect(status).toBe(0);
    expect(stdout).toBe(
      ['==> /aws/ecs/sfn-ecs-prod/worker worker/worker/0123456789abcdef0123456789abcdef <==', '2023-11-14T22:13:20.000Z hello from Fargate'].join('\n'),
    );
    expect(ecs.calls.map((c) => c.target)).toEqual(['AmazonEC2ContainerServiceV20141113.DescribeTasks', 'AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition']);
    expect(ecs.calls[0]!.body).toMatchObject({ cluster: 'sfn-ecs-prod', tasks: [TASK] });
    signedFor(ecs.calls[0], 'eu-west-1', 'ecs');
    expect(logs.calls[0]!.body).toMatchObject({ logGroupName: '/aws/ecs/sfn-ecs-prod/worker', logStreamName: 'worker/worker/0123456789abcdef0123456789abcdef', startFromHead: true });
    signedFor(logs.calls[0], 'eu-west-1', 'logs');
  });

  it("--profile: the profile's region, credentials and endpoint_url from the shared config files", async () => {
    cleanAwsEnv({});
    const config = join(home, 'config');
    const credentials = join(home, 'credentials');
    await writeFile(config, `[profile staging]\nregion = ap-southeast-2\nendpoint_url = ${sfn.url}\n`);
    await writeFile(credentials, '[staging]\naws_access_key_id = AKIDSTAGING\naws_secret_access_key = secret\n');
    vi.stubEnv('AWS_CONFIG_FILE', config);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentials);
    const { status, stderr } = await cli('executions', 'sync', '--profile', 'staging');
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    signedFor(sfn.calls[0], 'ap-southeast-2', 'states', 'AKIDSTAGING');
  });

  it('the target rule: --local; explicit AWS (flags, AWS_PROFILE, AWS_ENDPOINT_URL_*); a running serve; other AWS settings; else local', () => {
    const none = { HOME: home };
    expect(chooseTarget({ port: 8083 }, none)).toEqual({ useLocal: true, reason: 'no AWS configuration found (no AWS_* settings, no ~/.aws files)' });
    expect(chooseTarget({ port: 8083, local: true }, { ...none, AWS_REGION: 'eu-west-1' })).toEqual({ useLocal: true, reason: '--local' });
    for (const env of [{ AWS_PROFILE: 'x' }, { AWS_REGION: 'eu-west-1' }, { AWS_DEFAULT_REGION: 'eu-west-1' }, { AWS_ENDPOINT_URL_SFN: 'http://x' }, { AWS_ACCESS_KEY_ID: 'k' }]) {
      expect(chooseTarget({ port: 8083 }, { ...none, ...env })).toEqual({ useLocal: false, reason: `${Object.keys(env)[0]} is set` });
    }
    expect(chooseTarget({ port: 8083, region: 'eu-west-1' }, none)).toEqual({ useLocal: false, reason: '--region was given' });
    // Dummy credentials and a region (what the AWS CLI needs against serve) keep a running serve.
    const dummy = { ...none, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' };
    expect(chooseTarget({ port: 8083 }, dummy, true)).toEqual({ useLocal: true, reason: 'sfn-ecs serve answers on 127.0.0.1:8083' });
    expect(chooseTarget({ port: 8083 }, { ...dummy, AWS_PROFILE: 'prod' }, true)).toEqual({ useLocal: false, reason: 'AWS_PROFILE is set' });
  });

  it('AWS_DEFAULT_REGION is honoured as the AWS CLI does (AWS_REGION wins)', async () => {
    cleanAwsEnv({ AWS_DEFAULT_REGION: 'ca-central-1', AWS_ACCESS_KEY_ID: 'AKIDDEFAULT', AWS_SECRET_ACCESS_KEY: 's', AWS_ENDPOINT_URL_SFN: sfn.url });
    const { status, stderr } = await cli('executions', 'sync');
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    signedFor(sfn.calls.at(-1), 'ca-central-1', 'states', 'AKIDDEFAULT');
  });

  it('without credentials, AWS is not silently replaced by the local runtime: the error says what is missing', async () => {
    cleanAwsEnv({ AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SFN: sfn.url, AWS_EC2_METADATA_DISABLED: 'true' });
    const { status, stderr } = await cli('executions', 'sync');
    expect(status).toBe(1);
    expect(stderr).toContain('No AWS credentials found');
    expect(sfn.calls).toEqual([]);
  });
});
