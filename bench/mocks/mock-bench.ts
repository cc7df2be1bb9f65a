/**
 * 100 mocked executions with retries through the library API, time scaled: the project's `sync`
 * machine with its ECS task mocked to fail twice (ECS.ThrottlingException, retried with jittered
 * back-off) and then succeed, plus `mock-demo` (a mocked Lambda retried twice, caught, no worker).
 * Prints the wall time of the 100 executions (runtime start excluded) and of the runtime start.
 * Run: node bench/mocks/run.mjs [executions] [timeScale]
 */
import { availableParallelism, loadavg } from 'node:os';
import { startTestRuntime } from '../../local/src/index.js';

const executions = Number(process.argv[2] ?? 100);
const timeScale = Number(process.argv[3] ?? 0.0001);
const input = { mode: 'echo', input: { message: 'bench' } };

const started = performance.now();
const sfn = await startTestRuntime({ mockConfig: 'test/fixtures/mocks/MockConfigFile.json', timeScale, onWarning: () => undefined });
await sfn.register('test/fixtures/mocks/mock-demo.asl.json');
const startMs = performance.now() - started;
try {
  // Warm-up: compile expressions, open files.
  await Promise.all([sfn.run('sync', input, { testCase: 'RetryPath' }), sfn.run('mock-demo', {}, { testCase: 'CatchPath' })]);
  const t0 = performance.now();
  const runs = await Promise.all(
    Array.from({ length: executions }, (_, i) =>
      i % 2 === 0 ? sfn.run('sync', input, { testCase: 'RetryPath' }) : sfn.run('mock-demo', { order: i }, { testCase: 'CatchPath' }),
    ),
  );
  const elapsedMs = performance.now() - t0;
  const failedUnexpectedly = runs.filter((run, i) => run.status !== (i % 2 === 0 ? 'SUCCEEDED' : 'FAILED'));
  const retries = runs.reduce((n, run) => n + run.history.filter((e) => e.type === 'TaskFailed').length, 0);
  const events = runs.reduce((n, run) => n + run.history.length, 0);
  if (failedUnexpectedly.length > 0) throw new Error(`${failedUnexpectedly.length} executions ended unexpectedly`);
  console.log(
    JSON.stringify(
      {
        executions,
        timeScale,
        totalMs: Math.round(elapsedMs),
        msPerExecution: +(elapsedMs / executions).toFixed(2),
        taskFailuresRetriedOrCaught: retries,
        historyEvents: events,
        runtimeStartMs: Math.round(startMs),
        cores: availableParallelism(),
        load1: +loadavg()[0]!.toFixed(1),
        node: process.version,
      },
      null,
      2,
    ),
  );
} finally {
  await sfn.close();
}
