/**
 * The API listener refuses requests a web page could make (DNS rebinding: a foreign Host; another
 * page: a foreign Origin or Sec-Fetch-Site cross-site) before any handler runs, and no API request
 * can make a task run another program than its image. Raw HTTP, as an attacker's page sends it.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';

const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113';
const CLUSTER = 'sfn-ecs-local';
let runtime: Runtime;
let dataDir: string;
let port: number;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-foreign-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, timeScale: 0.01 });
  port = Number(new URL(runtime.endpoint).port);
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One raw HTTP request to the API port with exactly these headers (Host included). */
function raw(method: string, headers: Record<string, string>, body = ''): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function runTaskBody(command: string[]): string {
  return JSON.stringify({
    cluster: CLUSTER,
    taskDefinition: runtime.project.taskDefinitions[0]!.taskDefinitionArn,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-local'] } },
    overrides: { containerOverrides: [{ name: 'worker', command }] },
  });
}

/** A command override that would write `file` if it reached `node` as its own arguments. */
const writeFileCommand = (file: string): string[] => ['-e', `require('fs').writeFileSync(${JSON.stringify(file)}, 'x')`];

function expectAccessDenied(answer: RawAnswer, reason: RegExp): void {
  expect(answer.status).toBe(403);
  expect(answer.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  const body = JSON.parse(answer.body) as { __type: string; message: string };
  expect(body.__type).toBe('AccessDeniedException');
  expect(body.message).toMatch(reason);
}

describe('a DNS-rebinding page (foreign Host) is refused before any handler runs', () => {
  it('StartExecution with Host attacker.example and text/plain: 403, no execution started', async () => {
    const name = `rebound-${randomUUID()}`;
    const answer = await raw(
      'POST',
      { host: `attacker.example:${port}`, 'content-type': 'text/plain', 'x-amz-target': 'AWSStepFunctions.StartExecution' },
      JSON.stringify({ stateMachineArn: runtime.stateMachineArn('sync'), name, input: '{"mode":"echo","input":{}}' }),
    );
    expectAccessDenied(answer, /Host 'attacker\.example:\d+' is not a loopback address/);
    const { executions } = await runtime.listExecutions({ stateMachineArn: runtime.stateMachineArn('sync') });
    expect(executions!.map((e) => e.name)).not.toContain(name);
  });

  it('RunTask with a command override: 403, no task, no file written', async () => {
    const file = join(dataDir, `pwned-${randomUUID()}`);
    const answer = await raw('POST', { host: `attacker.example:${port}`, 'content-type': 'text/plain', 'x-amz-target': `${ECS_TARGET}.RunTask` }, runTaskBody(writeFileCommand(file)));
    expectAccessDenied(answer, /not a loopback address/);
    const ecs = new ECSClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING' }));
    const { taskArns: stopped } = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'STOPPED' }));
    expect([...taskArns!, ...stopped!]).toEqual([]);
    expect(existsSync(file)).toBe(false);
    ecs.destroy();
  });

  it.each([
    ['a foreign Host without a port', { host: 'attacker.example' }],
    ['a loopback-looking subdomain', { host: `127.0.0.1.attacker.example:${port}` }],
    ['a LAN address', { host: `192.168.1.10:${port}` }],
  ])('refuses %s', async (_label, host) => {
    const answer = await raw('POST', { ...host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, '{}');
    expect(answer.status).toBe(403);
    expect(answer.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  });
});

describe('another page on a loopback Host is refused too', () => {
  const listMachines = { 'content-type': 'text/plain', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' };

  it('refuses a foreign Origin', async () => {
    expectAccessDenied(await raw('POST', { host: `127.0.0.1:${port}`, origin: 'https://attacker.example', ...listMachines }, '{}'), /Origin 'https:\/\/attacker\.example' is not a page of this local server/);
  });

  it('refuses Sec-Fetch-Site: cross-site', async () => {
    expectAccessDenied(await raw('POST', { host: `localhost:${port}`, 'sec-fetch-site': 'cross-site', ...listMachines }, '{}'), /Cross-site requests are refused/);
  });

  it('answers no CORS preflight permissively', async () => {
    const preflight = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-amz-target,content-type' };
    const foreign = await raw('OPTIONS', { host: `127.0.0.1:${port}`, origin: 'https://attacker.example', ...preflight });
    expectAccessDenied(foreign, /Origin/);
    // Even a same-host preflight gets no Access-Control-Allow-* header: no page is let in by CORS.
    const local = await raw('OPTIONS', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, ...preflight });
    expect(local.status).toBeGreaterThanOrEqual(400);
    expect(Object.keys(local.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('AWS clients on a loopback Host still work', () => {
  it.each(['127.0.0.1', 'localhost'])('the SDK through http://%s:<port>', async (hostname) => {
    const sfn = new SFNClient({ endpoint: `http://${hostname}:${port}`, region: runtime.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines!.map((m) => m.name)).toContain('sync');
    sfn.destroy();
  });

  it.each(['127.0.0.1', 'localhost'])('the AWS CLI through --endpoint-url http://%s:<port>', async (hostname) => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_DEFAULT_REGION: runtime.region, AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const { stdout } = await promisify(execFile)('aws', ['stepfunctions', 'list-state-machines', '--endpoint-url', `http://${hostname}:${port}`, '--output', 'json'], { env, timeout: 120_000 });
    expect((JSON.parse(stdout) as { stateMachines: { name: string }[] }).stateMachines.map((m) => m.name)).toContain('sync');
  }, 130_000);
});

describe('a command override cannot run another program than the image', () => {
  it('node flags in containerOverrides[].command reach the worker as its arguments: no file is written', async () => {
    const file = join(dataDir, `pwned-${randomUUID()}`);
    const answer = await raw('POST', { host: `127.0.0.1:${port}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${ECS_TARGET}.RunTask` }, runTaskBody(writeFileCommand(file)));
    expect(answer.status).toBe(200);
    const taskArn = (JSON.parse(answer.body) as { tasks: { taskArn: string }[] }).tasks[0]!.taskArn;
    const stopped = await runtime.ecs.waitForStopped(taskArn);
    expect(stopped.containers![0]!.exitCode).toBeDefined();
    expect(existsSync(file)).toBe(false);
  }, 60_000);

  it('refuses entryPoint, which is no RunTask override (SerializationException)', async () => {
    const body = JSON.parse(runTaskBody(['x'])) as { overrides: { containerOverrides: Record<string, unknown>[] } };
    body.overrides.containerOverrides[0]!.entryPoint = ['node', '-e', '1'];
    const answer = await raw('POST', { host: `127.0.0.1:${port}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${ECS_TARGET}.RunTask` }, JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ __type: 'SerializationException', message: expect.stringContaining("no member 'entryPoint'") });
  });
});
