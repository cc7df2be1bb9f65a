import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Logger } from './log.js';
import { describeAwsError } from './s3.js';

/** Step Functions' quota for a task result: 256 KiB of UTF-8 (SendTaskSuccess `output`). */
export const MAX_OUTPUT_BYTES = 256 * 1024;
/** SendTaskFailure limits: `error` at most 256 characters, `cause` at most 32768. */
const MAX_ERROR_CHARS = 256;
const MAX_CAUSE_CHARS = 32_768;
/** Token errors that mean nobody waits for this task any more. */
const CLOSED_TOKEN_ERRORS = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

/** Raised from a heartbeat when Step Functions has closed the task (timed out, stopped, or bad token). */
export class CallbackClosedError extends Error {
  override readonly name = 'CallbackClosedError';
  constructor(readonly awsError: string, message: string) {
    super(message);
  }
}

/**
 * The callback side of a task started with .waitForTaskToken: heartbeats while the work runs, then one
 * SendTaskSuccess or SendTaskFailure. The token is only ever sent to Step Functions, never logged.
 */
export class TaskCallback {
  private client: Promise<SFNClient> | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeating = false;

  constructor(
    private readonly taskToken: string,
    private readonly log: Logger,
  ) {}

  /** Sends SendTaskHeartbeat every `seconds`; calls `onClosed` once if Step Functions says the task is closed. */
  startHeartbeats(seconds: number, onClosed: (error: CallbackClosedError) => void): void {
    const beat = async (): Promise<void> => {
      try {
        const { SendTaskHeartbeatCommand } = await import('@aws-sdk/client-sfn');
        await (await this.sfn()).send(new SendTaskHeartbeatCommand({ taskToken: this.taskToken }));
      } catch (error) {
        const name = (error as Error).name;
        if (CLOSED_TOKEN_ERRORS.has(name)) {
          this.stopHeartbeats();
          onClosed(new CallbackClosedError(name, `Step Functions no longer waits for this task (${name} on SendTaskHeartbeat)`));
          return;
        }
        this.log.warn('heartbeat failed; will try again', { error: describeAwsError(error) });
      }
      if (this.heartbeating) this.schedule(seconds, beat);
    };
    this.heartbeating = true;
    this.schedule(seconds, beat);
  }

  stopHeartbeats(): void {
    this.heartbeating = false;
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** Sends the result as the task's output. */
  async succeed(output: string): Promise<void> {
    const { SendTaskSuccessCommand } = await import('@aws-sdk/client-sfn');
    await (await this.sfn()).send(new SendTaskSuccessCommand({ taskToken: this.taskToken, output }));
  }

  /** Reports a named failure with a short cause. */
  async fail(error: string, cause: string): Promise<void> {
    const { SendTaskFailureCommand } = await import('@aws-sdk/client-sfn');
    await (await this.sfn()).send(
      new SendTaskFailureCommand({
        taskToken: this.taskToken,
        error: error.slice(0, MAX_ERROR_CHARS),
        cause: cause.slice(0, MAX_CAUSE_CHARS),
      }),
    );
  }

  private schedule(seconds: number, beat: () => Promise<void>): void {
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(() => void beat(), seconds * 1000);
  }

  private sfn(): Promise<SFNClient> {
    this.client ??= import('@aws-sdk/client-sfn').then(
      ({ SFNClient }) => new SFNClient(process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION ? {} : { region: 'us-east-1' }),
    );
    return this.client;
  }
}

/**
 * The SendTaskSuccess output for a result line: the whole line when it fits 256 KiB, else the line
 * without its inline `result` (artifact URIs and manifest stay), else only status, names and manifest.
 */
export function callbackOutput(line: { result?: unknown } & Record<string, unknown>): string {
  const whole = JSON.stringify(line);
  if (Buffer.byteLength(whole) <= MAX_OUTPUT_BYTES) return whole;
  const { result: _omitted, ...rest } = line;
  const withoutResult = JSON.stringify({ ...rest, resultOmitted: 'larger than 256 KiB; read the artifacts' });
  if (Buffer.byteLength(withoutResult) <= MAX_OUTPUT_BYTES) return withoutResult;
  return JSON.stringify({ status: line.status, mode: line.mode, taskName: line.taskName, manifest: line.manifest, resultOmitted: 'larger than 256 KiB; read the manifest' });
}
