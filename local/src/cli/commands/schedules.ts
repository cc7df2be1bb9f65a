/** `sfn-ecs schedules [--fire NAME]`: lists serverless.yml's schedules, or runs one now and waits for it. */
import { parseSchedule } from '../../runtime/schedule-expression.js';
import { fireSchedule } from '../../runtime/scheduler.js';
import { LiveView } from '../live-view.js';
import { openRuntime } from '../open-runtime.js';
import { defineCommand } from '../command-spec.js';
import { common, type Common } from '../shared-options.js';
import type { Output } from '../output.js';
import { UserError } from '../user-error.js';

interface SchedulesCommand extends Common {
  readonly name: 'schedules';
  readonly fire?: string;
}

async function schedulesCommand(command: SchedulesCommand, out: Output): Promise<number> {
  const runtime = await openRuntime(command);
  try {
    const schedules = runtime.project.schedules;
    if (command.fire === undefined) {
      if (schedules.length === 0) out.err('No schedules in serverless.yml.');
      for (const s of schedules) {
        let next = '';
        try {
          const at = parseSchedule(s.schedule).next(Date.now());
          next = at ? `next ${new Date(at).toISOString()}` : 'never';
        } catch (error) {
          next = `invalid: ${(error as Error).message}`;
        }
        out.out(`${s.name}\t${s.stateMachine}\t${s.schedule}\t${s.enabled ? 'enabled' : 'disabled'}\t${next}`);
      }
      return 0;
    }
    const schedule = schedules.find((s) => s.name === command.fire);
    if (!schedule) throw new UserError(`No schedule '${command.fire}'. Known: ${schedules.map((s) => s.name).join(', ') || 'none'}`, 1);
    const view = new LiveView();
    let arn: string | undefined;
    const pending: [Parameters<LiveView['format']>[0], string][] = [];
    runtime.onHistoryEvent((event, executionArn) => {
      if (arn === undefined) pending.push([event, executionArn]);
      else if (executionArn === arn) for (const line of view.format(event)) out.err(line);
    });
    arn = await fireSchedule(runtime, schedule);
    for (const [event, executionArn] of pending.splice(0)) if (executionArn === arn) for (const line of view.format(event)) out.err(line);
    const result = await runtime.waitForExecution(arn);
    out.out(JSON.stringify({ executionArn: arn, status: result.status, ...(result.output ? { output: JSON.parse(result.output) } : {}), ...(result.error ? { error: result.error, cause: result.cause } : {}) }, null, 2));
    return result.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

export const schedules = defineCommand({
  words: 'schedules',
  section: 'local',
  usage: '[--fire NAME]',
  summary: "list serverless.yml's schedules, or run one now",
  options: { fire: 'string', 'time-scale': 'string' },
  parse: (args): SchedulesCommand => {
    args.none();
    const fire = args.string('fire');
    return { name: 'schedules', ...(fire !== undefined ? { fire } : {}), ...common(args) };
  },
  run: (command, { out }) => schedulesCommand(command, out),
});
