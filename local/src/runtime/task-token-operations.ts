/**
 * The callback token operations (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat): checked as AWS
 * checks them, then handed to the engine's token registry.
 */
import type { SendTaskFailureInput, SendTaskFailureOutput, SendTaskHeartbeatInput, SendTaskHeartbeatOutput, SendTaskSuccessInput, SendTaskSuccessOutput } from '@aws-sdk/client-sfn';
import type { TaskTokenRegistry, TaskTokenReply } from '../engine/task-tokens.js';
import { ServiceError } from '../errors/service-error.js';
import { MAX_PAYLOAD_CHARS, validation } from './step-functions-context.js';

function fromTokenReply(reply: TaskTokenReply): Record<string, never> {
  if (!reply.ok) throw new ServiceError(reply.code, reply.message);
  return {};
}

/** The Step Functions API operations this part serves. */
export const TASK_TOKEN_API = ['sendTaskSuccess', 'sendTaskFailure', 'sendTaskHeartbeat'] as const;

export class TaskTokenOperations {
  readonly #taskTokens: TaskTokenRegistry;

  constructor(taskTokens: TaskTokenRegistry) {
    this.#taskTokens = taskTokens;
  }

  async sendTaskSuccess(input: SendTaskSuccessInput): Promise<SendTaskSuccessOutput> {
    assertToken(input.taskToken);
    if (typeof input.output !== 'string') throw validation('output', 'Member must not be null', input.output);
    if (input.output.length > MAX_PAYLOAD_CHARS) throw validation('output', `Member must have length less than or equal to ${MAX_PAYLOAD_CHARS}`, '...');
    return fromTokenReply(this.#taskTokens.sendSuccess(input.taskToken!, input.output));
  }

  async sendTaskFailure(input: SendTaskFailureInput): Promise<SendTaskFailureOutput> {
    assertToken(input.taskToken);
    if (input.error !== undefined && input.error.length > 256) throw validation('error', 'Member must have length less than or equal to 256', input.error);
    if (input.cause !== undefined && input.cause.length > 32768) throw validation('cause', 'Member must have length less than or equal to 32768', '...');
    return fromTokenReply(this.#taskTokens.sendFailure(input.taskToken!, input.error, input.cause));
  }

  async sendTaskHeartbeat(input: SendTaskHeartbeatInput): Promise<SendTaskHeartbeatOutput> {
    assertToken(input.taskToken);
    return fromTokenReply(this.#taskTokens.sendHeartbeat(input.taskToken!));
  }
}

/** BC-SFN TaskToken: 1 to 2048 characters. */
function assertToken(token: unknown): void {
  if (typeof token !== 'string') throw validation('taskToken', 'Member must not be null', token);
  if (token.length < 1) throw validation('taskToken', 'Member must have length greater than or equal to 1', token);
  if (token.length > 2048) throw validation('taskToken', 'Member must have length less than or equal to 2048', `${token.slice(0, 20)}...`);
}
