/**
 * The live view `run`, `start --wait` and `watch` print: lines from real histories (the engine running
 * real executions: Map items, nested Maps, Parallel branches, a failing item aborting its sibling, an
 * item retrying), and the status line under them (live-status.ts).
 */
import { describe, expect, it } from 'vitest';
import { LiveView } from '../../local/src/cli/live-view.js';
import { LiveStatus } from '../../local/src/cli/live-status.js';
import { runExecution } from '../../local/src/engine/run-execution.js';
import type { HistoryEvent } from '../../local/src/engine/types.js';
import { asWritten, CONTEXT, createHarness, ECHO, HANG, manualClock, run, settle } from '../engine/helpers.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 4, 0, s));
const task = (id: string, exit: number) => JSON.stringify({ TaskArn: `arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/${id}`, StopCode: 'EssentialContainerExited', Containers: [{ ExitCode: exit }] });

function render(events: Record<string, unknown>[]): string[] {
  const view = new LiveView();
  return events.flatMap((e, i) => view.format({ ...e, timestamp: at(i) } as unknown as HistoryEvent));
}

/** The view of a whole history, with durations as `T` (they depend on the machine). */
function viewOf(events: readonly HistoryEvent[]): string[] {
  const view = new LiveView();
  return events.flatMap((event) => view.format(event)).map((line) => line.replace(/\d+\.\d+s|\d+m\d\ds/g, 'T'));
}

const mapOf = (name: string, extra: Record<string, unknown>, states: Record<string, unknown>, startAt: string) => ({
  Type: 'Map',
  ItemProcessor: { StartAt: startAt, States: states },
  ...extra,
});

describe('live view lines', () => {
  it('shows states with durations, task exits, a Task retry, and the end', () => {
    const lines = render([
      { id: 1, previousEventId: 0, type: 'ExecutionStarted', executionStartedEventDetails: {} },
      { id: 2, previousEventId: 0, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Run' } },
      { id: 3, previousEventId: 2, type: 'TaskScheduled', taskScheduledEventDetails: {} },
      { id: 4, previousEventId: 3, type: 'TaskSubmitted', taskSubmittedEventDetails: { resourceType: 'ecs', resource: 'runTask.sync', output: JSON.stringify({ Tasks: [{ TaskArn: 'arn:aws:ecs:us-east-1:123456789012:task/sfn-ecs-local/aaaaaaaa11' }] }) } },
      { id: 5, previousEventId: 4, type: 'TaskFailed', taskFailedEventDetails: { error: 'States.TaskFailed', cause: task('aaaaaaaa11', 1) } },
      { id: 6, previousEventId: 5, type: 'TaskScheduled', taskScheduledEventDetails: {} },
      { id: 7, previousEventId: 6, type: 'TaskSucceeded', taskSucceededEventDetails: { output: task('bbbbbbbb22', 0) } },
      { id: 8, previousEventId: 7, type: 'TaskStateExited', stateExitedEventDetails: { name: 'Run' } },
      { id: 9, previousEventId: 8, type: 'ExecutionSucceeded', executionSucceededEventDetails: {} },
    ]);
    expect(lines).toEqual([
      '▶ execution started',
      '  → Run (Task)',
      '    ▷ task aaaaaaaa started (ecs:runTask.sync)',
      '    ✖ task aaaaaaaa stopped: exit 1  1.00s  States.TaskFailed',
      '    ↻ retry 1 of Run',
      '    ■ task bbbbbbbb stopped: exit 0',
      '  ← Run  6.00s',
      '✔ SUCCEEDED in 8.00s',
    ]);
  });

  it('labels Map items [item N] and nested ones [item 1 › item 0]; the Map line closes with its duration and n/N done', async () => {
    const inner = mapOf('Inner', { ItemsPath: '$', MaxConcurrency: 1, End: true }, { Item: { Type: 'Pass', End: true } }, 'Item');
    const definition = { StartAt: 'Outer', States: { Outer: mapOf('Outer', { ItemsPath: '$.groups', MaxConcurrency: 1, End: true }, { Inner: inner }, 'Inner') } };
    const { events, outcome } = await run(definition, { groups: [['a', 'b'], ['c']] });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(viewOf(events)).toEqual([
      '▶ execution started',
      '  → Outer (Map)',
      '    ⇉ 2 items',
      '    ⇉ item 0 started',
      '  [item 0] → Inner (Map)',
      '  [item 0]   ⇉ 2 items',
      '  [item 0]   ⇉ item 0 started',
      '  [item 0 › item 0] → Item (Pass)',
      '  [item 0 › item 0] ← Item  T',
      '  [item 0]   ✔ item 0 done  T · 1/2 done',
      '  [item 0]   ⇉ item 1 started',
      '  [item 0 › item 1] → Item (Pass)',
      '  [item 0 › item 1] ← Item  T',
      '  [item 0]   ✔ item 1 done  T · 2/2 done',
      '  [item 0] ← Inner  T · 2/2 done',
      '    ✔ item 0 done  T · 1/2 done',
      '    ⇉ item 1 started',
      '  [item 1] → Inner (Map)',
      '  [item 1]   ⇉ 1 item',
      '  [item 1]   ⇉ item 0 started',
      '  [item 1 › item 0] → Item (Pass)',
      '  [item 1 › item 0] ← Item  T',
      '  [item 1]   ✔ item 0 done  T · 1/1 done',
      '  [item 1] ← Inner  T · 1/1 done',
      '    ✔ item 1 done  T · 2/2 done',
      '  ← Outer  T · 2/2 done',
      '✔ SUCCEEDED in T',
    ]);
  });

  it('a failing item: counted as failed, its running sibling aborted under its own label, the Map failing with its duration', async () => {
    const clock = manualClock();
    const harness = createHarness();
    // Item 1 fails only once item 0's task runs, so the abort always finds it running.
    harness.onHang = () => void clock.advance(1000);
    const processor = {
      Which: { Type: 'Choice', Choices: [{ Variable: '$.hang', BooleanEquals: true, Next: 'Hang' }], Default: 'Pause' },
      Hang: { Type: 'Task', Resource: HANG, End: true },
      Pause: { Type: 'Wait', Seconds: 1, Next: 'Boom' },
      Boom: { Type: 'Task', Resource: ECHO, Parameters: { fail: { error: 'Worker.Failed', cause: 'no' } }, End: true },
    };
    const definition = { StartAt: 'M', States: { M: mapOf('M', { ItemsPath: '$.items', End: true }, processor, 'Which') } };
    const { events, outcome } = await run(definition, { items: [{ hang: true }, { hang: false }] }, { harness, clock });
    expect(outcome.status).toBe('FAILED');
    const lines = viewOf(events);
    expect(lines.filter((line) => /aborted|failed|FAILED/.test(line))).toEqual([
      '  [item 1]   ✖ task failed: Worker.Failed (no)',
      '    ✖ item 1 failed  T · 1/2 done (1 failed)',
      '  [item 0] ✖ Hang aborted',
      '    ✖ item 0 aborted  T · 2/2 done (1 failed, 1 aborted)',
      '  ✖ M failed  T · 2/2 done (1 failed, 1 aborted)',
      '✖ FAILED in T: Worker.Failed',
    ]);
  });

  it('counts items still retrying while their siblings finish', async () => {
    const clock = manualClock();
    const processor = {
      Which: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 0, Next: 'Flaky' }], Default: 'Slow' },
      Flaky: { Type: 'Task', Resource: ECHO, Parameters: { key: 'flaky', fail: { times: 1 } }, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 10 }], End: true },
      Slow: { Type: 'Wait', Seconds: 5, End: true },
    };
    const definition = { StartAt: 'M', States: { M: mapOf('M', { ItemsPath: '$', End: true }, processor, 'Which') } };
    const running = run(definition, [0, 1], { clock });
    await clock.advance(5_000); // item 1 ends while item 0 waits to retry
    await clock.advance(10_000);
    const { events, outcome } = await running;
    expect(outcome.status).toBe('SUCCEEDED');
    const lines = viewOf(events);
    expect(lines).toContain('    ✔ item 1 done  T · 1/2 done (1 retrying)');
    expect(lines).toContain('  [item 0]   ↻ retry 1 of Flaky');
    expect(lines).toContain('    ✔ item 0 done  T · 2/2 done');
  });

  it('labels Parallel branches [branch N] in the order they start', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
          ],
        },
      },
    };
    const { events } = await run(definition, {});
    const lines = viewOf(events);
    expect(lines).toEqual(['▶ execution started', '  → P (Parallel)', '  [branch 0] → A (Pass)', '  [branch 1] → B (Pass)', '  [branch 0] ← A  T', '  [branch 1] ← B  T', '  ← P  T', '✔ SUCCEEDED in T']);
  });
});

describe('status line', () => {
  /** A real execution whose one task runs until the test stops it, shown through a LiveStatus. */
  function hangingExecution(output: { lines: string[]; written: string[] }, options: { isTTY: boolean; env?: NodeJS.ProcessEnv }) {
    const harness = createHarness();
    const taskRuns = new Promise<void>((resolve) => (harness.onHang = () => resolve()));
    const stop = new AbortController();
    const view = new LiveView();
    const live = new LiveStatus(
      view,
      { out: () => undefined, err: (line) => output.lines.push(line), terminal: { isTTY: options.isTTY, columns: 120, write: (text) => output.written.push(text) } },
      { refreshMs: 20, plainEveryMs: 20, env: options.env ?? {} },
    );
    const definition = asWritten({ StartAt: 'Crunch', States: { Crunch: { Type: 'Task', Resource: HANG, End: true } } });
    const outcome = runExecution({ definition, input: {}, context: CONTEXT, integrations: harness.integrations, taskTokens: harness.taskTokens, signal: stop.signal, onEvent: (event) => live.event(event), timeScale: 0.001 });
    return { live, taskRuns, stop: () => stop.abort(), outcome };
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let turn = 0; !condition(); turn++) {
      if (turn > 6000) throw new Error('timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 10));
      await settle();
    }
  }

  it('off a terminal: plain lines only, and a "still running" line naming the state and its elapsed time', async () => {
    const output = { lines: [] as string[], written: [] as string[] };
    const execution = hangingExecution(output, { isTTY: false });
    await execution.taskRuns;
    await until(() => output.lines.some((line) => line.startsWith('still running: ')));
    execution.stop();
    await execution.outcome;
    await execution.live.finish();
    expect(output.written).toEqual([]);
    expect(output.lines.find((line) => line.startsWith('still running: '))).toMatch(/^still running: Crunch [\d.]+s$/);
    expect(output.lines.join('\n')).not.toContain('\x1b');
  });

  it('on a terminal: one status line rewritten in place under the lines, in colour unless NO_COLOR', async () => {
    for (const env of [{}, { NO_COLOR: '1' }]) {
      const output = { lines: [] as string[], written: [] as string[] };
      const execution = hangingExecution(output, { isTTY: true, env });
      await execution.taskRuns;
      await until(() => output.written.filter((text) => text.startsWith('\r\x1b[2K') && text.includes('Crunch')).length >= 3);
      execution.stop();
      await execution.outcome;
      await execution.live.finish();
      const all = output.written.join('');
      expect(output.lines).toEqual([]);
      expect(all).toMatch(/\r\x1b\[2K(\x1b\[2m)?… Crunch [\d.]+s/);
      // The last status line was cleared and replaced by the end's lines: nothing is left half-drawn.
      expect(all.endsWith('\n')).toBe(true);
      expect(all.lastIndexOf('… Crunch')).toBeLessThan(all.lastIndexOf('\r\x1b[2K'));
      if ('NO_COLOR' in env) expect(all).not.toMatch(/\x1b\[(2|3\d)m/);
      else expect(all).toContain('\x1b[36m▶ execution started\x1b[39m');
    }
  });
});
