import { describe, expect, it } from 'vitest';
import { RunStartPacer } from '../../local/src/runtime/run-start-pacer.js';

/** A run that records when it started; `started` resolves then. */
function waitingRun(log: string[], name: string): { start?: () => void; started: Promise<void> } {
  let resolve!: () => void;
  const started = new Promise<void>((done) => (resolve = done));
  const run: { start?: () => void; started: Promise<void> } = {
    started,
    start: () => {
      run.start = undefined;
      log.push(name);
      resolve();
    },
  };
  return run;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RunStartPacer: when recorded runs take their first steps', () => {
  it('starts runs in order, one per turn of the event loop, never in the call that enqueued them', async () => {
    const pacer = new RunStartPacer();
    const log: string[] = [];
    const runs = ['a', 'b', 'c'].map((name) => waitingRun(log, name));
    for (const run of runs) pacer.enqueue(run);
    expect(log).toEqual([]);
    await turn();
    expect(log).toEqual(['a']);
    await Promise.all(runs.map((run) => run.started));
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('holds starts while a call is being answered, and starts them once it is', async () => {
    const pacer = new RunStartPacer(60_000);
    const log: string[] = [];
    const run = waitingRun(log, 'run');
    let answer!: () => void;
    const answered = pacer.answering(async () => {
      pacer.enqueue(run);
      await new Promise<void>((resolve) => (answer = resolve));
      log.push('answered');
    });
    for (let i = 0; i < 5; i++) await turn();
    expect(log).toEqual([]);
    answer();
    await answered;
    await run.started;
    expect(log).toEqual(['answered', 'run']);
  });

  it('starts a held run anyway after the longest hold, while calls are still being answered', async () => {
    const pacer = new RunStartPacer(50);
    const log: string[] = [];
    const run = waitingRun(log, 'run');
    // The call is answered only once the run it launched has started: without the cap it never is.
    await pacer.answering(async () => {
      pacer.enqueue(run);
      await run.started;
    });
    expect(log).toEqual(['run']);
  });

  it('skips runs that were started early (a request needed them) without spending a turn on them', async () => {
    const pacer = new RunStartPacer();
    const log: string[] = [];
    const early = waitingRun(log, 'early');
    const next = waitingRun(log, 'next');
    pacer.enqueue(early);
    pacer.enqueue(next);
    early.start!();
    await turn();
    expect(log).toEqual(['early', 'next']);
  });
});
