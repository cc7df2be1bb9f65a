/**
 * Fires the project's EventBridge schedules (serverless.yml `schedule` events) against the runtime:
 * each fire starts an execution with the target's constant Input, or with the whole Scheduled Event
 * when there is none (BC-EV PutTargets).
 */
import { randomUUID } from 'node:crypto';
import type { StartExecutionInput, StartExecutionOutput } from '@aws-sdk/client-sfn';
import type { ProjectSchedule } from '../project/project-types.js';
import { parseSchedule } from './schedule-expression.js';

/** What firing a schedule needs of the runtime. */
export interface ScheduleTarget {
  readonly region: string;
  readonly accountId: string;
  startExecution(input: StartExecutionInput): Promise<StartExecutionOutput>;
  stateMachineArn(nameOrArn: string): string;
}

/** The execution input a schedule's target receives at `time`. */
export function scheduledInput(schedule: ProjectSchedule, identity: { region: string; accountId: string }, time: Date): string {
  if (schedule.input !== undefined) return typeof schedule.input === 'string' ? schedule.input : JSON.stringify(schedule.input);
  return JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: identity.accountId,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: identity.region,
    resources: [`arn:aws:events:${identity.region}:${identity.accountId}:rule/${schedule.name}`],
    detail: {},
  });
}

/** Starts one execution for the schedule now; returns its ARN. */
export async function fireSchedule(runtime: ScheduleTarget, schedule: ProjectSchedule, now = new Date()): Promise<string> {
  const out = await runtime.startExecution({
    stateMachineArn: runtime.stateMachineArn(schedule.stateMachine),
    input: scheduledInput(schedule, runtime, now),
  });
  return out.executionArn!;
}

/** Arms a timer per enabled schedule; the returned function disarms them all. */
export function startScheduler(
  runtime: ScheduleTarget,
  schedules: readonly ProjectSchedule[],
  onFire: (schedule: ProjectSchedule, result: { executionArn?: string; error?: Error }) => void,
): () => void {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  for (const schedule of schedules.filter((s) => s.enabled)) {
    const parsed = parseSchedule(schedule.schedule);
    const arm = (after: number): void => {
      const next = parsed.next(after);
      if (next === undefined || stopped) return;
      // setTimeout holds at most ~24.8 days; re-arm in steps for longer waits.
      const delay = Math.min(next - Date.now(), 2 ** 31 - 1);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (Date.now() < next) return arm(after);
        fireSchedule(runtime, schedule).then(
          (executionArn) => onFire(schedule, { executionArn }),
          (error: Error) => onFire(schedule, { error }),
        );
        arm(next);
      }, Math.max(0, delay));
      timers.add(timer);
    };
    arm(Date.now());
  }
  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
