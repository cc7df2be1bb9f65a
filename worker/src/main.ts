import { ArtifactStore } from './artifacts.js';
import { CallbackClosedError, TaskCallback, callbackOutput } from './callback.js';
import { EXIT_CODES, TerminatedError, WORKER_ERRORS, WorkerError, exitCodeFor, toWorkerError } from './errors.js';
import { parseModeInput, readEnvironment, readTaskIdentity } from './input.js';
import { createLogger } from './log.js';
import { MODES } from './modes/index.js';
import { describeAwsError } from './s3.js';

/** Seconds allowed for the final SendTaskFailure after SIGTERM, well inside ECS's default 30 s stopTimeout. */
const REPORT_TIMEOUT_MS = 10_000;

/** The worker: environment -> mode -> artifacts + result line (+ callback) -> exit code. */
async function main(): Promise<number> {
  const startedAt = new Date();
  const { taskToken, taskName } = readTaskIdentity(process.env, startedAt.getTime());
  const secrets = taskToken ? [taskToken] : [];
  const log = createLogger(taskName, secrets);
  const callback = taskToken ? new TaskCallback(taskToken, log) : undefined;
  // Node prints warnings (e.g. the SDK's Node-version notice) as plain text; stderr carries JSON lines only.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => log.warn(warning.message, { warning: warning.name }));
  const work = new AbortController();
  let workFinished = false;
  let mode = process.env.MODE ?? '';
  let artifacts: ArtifactStore | undefined;

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (workFinished) return log.info(`received ${signal} after the work finished; completing`);
      if (work.signal.aborted) return;
      log.warn(`received ${signal}; stopping the work`);
      work.abort(new TerminatedError(signal));
    });
  }

  const print = (line: Record<string, unknown>): void => {
    let text = JSON.stringify(line);
    for (const secret of secrets) text = text.split(secret).join('[redacted]');
    process.stdout.write(`${text}\n`);
  };
  const timings = (workMs?: number) => ({
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    ...(workMs === undefined ? {} : { workMs }),
  });

  try {
    const config = readEnvironment(process.env, MODES, taskName);
    mode = config.mode;
    const selected = MODES[config.mode as keyof typeof MODES];
    const input = parseModeInput(selected.schema, config.input);
    artifacts = new ArtifactStore(config.artifactBucket, config.artifactPrefix);
    log.info('task started', { mode, artifacts: artifacts.enabled ? artifacts.uriOf('') : null, callback: Boolean(callback) });
    callback?.startHeartbeats(config.heartbeatSeconds, (closed) => {
      work.abort(new WorkerError(WORKER_ERRORS.callbackClosed, `${closed.message}; stopped the work`, { cause: closed }));
    });
    const workStarted = performance.now();
    const result = await selected.run(input as never, {
      taskName,
      signal: work.signal,
      log,
      artifacts,
    });
    workFinished = true;
    const workMs = Math.round(performance.now() - workStarted);
    const manifest = artifacts.enabled ? await artifacts.writeManifest({ taskName, mode }) : null;
    callback?.stopHeartbeats();
    const line = { status: 'succeeded', mode, taskName, result, artifacts: artifacts.list().map((a) => a.uri), manifest, timings: timings(workMs) };
    if (callback) await reportSuccess(callback, line);
    log.info('task succeeded', { durationMs: line.timings.durationMs });
    print(line);
    return EXIT_CODES.success;
  } catch (thrown) {
    callback?.stopHeartbeats();
    const error = toWorkerError(thrown);
    if (callback && error.name !== WORKER_ERRORS.callbackClosed) {
      try {
        await withTimeout(callback.fail(error.name, error.message), REPORT_TIMEOUT_MS);
      } catch (reportError) {
        log.error('could not report the failure to Step Functions', { error: describeAwsError(reportError) });
      }
    }
    log.error(error.message, { error: error.name });
    print({
      status: 'failed',
      mode,
      taskName,
      error: { name: error.name, cause: error.message },
      artifacts: artifacts?.list().map((a) => a.uri) ?? [],
      manifest: null,
      timings: timings(),
    });
    return exitCodeFor(error);
  }
}

/** SendTaskSuccess with the result line (see callbackOutput for results over 256 KiB). */
async function reportSuccess(callback: TaskCallback, line: { result: unknown } & Record<string, unknown>): Promise<void> {
  try {
    await callback.succeed(callbackOutput(line));
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TaskTimedOut' || name === 'InvalidToken') {
      throw new WorkerError(WORKER_ERRORS.callbackClosed, new CallbackClosedError(name, `Step Functions no longer waits for this task (${name} on SendTaskSuccess)`).message);
    }
    throw new WorkerError(WORKER_ERRORS.failed, `could not report success to Step Functions: ${describeAwsError(error)}`);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), message: `unexpected error: ${message}` })}\n`);
    process.exit(EXIT_CODES.failed);
  });
}

// Exit explicitly: idle SDK sockets or a closed feed must not keep a finished task alive.
const code = await main();
process.stdout.write('', () => process.exit(code));
