/**
 * The library API for testing workflows like code: start the local runtime in-process (a fresh data
 * folder, fast time), register the project's machines or any ASL file, run executions (optionally as
 * a Step Functions Local mock test case), await their end, read history, task logs and artifacts,
 * answer callback tasks, and shut down. Everything goes through the one runtime object the CLI and
 * the HTTP API use.
 *
 *   const sfn = await startTestRuntime({ mockConfig: 'test/fixtures/mocks/sync.json' });
 *   const run = await sfn.run('sync', { mode: 'echo', input: { message: 'hi' } }, { testCase: 'RetryPath' });
 *   expect(run.status).toBe('SUCCEEDED');
 *   await sfn.close();
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { SendTaskFailureInput } from '@aws-sdk/client-sfn';
import { isClosingEvent } from '../engine/history.js';
import type { HistoryEvent, HistoryEventType } from '../engine/types.js';
import { fillPlaceholders } from '../project/placeholders.js';
import { createRuntime } from '../app/create-runtime.js';
import type { Runtime, RuntimeOptions } from '../app/runtime-types.js';
import type { TaskLogEntry } from '../integrations/ecs/task-logs.js';
import { EMBEDDED_S3_CREDENTIALS } from '../s3/embedded-s3.js';
import { toExecutionResult, type ExecutionResult } from './execution-result.js';

export interface TestRuntimeOptions extends Partial<RuntimeOptions> {
  /** The project folder. Default: the current directory. */
  readonly rootDir?: string;
  /** Default: a fresh temporary folder, removed by close(). */
  readonly dataDir?: string;
  /** Wait and Retry delays multiplied by this. Default 0.001 (a 10 s retry back-off takes 10 ms). */
  readonly timeScale?: number;
}

export interface StartOptions {
  /** A test case of the mock configuration (StartExecution on `<arn>#<testCase>`). */
  readonly testCase?: string;
  /** The execution name. Default: a UUID. */
  readonly name?: string;
}

export interface TestRuntime {
  /** The runtime underneath: every Step Functions operation, `ecs`, `endpoint`, `s3Endpoint`. */
  readonly runtime: Runtime;
  /** Registers an ASL file (placeholders filled from the project) under `name` (default: the file name); returns its ARN. */
  register(file: string, name?: string): Promise<string>;
  /** Starts an execution of a machine (project name, registered name or ARN); returns its ARN. */
  start(machine: string, input?: unknown, options?: StartOptions): Promise<string>;
  /** Waits for an execution to end (its .sync tasks stopped) and reads its result and history. */
  result(executionArn: string, signal?: AbortSignal): Promise<ExecutionResult>;
  /** start + result. */
  run(machine: string, input?: unknown, options?: StartOptions): Promise<ExecutionResult>;
  /** The history so far. */
  history(executionArn: string): Promise<HistoryEvent[]>;
  /** Resolves with the next history event of `type` (optionally of state `stateName`) of an execution. */
  waitForEvent(executionArn: string, type: HistoryEventType, options?: { stateName?: string; signal?: AbortSignal }): Promise<HistoryEvent>;
  /** The task token a running waitForTaskToken state handed its task (found in its TaskScheduled parameters). */
  taskToken(executionArn: string, options?: { signal?: AbortSignal }): Promise<string>;
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): Promise<void>;
  sendTaskHeartbeat(taskToken: string): Promise<void>;
  /** The container output lines of the execution's ECS tasks. */
  logs(executionArn: string): Promise<TaskLogEntry[]>;
  /** Keys in the artifact bucket under `prefix`. */
  artifacts(prefix?: string): Promise<string[]>;
  /** An artifact's content as text (`s3://bucket/key` or a key in the artifact bucket). */
  readArtifact(uriOrKey: string): Promise<string>;
  /** Stops running executions and tasks, the servers, and removes the temporary data folder. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Default time scale for tests: delays 1000 times shorter. */
export const DEFAULT_TEST_TIME_SCALE = 0.001;
/** AWS task tokens in this runtime: 128 base64url characters. */
const TASK_TOKEN = /[A-Za-z0-9_-]{128}/;

export async function startTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const rootDir = resolve(options.rootDir ?? process.cwd());
  const temporary = options.dataDir === undefined ? await mkdtemp(join(tmpdir(), 'sfn-ecs-test-')) : undefined;
  let runtime: Runtime;
  try {
    runtime = await createRuntime({ ...options, rootDir, dataDir: options.dataDir ?? temporary!, timeScale: options.timeScale ?? DEFAULT_TEST_TIME_SCALE });
  } catch (error) {
    if (temporary) await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  const s3 = new S3Client({
    endpoint: runtime.s3Endpoint,
    region: runtime.region,
    forcePathStyle: true,
    credentials: { ...EMBEDDED_S3_CREDENTIALS },
  });

  const machineArn = (machine: string): string => runtime.stateMachineArn(machine);
  // Every event as it happens, by execution: paging GetExecutionHistory re-reads the stored history
  // for each page, which is slow for long histories (25,000 events).
  const seen = new Map<string, HistoryEvent[]>();
  const stopRecording = runtime.onHistoryEvent((event, arn) => {
    let events = seen.get(arn);
    if (!events) seen.set(arn, (events = []));
    events.push(event);
  });
  const history = async (executionArn: string): Promise<HistoryEvent[]> => {
    const recorded = seen.get(executionArn);
    if (recorded && recorded[0]?.type === 'ExecutionStarted') return [...recorded];
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await runtime.getExecutionHistory({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
      events.push(...((page.events ?? []) as unknown as HistoryEvent[]));
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  };
  const waitForEvent: TestRuntime['waitForEvent'] = (executionArn, type, { stateName, signal } = {}) =>
    new Promise<HistoryEvent>((resolvePromise, reject) => {
      let lastStateEntered: string | undefined;
      const matches = (event: HistoryEvent): boolean => {
        if (event.type.endsWith('StateEntered')) lastStateEntered = (event.stateEnteredEventDetails as { name: string }).name;
        return event.type === type && (stateName === undefined || lastStateEntered === stateName);
      };
      const done = (event?: HistoryEvent, error?: unknown): void => {
        unsubscribe();
        signal?.removeEventListener('abort', onAbort);
        if (event) resolvePromise(event);
        else reject(error);
      };
      const onAbort = (): void => done(undefined, signal!.reason);
      const unsubscribe = runtime.onHistoryEvent((event, arn) => {
        if (arn === executionArn && matches(event)) done(event);
        else if (arn === executionArn && isClosingEvent(event.type)) {
          done(undefined, new Error(`The execution ended (${event.type}) before a ${type} event${stateName ? ` of state '${stateName}'` : ''}`));
        }
      });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      // Events already written count too.
      void history(executionArn).then((events) => {
        lastStateEntered = undefined;
        const found = events.find(matches);
        if (found) done(found);
      }, (error: unknown) => done(undefined, error));
    });

  const start: TestRuntime['start'] = async (machine, input = {}, startOptions = {}) => {
    const arn = machineArn(machine);
    const started = await runtime.startExecution({
      stateMachineArn: startOptions.testCase !== undefined ? `${arn}#${startOptions.testCase}` : arn,
      input: JSON.stringify(input),
      ...(startOptions.name !== undefined ? { name: startOptions.name } : {}),
    });
    return started.executionArn!;
  };
  const result: TestRuntime['result'] = async (executionArn, signal) => {
    const describe = await runtime.waitForExecution(executionArn, signal);
    return toExecutionResult(describe, await history(executionArn));
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      s3.destroy();
      await runtime.close();
      stopRecording();
      if (temporary) await rm(temporary, { recursive: true, force: true });
    })());

  return {
    runtime,
    async register(file, name) {
      const path = resolve(rootDir, file);
      const machineName = name ?? basename(path).replace(/\.asl\.json$|\.json$/, '');
      const definition = fillPlaceholders(await readFile(path, 'utf8'), runtime.project.placeholders);
      const stateMachineArn = machineArn(machineName);
      await runtime.deleteStateMachine({ stateMachineArn });
      await runtime.createStateMachine({ name: machineName, definition, roleArn: `arn:aws:iam::${runtime.accountId}:role/sfn-ecs-local` });
      return stateMachineArn;
    },
    start,
    result,
    run: async (machine, input, startOptions) => result(await start(machine, input, startOptions)),
    history,
    waitForEvent,
    async taskToken(executionArn, { signal } = {}) {
      const scheduled = await waitForEvent(executionArn, 'TaskScheduled', signal ? { signal } : {});
      const parameters = String((scheduled.taskScheduledEventDetails as { parameters?: string }).parameters ?? '');
      const token = TASK_TOKEN.exec(parameters)?.[0];
      if (!token) throw new Error('The scheduled task carries no task token in its parameters (is it a .waitForTaskToken state passing $$.Task.Token?)');
      return token;
    },
    async sendTaskSuccess(taskToken, output) {
      await runtime.sendTaskSuccess({ taskToken, output: JSON.stringify(output) });
    },
    async sendTaskFailure(taskToken, error, cause) {
      const input: SendTaskFailureInput = { taskToken, ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
      await runtime.sendTaskFailure(input);
    },
    async sendTaskHeartbeat(taskToken) {
      await runtime.sendTaskHeartbeat({ taskToken });
    },
    logs: (executionArn) => runtime.executionLogs(executionArn),
    async artifacts(prefix = '') {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: runtime.artifactBucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
        keys.push(...(page.Contents ?? []).map((object) => object.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys;
    },
    async readArtifact(uriOrKey) {
      const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uriOrKey);
      const [bucket, key] = match ? [match[1]!, match[2]!] : [runtime.artifactBucket, uriOrKey];
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return object.Body!.transformToString();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
