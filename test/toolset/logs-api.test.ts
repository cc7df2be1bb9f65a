import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTaskDefinitionCommand, ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureWorkerBundle, eventually } from '../e2e/helpers.js';

const run = promisify(execFile);
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const GROUP = '/aws/ecs/sfn-ecs-local/worker';
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAWTbTOKENforTESTSonlyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX';

let runtime: Runtime;
let dataDir: string;
let logs: CloudWatchLogsClient;
let ecs: ECSClient;

/**
 * An image whose entrypoint is plain `node` (the runtime below is created with it): a command override
 * `['-e', script]` is its arguments, as on ECS. The project's own image, the worker, never runs such a script.
 */
const nodeImage = (): { executable: string; args: string[] } => ({ executable: process.execPath, args: [] });

/** Runs a container whose program is `script` (node -e); resolves when it stopped. */
async function runScript(script: string, extraEnv: { name: string; value: string }[] = []): Promise<{ taskArn: string; stream: string }> {
  const { tasks } = await ecs.send(
    new RunTaskCommand({
      cluster: 'sfn-ecs-local',
      taskDefinition: 'sfn-ecs-local-worker',
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-local'] } },
      overrides: { containerOverrides: [{ name: 'worker', command: ['-e', script], environment: extraEnv }] },
    }),
  );
  const taskArn = tasks![0]!.taskArn!;
  await runtime.ecs.waitForStopped(taskArn);
  return { taskArn, stream: `worker/worker/${taskArn.slice(taskArn.lastIndexOf('/') + 1)}` };
}

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-logs-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, resolveImage: nodeImage });
  const config = { endpoint: runtime.endpoint, region: runtime.region, credentials };
  logs = new CloudWatchLogsClient(config);
  ecs = new ECSClient(config);
});

afterAll(async () => {
  logs?.destroy();
  ecs?.destroy();
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('CloudWatch Logs API of the local runtime', () => {
  it("writes a task's output to the task definition's awslogs group, stream <prefix>/<container>/<task-id>", async () => {
    const { stream } = await runScript("console.log('to stdout'); console.error(JSON.stringify({level:'info',msg:'to stderr'}))");
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/ecs/' }));
    expect(logGroups?.map((g) => g.logGroupName)).toContain(GROUP);
    expect(logGroups?.find((g) => g.logGroupName === GROUP)?.arn).toBe(`arn:aws:logs:${runtime.region}:123456789012:log-group:${GROUP}:*`);
    const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, logStreamNamePrefix: stream }));
    expect(logStreams).toHaveLength(1);
    expect(logStreams![0]).toMatchObject({ logStreamName: stream, firstEventTimestamp: expect.any(Number), lastEventTimestamp: expect.any(Number) });
    const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true }));
    expect(events?.map((e) => e.message)).toEqual(['to stdout', '{"level":"info","msg":"to stderr"}']);
  });

  it('GetLogEvents pages forward with nextForwardToken and hands the same token back at the end', async () => {
    const { stream } = await runScript('for (let i = 0; i < 25; i++) console.log(`line ${i}`)');
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true, limit: 10, ...(token ? { nextToken: token } : {}) }));
      seen.push(...(result.events ?? []).map((e) => e.message!));
      if (result.nextForwardToken === token) break;
      token = result.nextForwardToken;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i}`));
    // Without startFromHead the newest events come first, and the backward token reads the older ones.
    const newest = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, limit: 10 }));
    expect(newest.events?.map((e) => e.message)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 15}`));
    const older = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, limit: 10, nextToken: newest.nextBackwardToken! }));
    expect(older.events?.[0]?.message).toBe('line 5');
  });

  it('FilterLogEvents interleaves streams, pages with nextToken (none on the last page) and applies a filter pattern', async () => {
    const a = await runScript("for (let i = 0; i < 6; i++) console.log(`alpha ${i} ${i % 2 ? 'odd' : 'even'}`)");
    const b = await runScript("for (let i = 0; i < 6; i++) console.log(`beta ${i} ${i % 2 ? 'odd' : 'even'}`)");
    const pages: number[] = [];
    const messages: string[] = [];
    for await (const page of paginateFilterLogEvents({ client: logs, pageSize: 4 }, { logGroupName: GROUP, logStreamNames: [a.stream, b.stream], limit: 4 })) {
      pages.push(page.events?.length ?? 0);
      messages.push(...(page.events ?? []).map((e) => e.message!));
    }
    expect(pages).toEqual([4, 4, 4]);
    expect(messages.slice(0, 6).every((m) => m.startsWith('alpha'))).toBe(true);
    expect(messages).toHaveLength(12);
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNames: [a.stream, b.stream], filterPattern: 'odd -beta' }));
    expect(filtered.events?.map((e) => e.message)).toEqual(['alpha 1 odd', 'alpha 3 odd', 'alpha 5 odd']);
    expect(filtered.nextToken).toBeUndefined();
  });

  it('never stores a live task token, even when a container prints it', async () => {
    const { stream } = await runScript("console.log('token is ' + process.env.TASK_TOKEN)", [{ name: 'TASK_TOKEN', value: TOKEN }]);
    const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true }));
    expect(events?.map((e) => e.message)).toEqual(['token is [redacted task token]']);
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: TOKEN.slice(0, 30) }));
    expect(all.events).toEqual([]);
  });

  it.each([
    [new GetLogEventsCommand({ logGroupName: '/no/such/group', logStreamName: 's' }), 'ResourceNotFoundException', 'The specified log group does not exist.'],
    [new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'no/such/stream' }), 'ResourceNotFoundException', 'The specified log stream does not exist.'],
    [new DescribeLogStreamsCommand({ logGroupName: GROUP, orderBy: 'LastEventTime', logStreamNamePrefix: 'w' }), 'InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.'],
    [new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '{ $.level = "error" }' }), 'InvalidParameterException', 'Invalid filter pattern'],
  ])('%# answers AWS errors by name', async (command, name, message) => {
    const error = await logs.send(command as GetLogEventsCommand).catch((e: Error) => e);
    expect(error).toMatchObject({ name });
    expect((error as Error).message).toContain(message);
  });

  it("ECS DescribeTaskDefinition shows the container's awslogs settings", async () => {
    const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'sfn-ecs-local-worker' }));
    expect(taskDefinition?.containerDefinitions?.[0]?.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': GROUP, 'awslogs-region': runtime.region, 'awslogs-stream-prefix': 'worker' },
    });
    await expect(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' }))).rejects.toMatchObject({ name: 'ClientException' });
  });

  it('`aws logs tail` (AWS CLI v2) prints a task\'s lines, and --follow shows lines written while it follows', async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: runtime.region, AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const { stream } = await runScript("console.log('tail me please')");
    const { stdout } = await run('/usr/bin/aws', ['logs', 'tail', GROUP, '--endpoint-url', runtime.endpoint, '--log-stream-names', stream, '--format', 'short'], { env, timeout: 60_000 });
    expect(stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d tail me please$/m);

    const follower = spawn('/usr/bin/aws', ['logs', 'tail', GROUP, '--follow', '--endpoint-url', runtime.endpoint, '--since', '1m'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let followed = '';
    follower.stdout.on('data', (chunk: Buffer) => (followed += chunk.toString()));
    try {
      await eventually(() => (followed.includes('tail me please') ? true : undefined), 30_000, 'the first lines');
      const later = await runScript("console.log('written while following')");
      await eventually(() => (followed.includes('written while following') ? true : undefined), 30_000, 'the follow poll');
      expect(followed).toContain(`${later.stream} written while following`);
    } finally {
      follower.kill('SIGINT');
    }
  });

  it('serves the logs of earlier runs after a restart on the same data folder', async () => {
    const { stream } = await runScript("console.log('survives a restart')");
    // One runtime per data folder: a second one is refused while the first runs.
    await expect(createRuntime({ rootDir: process.cwd(), dataDir, port: 0 })).rejects.toMatchObject({ name: 'DataFolderInUseError' });
    await runtime.close();
    runtime = await createRuntime({ rootDir: process.cwd(), dataDir, port: 0 });
    const client = new CloudWatchLogsClient({ endpoint: runtime.endpoint, region: runtime.region, credentials });
    try {
      const { events } = await client.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true }));
      expect(events?.map((e) => e.message)).toEqual(['survives a restart']);
    } finally {
      client.destroy();
    }
  });
});
