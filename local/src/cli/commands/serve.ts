/**
 * `sfn-ecs serve`: the Step Functions and ECS APIs (and the embedded S3) on 127.0.0.1 until Ctrl-C;
 * with --schedules, serverless.yml's schedules fire on their rate/cron.
 */
import { startScheduler } from '../../runtime/scheduler.js';
import { consoleUrl } from '../console-url.js';
import { openRuntime } from '../open-runtime.js';
import type { Command } from '../parse-command.js';
import type { Output } from '../output.js';

type ServeCommand = Extract<Command, { name: 'serve' }>;

export async function serveCommand(command: ServeCommand, out: Output, stop: AbortSignal): Promise<number> {
  const runtime = await openRuntime(command);
  let stopScheduler = (): void => undefined;
  try {
    out.err(`sfn-ecs serving on ${runtime.endpoint} (Step Functions awsJson1_0; ECS and CloudWatch Logs awsJson1_1)`);
    out.err(`  console:    ${consoleUrl(runtime.endpoint)}`);
    out.err(`  S3:         ${runtime.s3Endpoint} (path style; bucket ${runtime.artifactBucket}; any access key)`);
    out.err(`  data:       ${runtime.dataDir}`);
    const machines = (await runtime.listStateMachines({})).stateMachines ?? [];
    for (const machine of machines) out.err(`  machine:    ${machine.stateMachineArn}`);
    out.err(`  try:        aws stepfunctions list-state-machines --endpoint-url ${runtime.endpoint}`);
    const groups = [...new Set(runtime.project.taskDefinitions.flatMap((d) => d.containers.flatMap((c) => (c.logGroup ? [c.logGroup] : []))))];
    for (const group of groups) out.err(`              aws logs tail ${group} --follow --endpoint-url ${runtime.endpoint}`);
    out.err(`              sfn-ecs task run --mode echo --input '{"message":"hi"}' --local --port ${new URL(runtime.endpoint).port}`);
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
    await runtime.close();
  }
}
