/**
 * `sfn-ecs serve`: the Step Functions and ECS APIs (and the embedded S3) on 127.0.0.1 until Ctrl-C;
 * with --schedules, serverless.yml's schedules fire on their rate/cron.
 */
import { startScheduler } from '../../runtime/scheduler.js';
import { consoleUrl } from '../console-url.js';
import { openRuntime } from '../open-runtime.js';
import { announceServe, mockConfigFile } from '../running-serve.js';
import { defineCommand } from '../command-spec.js';
import { common, DEFAULT_PORT, MOCK_HELP, port, type Common } from '../shared-options.js';
import type { Output } from '../output.js';
import { sfnEcs } from '../invocation.js';

interface ServeCommand extends Common {
  readonly name: 'serve';
  readonly port: number;
  readonly schedules: boolean;
  readonly mockConfig?: string;
}

async function serveCommand(command: ServeCommand, out: Output, stop: AbortSignal): Promise<number> {
  const runtime = await openRuntime(command);
  let stopScheduler = (): void => undefined;
  let withdraw = async (): Promise<void> => undefined;
  try {
    // Other commands on this data folder find this serve and work through it (running-serve.ts).
    withdraw = await announceServe(runtime, { ...(mockConfigFile(command) ? { mockConfig: mockConfigFile(command) } : {}), ...(command.timeScale !== undefined ? { timeScale: command.timeScale } : {}) });
    out.err(`sfn-ecs serving on ${runtime.endpoint} (Step Functions awsJson1_0; ECS and CloudWatch Logs awsJson1_1)`);
    out.err(`  console:    ${consoleUrl(runtime.endpoint)}`);
    out.err(`  S3:         ${runtime.s3Endpoint} (path style; bucket ${runtime.artifactBucket}; any access key)`);
    out.err(`  data:       ${runtime.dataDir}`);
    const machines = (await runtime.listStateMachines({})).stateMachines ?? [];
    for (const machine of machines) out.err(`  machine:    ${machine.stateMachineArn}`);
    // The AWS CLI needs a region and credentials even here: any values work (nothing is checked).
    out.err(`  try:        export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=${runtime.region}`);
    out.err(`              aws stepfunctions list-state-machines --endpoint-url ${runtime.endpoint}`);
    const groups = [...new Set(runtime.project.taskDefinitions.flatMap((d) => d.containers.flatMap((c) => (c.logGroup ? [c.logGroup] : []))))];
    for (const group of groups) out.err(`              aws logs tail ${group} --follow --endpoint-url ${runtime.endpoint}`);
    out.err(`              ${sfnEcs()} task run --mode echo --input '{"message":"hi"}' --local --port ${new URL(runtime.endpoint).port}`);
    if (command.schedules) {
      const enabled = runtime.project.schedules.filter((s) => s.enabled);
      stopScheduler = startScheduler(runtime, enabled, (schedule, result) => {
        if (result.error) out.err(`schedule ${schedule.name}: could not start ${schedule.stateMachine}: ${result.error.message}`);
        else out.err(`schedule ${schedule.name}: started ${result.executionArn}`);
      });
      out.err(`  schedules:  ${enabled.map((s) => `${s.name} ${s.schedule}`).join(', ') || 'none enabled'}`);
    }
    runtime.onHistoryEvent((event, arn) => {
      if (event.type.startsWith('Execution')) out.err(`${event.type.replace('Execution', '').toLowerCase().padEnd(9)} ${arn}`);
    });
    await new Promise<void>((resolve) => {
      if (stop.aborted) return resolve();
      stop.addEventListener('abort', () => resolve(), { once: true });
    });
    out.err('shutting down…');
    return 0;
  } finally {
    stopScheduler();
    await withdraw();
    await runtime.close();
  }
}

export const serve = defineCommand({
  words: 'serve',
  section: 'local',
  usage: `[--port ${DEFAULT_PORT}] [--schedules] [--mock-config FILE]`,
  summary: `serve the Step Functions, ECS and CloudWatch Logs APIs (and S3) on 127.0.0.1,
and the web console at http://127.0.0.1:<port>/`,
  notes: [MOCK_HELP],
  options: { port: 'string', schedules: 'boolean', 'time-scale': 'string', 'mock-config': 'string' },
  parse: (args): ServeCommand => {
    args.none();
    const mockConfig = args.string('mock-config');
    return { name: 'serve', port: port(args.string('port')), schedules: args.boolean('schedules'), ...(mockConfig !== undefined ? { mockConfig } : {}), ...common(args) };
  },
  run: (command, { out, shutdown }) => serveCommand(command, out, shutdown()),
});
