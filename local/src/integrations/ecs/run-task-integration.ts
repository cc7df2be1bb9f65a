/**
 * The Step Functions side of ecs:runTask, in its three patterns (DG connect-ecs):
 * - request-response: the RunTask response, PascalCase; `Failures` do not fail the state;
 * - sync: adds StartedBy "AWS Step Functions", reports the RunTask response as submitted, waits
 *   for the task to stop and returns the stopped Task (States.TaskFailed with the Task as cause
 *   when it failed to start or an essential container exited non-zero); on abort it stops the task;
 * - waitForTaskToken: resolves once RunTask has answered; the task is never stopped by us.
 * RunTask API errors become `ECS.<Exception>`; a non-empty `Failures` becomes AmazonECS.Unknown.
 */
import { randomUUID } from 'node:crypto';
import type { Failure, RunTaskCommandInput, Task } from '@aws-sdk/client-ecs';
import { StatesError, STATES_ERRORS } from '../../engine/errors.js';
import { ServiceError } from '../../errors/service-error.js';
import type { Integration, InvocationHooks, TaskInvocation } from '../../engine/integration.js';
import { toStepFunctionsJson } from './aws-case.js';
import type { EcsService } from './ecs-service.js';
import { toRunTaskInput, validateRunTaskParameters } from './run-task-parameters.js';
import type { IntegrationContract } from '../registry.js';

/** What Step Functions puts in StartedBy for .sync tasks (recorded on AWS, ref. 1.1). */
export const SYNC_STARTED_BY = 'AWS Step Functions';
/**
 * The StopTask reason when a .sync state is left early (execution stopped, timeout, failed
 * sibling). AWS's wording for Batch jobs, observed (StackOverflow q/45596276); ECS is assumed alike.
 */
export const abortStopReason = (executionArn: string): string =>
  `The Task state in AWS Step Functions execution [${executionArn}] which was managing this resource was aborted`;

/** The part of EcsService the integration calls. */
export type EcsRunTaskApi = Pick<EcsService, 'runTask' | 'waitForStopped' | 'stopTask' | 'essentialContainers'>;

export interface EcsRunTaskIntegration extends Integration {
  /**
   * Resolves once the .sync tasks an execution started have stopped (those its ended states stopped
   * are still shutting down), or when `signal` aborts; then forgets them.
   */
  drain(executionArn: string, signal: AbortSignal): Promise<void>;
}

/** ecs:runTask as validation sees it (no cluster needed): its key, its patterns and its parameter check. */
export const ECS_RUN_TASK_CONTRACT = {
  serviceAction: 'ecs:runTask',
  patterns: ['request-response', 'sync', 'waitForTaskToken'],
  validateParameters: validateRunTaskParameters,
} as const satisfies IntegrationContract;

export function createEcsRunTaskIntegration(ecs: EcsRunTaskApi): EcsRunTaskIntegration {
  /** executionArn -> ARNs of its .sync tasks that may still run. */
  const syncTasks = new Map<string, Set<string>>();
  const tracker: SyncTaskTracker = {
    started(executionArn, taskArns) {
      const arns = syncTasks.get(executionArn) ?? new Set<string>();
      syncTasks.set(executionArn, arns);
      for (const arn of taskArns) arns.add(arn);
    },
    stopped(executionArn, taskArns) {
      const arns = syncTasks.get(executionArn);
      for (const arn of taskArns) arns?.delete(arn);
      if (arns?.size === 0) syncTasks.delete(executionArn);
    },
  };
  return {
    ...ECS_RUN_TASK_CONTRACT,
    invoke: (invocation, hooks) => invokeRunTask(ecs, invocation, hooks, tracker),
    async drain(executionArn, signal) {
      const arns = [...(syncTasks.get(executionArn) ?? [])];
      syncTasks.delete(executionArn);
      await Promise.all(arns.map((arn) => ecs.waitForStopped(arn, signal).catch(() => undefined)));
    },
  };
}

interface SyncTaskTracker {
  started(executionArn: string, taskArns: readonly string[]): void;
  stopped(executionArn: string, taskArns: readonly string[]): void;
}

async function invokeRunTask(ecs: EcsRunTaskApi, invocation: TaskInvocation, hooks: InvocationHooks, tracker: SyncTaskTracker): Promise<unknown> {
  const { pattern, signal } = invocation;
  const input: RunTaskCommandInput = toRunTaskInput(invocation.parameters, invocation.context.stateName);
  if (pattern === 'sync') input.startedBy = SYNC_STARTED_BY;
  signal.throwIfAborted();

  let tasks: Task[];
  let failures: Failure[];
  try {
    const response = await ecs.runTask(input);
    tasks = response.tasks ?? [];
    failures = response.failures ?? [];
  } catch (error) {
    throw error instanceof ServiceError ? toEcsStatesError(error) : error;
  }
  const output = withSdkMetadata({ Failures: toStepFunctionsJson(failures), Tasks: toStepFunctionsJson(tasks) });
  if (pattern === 'request-response') return output;
  if (failures.length > 0) throw new StatesError('AmazonECS.Unknown', JSON.stringify(toStepFunctionsJson(failures)));
  hooks.submitted(output);
  if (pattern === 'waitForTaskToken') return output;

  const { executionArn } = invocation.context;
  const taskArns = tasks.map((task) => task.taskArn!);
  tracker.started(executionArn, taskArns);
  const stopped = await waitForAll(ecs, tasks, signal, abortStopReason(executionArn));
  tracker.stopped(executionArn, taskArns);
  for (const task of stopped) {
    if (hasFailed(task, ecs.essentialContainers(task.taskArn!))) throw new StatesError(STATES_ERRORS.TaskFailed, JSON.stringify(toStepFunctionsJson(task)));
  }
  // One task (Count 1, the usual case) is returned as the Task itself, as AWS does.
  return stopped.length === 1 ? toStepFunctionsJson(stopped[0]) : toStepFunctionsJson(stopped);
}

async function waitForAll(ecs: EcsRunTaskApi, tasks: readonly Task[], signal: AbortSignal, stopReason: string): Promise<Task[]> {
  try {
    return await Promise.all(tasks.map((task) => ecs.waitForStopped(task.taskArn!, signal)));
  } catch (error) {
    if (!signal.aborted) throw error;
    // Best effort, as on AWS: a task that cannot be stopped is left to finish on its own.
    await Promise.all(
      tasks.map((task) =>
        ecs.stopTask({ cluster: task.clusterArn, task: task.taskArn, reason: stopReason }).catch(() => undefined),
      ),
    );
    throw signal.reason ?? error;
  }
}

/** The .sync failure rule (ref. 1.3): failed to start, or an essential container's exit code missing or non-zero. */
export function hasFailed(task: Task, essentialContainers: readonly string[]): boolean {
  if (task.stopCode === 'TaskFailedToStart') return true;
  return (task.containers ?? []).some(
    (container) => essentialContainers.includes(container.name!) && (container.exitCode === undefined || container.exitCode !== 0),
  );
}

function toEcsStatesError(error: ServiceError): StatesError {
  const status = error.fault === 'client' ? 400 : 500;
  // The cause reads as AWS's (Java SDK) error text does in TaskFailed events.
  const cause = `${error.message} (Service: AmazonECS; Status Code: ${status}; Error Code: ${error.code}; Request ID: ${randomUUID()}; Proxy: null)`;
  return new StatesError(`ECS.${error.code}`, cause, { cause: error });
}

function withSdkMetadata(body: Record<string, unknown>): Record<string, unknown> {
  const requestId = randomUUID();
  const json = JSON.stringify(body);
  return {
    ...body,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'x-amzn-RequestId': [requestId],
        'Content-Length': [String(json.length)],
        Date: [new Date().toUTCString()],
        'Content-Type': ['application/x-amz-json-1.1'],
      },
      HttpHeaders: {
        'x-amzn-RequestId': requestId,
        'Content-Length': String(json.length),
        Date: new Date().toUTCString(),
        'Content-Type': 'application/x-amz-json-1.1',
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}
