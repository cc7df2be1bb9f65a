import { ListTasksRequest$ } from '@aws-sdk/client-ecs';
import { DescribeExecutionCommand, DescribeExecutionInput$, SFNClient, StartExecutionCommand, StartExecutionInput$ } from '@aws-sdk/client-sfn';
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineOperation, type JsonService } from '../../local/src/api/aws-json/operation-table.js';
import { MAX_BODY_BYTES } from '../../local/src/api/aws-json/dispatch.js';
import { startApiServer, type ApiServer } from '../../local/src/api/server.js';
import { ServiceError } from '../../local/src/errors/service-error.js';

// A small real service table: the protocol layer is what is under test here.
const service: JsonService = {
  targetPrefix: 'AWSStepFunctions',
  contentType: 'application/x-amz-json-1.0',
  operations: {
    StartExecution: defineOperation<{ stateMachineArn?: string; name?: string }, unknown>(['stateMachineArn'], async (input) => ({
      executionArn: `${input.stateMachineArn}:${input.name}`,
      startDate: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 250)),
    }), StartExecutionInput$),
    DescribeExecution: defineOperation<{ executionArn?: string }, unknown>(['executionArn'], async (input) => {
      if (input.executionArn === 'boom') throw new TypeError('a bug in a handler');
      throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${input.executionArn}'`);
    }, DescribeExecutionInput$),
  },
};
const ecs: JsonService = {
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  contentType: 'application/x-amz-json-1.1',
  operations: { ListTasks: defineOperation([], async () => ({ taskArns: ['arn:aws:ecs:us-east-1:123456789012:task/c/1'] }), ListTasksRequest$) },
};

let server: ApiServer;
const unexpected: unknown[] = [];

beforeAll(async () => {
  server = await startApiServer({ port: 0, services: [service, ecs], onUnexpectedError: (e) => unexpected.push(e) });
});
afterAll(() => server.close());

async function post(target: string | undefined, body: string, contentType = 'application/x-amz-json-1.0') {
  const response = await fetch(server.endpoint, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(target ? { 'x-amz-target': target } : {}) },
    body,
  });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: (await response.json()) as Record<string, unknown> };
}

describe('AWS JSON protocol', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('keeps an idle keep-alive connection open past Node\'s 5 s default, so a polling client does not reconnect', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const call = () =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ stateMachineArn: 'arn:sm', name: 'n' });
        const request = httpRequest(`${server.endpoint}/`, { method: 'POST', agent, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution' } }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        });
        request.on('socket', (socket) => sockets.add(socket));
        request.on('error', reject);
        request.end(body);
      });
    try {
      expect(await call()).toBe(200);
      // Idle longer than Node's default keepAliveTimeout (5 s), which would have closed the connection.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(await call()).toBe(200);
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('serves an unmodified SDK client and encodes dates as epoch seconds', async () => {
    const raw = await post('AWSStepFunctions.StartExecution', JSON.stringify({ stateMachineArn: 'arn:sm', name: 'n' }));
    expect(raw).toMatchObject({ status: 200, body: { executionArn: 'arn:sm:n', startDate: 1767323045.25 } });

    const client = new SFNClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const out = await client.send(new StartExecutionCommand({ stateMachineArn: 'arn:sm', name: 'n' }));
    expect(out.startDate).toEqual(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 250)));
    await expect(client.send(new DescribeExecutionCommand({ executionArn: 'arn:x' }))).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
      message: "Execution Does Not Exist: 'arn:x'",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('routes the ECS target prefix on the same port with the awsJson1_1 content type', async () => {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListTasks' },
      body: '{}',
    });
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({ taskArns: ['arn:aws:ecs:us-east-1:123456789012:task/c/1'] });
  });

  it.each([
    ['malformed JSON', 'AWSStepFunctions.StartExecution', '{"stateMachineArn": ', 'SerializationException'],
    ['a JSON array body', 'AWSStepFunctions.StartExecution', '[1,2]', 'SerializationException'],
    ['an unknown operation', 'AWSStepFunctions.DoSomethingElse', '{}', 'UnknownOperationException'],
    ['an inherited property name as operation', 'AWSStepFunctions.toString', '{}', 'UnknownOperationException'],
    ['an unknown service', 'AmazonSQS.SendMessage', '{}', 'UnknownOperationException'],
    ['no target header', undefined, '{}', 'UnknownOperationException'],
    ['a missing required member', 'AWSStepFunctions.StartExecution', '{"name":"x"}', 'ValidationException'],
  ])('answers %s with HTTP 400 %s', async (_case, target, body, type) => {
    const result = await post(target, body);
    expect(result.status).toBe(400);
    expect(result.errorType).toBe(type);
    expect(result.body.__type).toBe(type);
    expect(typeof result.body.message).toBe('string');
  });

  it('names the missing member as AWS does', async () => {
    const result = await post('AWSStepFunctions.StartExecution', '{}');
    expect(result.body.message).toBe(
      "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
    );
  });

  it('refuses an oversized body without reading it all', async () => {
    const result = await post('AWSStepFunctions.StartExecution', JSON.stringify({ stateMachineArn: 'x'.repeat(MAX_BODY_BYTES + 10) }));
    expect(result).toMatchObject({ status: 400, errorType: 'SerializationException' });
  });

  it('turns a handler bug into a 500 InternalFailure and keeps serving', async () => {
    const result = await post('AWSStepFunctions.DescribeExecution', '{"executionArn":"boom"}');
    expect(result).toMatchObject({ status: 500, errorType: 'InternalFailure' });
    expect(unexpected).toHaveLength(1);
    const after = await post('AWSStepFunctions.StartExecution', '{"stateMachineArn":"arn:sm","name":"ok"}');
    expect(after.status).toBe(200);
  });

  it('answers a GET with an AWS error rather than hanging', async () => {
    const response = await fetch(`${server.endpoint}/anything`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });
});
