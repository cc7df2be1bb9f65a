// `sfn-ecs redrive <execution>`: a fan-out (a Map of ecs:runTask.sync running the worker) fails on its
// stream item while the trade feed refuses connections; once the feed is up, redrive reruns only that
// item (a fresh ECS task) with the live view, and the echo items keep the outputs of their first run.
// (The project's fanout machine catches a failed item into a Fail state, from which a redrive would
// fail again, as AWS resumes at the unsuccessful state; so the fan-out here lets the task fail the item.)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { main } from '../../local/src/cli/main.js';
import type { Output } from '../../local/src/cli/output.js';
import { ensureWorkerBundle } from '../e2e/helpers.js';

let dataDir: string;
let closedPort: string;
let feed: WebSocketServer;
let feedUp = false;

beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-redrive-cli-'));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = String((server.address() as AddressInfo).port);
  await new Promise((resolve) => server.close(resolve));
  // While down, the feed refuses every WebSocket handshake; once up it sends one trade per connection.
  feed = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: () => feedUp });
  await new Promise<void>((resolve) => feed.once('listening', resolve));
  feed.on('connection', (socket) => socket.once('message', () => socket.send(JSON.stringify({ type: 'trade', symbol: 'BTC', price: 10, size: 1, time: Date.now() }))));
});
afterAll(async () => {
  await new Promise((resolve) => feed?.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output: Output = { out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
  const status = await main([...argv, '--data-dir', dataDir], output);
  return { status, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** One item: the worker in MODE with TASK_INPUT, on the project's cluster and task definition. */
const FAN_OUT = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.tasks',
      MaxConcurrency: 1,
      ItemProcessor: {
        StartAt: 'Run item',
        States: {
          'Run item': {
            Type: 'Task',
            Resource: 'arn:aws:states:::ecs:runTask.sync',
            Parameters: {
              Cluster: '${ClusterArn}',
              TaskDefinition: '${TaskDefinitionArn}',
              LaunchType: 'FARGATE',
              NetworkConfiguration: { AwsvpcConfiguration: { 'Subnets.$': "States.StringSplit('${Subnets}', ',')", AssignPublicIp: 'DISABLED' } },
              Overrides: {
                ContainerOverrides: [
                  {
                    Name: '${ContainerName}',
                    Environment: [
                      { Name: 'MODE', 'Value.$': '$.mode' },
                      { Name: 'TASK_INPUT', 'Value.$': 'States.JsonToString($.input)' },
                      { Name: 'ARTIFACT_BUCKET', Value: '${ArtifactBucket}' },
                      { Name: 'ARTIFACT_PREFIX', 'Value.$': "States.Format('redrive/{}/', $.mode)" },
                    ],
                  },
                ],
              },
            },
            ResultSelector: { 'taskArn.$': '$.TaskArn', 'exitCode.$': '$.Containers[0].ExitCode' },
            End: true,
          },
        },
      },
      End: true,
    },
  },
};

interface ItemResult {
  readonly exitCode: number;
  readonly taskArn: string;
}

it('redrive reruns only the failed fan-out item with the live view and exits 0 on SUCCEEDED', async () => {
  const url = `ws://127.0.0.1:${(feed.address() as AddressInfo).port}`;
  const echo = (message: string) => ({ mode: 'echo', input: { message, processingSeconds: 0 } });
  // One item at a time: the echo items have finished when the stream item fails.
  // The stream item's window must hold its connection when redriven however busy the machine is: 10 s
  // is ample (a quiet machine connects within 0.1 s). The window is also how long the first, failing
  // run tries (the feed refuses it throughout) and how long the redriven run lasts: a stream run always
  // lasts its window, by design, so no event can end it sooner.
  const input = { tasks: [echo('a'), echo('b'), { mode: 'stream', input: { url, symbols: ['BTC'], durationSeconds: 10 } }] };
  const machine = join(dataDir, 'fan-out.asl.json');
  await writeFile(machine, JSON.stringify(FAN_OUT));
  const first = await cli('run', machine, '--json', '--input', JSON.stringify(input));
  expect(first.status).toBe(1);
  const failed = JSON.parse(first.stdout) as { name: string; status: string; executionArn: string };
  expect(failed.status).toBe('FAILED');
  const before = JSON.parse((await cli('history', failed.name, '--json', '--local', '--port', closedPort)).stdout) as { events: { id: number; type: string }[] };
  const firstTasks = before.events.filter((e) => e.type === 'TaskScheduled');
  expect(firstTasks).toHaveLength(3);

  feedUp = true;
  const redriven = await cli('redrive', failed.name, '--local', '--port', closedPort);
  expect(redriven.status, redriven.stderr).toBe(0);
  expect(redriven.stderr).toContain(`sfn-ecs: redrove ${failed.executionArn}`);
  expect(redriven.stderr).toContain('▶ execution redriven (redrive 1)');
  expect(redriven.stderr).toMatch(/✔ SUCCEEDED in \d/);
  // The live view shows the redriven attempt only: the first run's states are not printed again.
  expect(redriven.stderr).not.toContain('▶ execution started');
  expect(redriven.stderr).not.toContain('Check input');
  const items = JSON.parse(redriven.stdout) as ItemResult[];
  expect(items.map((item) => item.exitCode)).toEqual([0, 0, 0]);

  const after = JSON.parse((await cli('history', failed.name, '--json', '--local', '--port', closedPort)).stdout) as { events: { id: number; type: string; taskSucceededEventDetails?: { output: string } }[] };
  const redriveAt = after.events.findIndex((e) => e.type === 'ExecutionRedriven');
  expect(redriveAt).toBe(before.events.length);
  const again = after.events.slice(redriveAt + 1);
  expect(again.filter((e) => e.type === 'TaskScheduled')).toHaveLength(1);
  // The echo items' outputs are those of their first (only) run; the stream item ran in a new task.
  const firstRunArns = after.events.slice(0, redriveAt).filter((e) => e.type === 'TaskSucceeded').map((e) => (JSON.parse(e.taskSucceededEventDetails!.output) as { TaskArn: string }).TaskArn);
  expect(items.slice(0, 2).map((item) => item.taskArn)).toEqual(firstRunArns);
  expect(firstRunArns).not.toContain(items[2]!.taskArn);
}, 300_000);
