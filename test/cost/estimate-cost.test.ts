import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, billedTaskOf, describeCost, estimateCost, stateTransitions } from '../../local/src/cost/estimate-cost.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task/c/abc';
const US = DEFAULT_PRICES.regions['us-east-1'];
/** History payloads carry epoch milliseconds, DescribeTasks epoch seconds. */
const T0_MS = 1_796_000_000_000;
const T0_S = T0_MS / 1000;

function task(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { TaskArn: ARN, Cpu: '1024', Memory: '2048', PullStartedAt: T0_MS, StoppedAt: T0_MS + 90_500, LastStatus: 'STOPPED', ...overrides };
}

function history(...events: Partial<HistoryEvent>[]): HistoryEvent[] {
  return events.map((e, i) => ({ id: i + 1, timestamp: new Date(0), ...e }) as HistoryEvent);
}

describe('billedTaskOf', () => {
  it.each([
    ['rounds up to the next second', task(), 91],
    ['bills one minute at least', task({ StoppedAt: T0_MS + 5_000 }), 60],
    ['counts from the image pull, not the start', task({ StartedAt: T0_MS + 50_000 }), 91],
    ['falls back to the start when no pull time is known', task({ PullStartedAt: undefined, StartedAt: T0_MS }), 91],
  ])('%s', (_name, json, seconds) => {
    expect(billedTaskOf(json)?.billedSeconds).toBe(seconds);
  });

  it('reads DescribeTasks (camelCase, epoch seconds) the same as the history (PascalCase, epoch ms)', () => {
    const described = { taskArn: ARN, cpu: '1024', memory: '2048', pullStartedAt: T0_S, stoppedAt: T0_S + 90.5, capacityProviderName: 'FARGATE_SPOT', attributes: [{ name: 'ecs.cpu-architecture', value: 'arm64' }] };
    expect(billedTaskOf(described)).toEqual({ taskArn: ARN, vcpu: 1, memoryGb: 2, architecture: 'arm64', spot: true, billedSeconds: 91 });
  });

  it('leaves the duration unknown while the task runs', () => {
    expect(billedTaskOf(task({ StoppedAt: undefined }))?.billedSeconds).toBeUndefined();
  });
});

describe('estimateCost', () => {
  it('prices vCPU-seconds, GB-seconds and state transitions with the table', () => {
    const events = history(
      { type: 'TaskStateEntered' },
      { type: 'TaskScheduled' },
      { type: 'TaskSucceeded', taskSucceededEventDetails: { output: JSON.stringify(task()) } as never },
      { type: 'PassStateEntered' },
    );
    const estimate = estimateCost(events, { region: 'us-east-1' });
    const fargate = (91 * US.fargate.x86_64.onDemand.vcpuHour + 2 * 91 * US.fargate.x86_64.onDemand.gbHour) / 3600;
    expect(estimate).toMatchObject({ vcpuSeconds: 91, gbSeconds: 182, stateTransitions: 2, partial: false });
    expect(estimate.fargateCost).toBeCloseTo(fargate, 12);
    expect(estimate.total).toBeCloseTo(fargate + 2 * US.stepFunctionsStandardPerTransition, 12);
    expect(describeCost(estimate)).toMatch(/^≈ \$0\.\d+ estimate \(1 task: 91 vCPU-s, 182 GB-s; 2 state transitions; us-east-1 prices of \d{4}-\d\d-\d\d\)$/);
  });

  it('uses Spot and ARM prices for such tasks', () => {
    const spotArm = task({ CapacityProviderName: 'FARGATE_SPOT', Attributes: [{ Name: 'ecs.cpu-architecture', Value: 'arm64' }] });
    const estimate = estimateCost(history({ type: 'TaskSucceeded', taskSucceededEventDetails: { output: JSON.stringify(spotArm) } as never }), { region: 'us-east-1' });
    expect(estimate.fargateCost).toBeCloseTo((91 * US.fargate.arm64.spot.vcpuHour + 182 * US.fargate.arm64.spot.gbHour) / 3600, 12);
  });

  it('completes a callback task from DescribeTasks and says "so far" while one still runs', () => {
    const submitted = history({ type: 'TaskSubmitted', taskSubmittedEventDetails: { output: JSON.stringify({ Tasks: [task({ StoppedAt: undefined })] }) } as never });
    expect(estimateCost(submitted, { region: 'us-east-1' }).partial).toBe(true);
    const done = estimateCost(submitted, { region: 'us-east-1', described: [{ taskArn: ARN, cpu: '1024', memory: '2048', pullStartedAt: T0_S, stoppedAt: T0_S + 30 }] });
    expect(done).toMatchObject({ partial: false, vcpuSeconds: 60 });
  });

  it('counts every retry as a state transition (AWS bills retries)', () => {
    expect(stateTransitions(history({ type: 'TaskStateEntered' }, { type: 'TaskScheduled' }, { type: 'TaskFailed' }, { type: 'TaskScheduled' }, { type: 'TaskScheduled' }))).toBe(3);
  });

  it('uses us-east-1 prices for a region the table lacks, and says so', () => {
    expect(estimateCost([], { region: 'eu-west-3' })).toMatchObject({ region: 'eu-west-3', priceRegion: 'us-east-1', total: 0 });
  });
});
