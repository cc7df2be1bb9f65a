/**
 * The one runtime object everything uses (HTTP API, CLI, `npm start`, tests, library users): the
 * Step Functions API with SDK shapes, the local ECS cluster, the embedded S3 and the API endpoint.
 */
import type { DescribeExecutionOutput, TestStateInput, TestStateOutput } from '@aws-sdk/client-sfn';
import type { Integration } from '../engine/integration.js';
import type { ExecutionLimits } from '../engine/limits.js';
import type { MockConfig } from '../mocks/mock-config.js';
import type { EcsService, EcsServiceOptions } from '../integrations/ecs/ecs-service.js';
import type { LogStore } from '../logs/log-store.js';
import type { Project } from '../project/project-types.js';
import type { HistoryListener, StepFunctionsOperations } from '../runtime/step-functions-service.js';
import type { TaskLogEntry } from '../integrations/ecs/task-logs.js';

export interface RuntimeOptions {
  /** The project folder (statemachines/, serverless.yml, package.json). */
  readonly rootDir: string;
  /** Where executions, histories, task logs and S3 objects are kept. Default <rootDir>/.sfn-ecs */
  readonly dataDir?: string;
  /** API port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Default: AWS_REGION, else us-east-1. */
  readonly region?: string;
  /** Multiplies Wait and Retry delays (0.01 = 100 times faster). Default 1. */
  readonly timeScale?: number;
  /** Containers running at once; more tasks queue. Default: the ECS emulation's (8 per core). */
  readonly maxConcurrentTasks?: number;
  /**
   * Step Functions Local's MockConfigFile (a path, relative to rootDir, or a parsed MockConfig);
   * default: the SFN_MOCK_CONFIG variable. Executions pick a test case with `<stateMachineArn>#<TestCase>`.
   */
  readonly mockConfig?: string | MockConfig;
  /** AWS's quotas by default; lower ones (scaledLimits) make a small test fail where full size would. */
  readonly limits?: Partial<ExecutionLimits>;
  /**
   * Your own handlers for Task resources the laptop cannot reach (a Lambda, SNS, DynamoDB, ...), each under
   * its `serviceAction` (e.g. 'lambda:invoke' for arn:aws:states:::lambda:invoke; a whole ARN for a Lambda
   * function or activity ARN). Registered after the built-in ones, so one can also replace 'ecs:runTask'.
   */
  readonly integrations?: readonly Integration[];
  /** Where mock warnings go. Default: process.emitWarning. */
  readonly onWarning?: (message: string) => void;
  /**
   * How a container image runs: its entrypoint and default command (default: `node dist/worker.mjs`).
   * Only code that creates the runtime chooses it; no API request can (overrides are arguments).
   */
  readonly resolveImage?: EcsServiceOptions['resolveImage'];
}

/** Besides its own members, the runtime serves every Step Functions operation of STEP_FUNCTIONS_OPERATIONS. */
/** The data folder's name below the project when no dataDir is given. */
export const DEFAULT_DATA_FOLDER = '.sfn-ecs';

export interface Runtime extends StepFunctionsOperations {
  readonly rootDir: string;
  readonly dataDir: string;
  readonly region: string;
  readonly accountId: string;
  /** http://127.0.0.1:<port>: the Step Functions and ECS JSON APIs. */
  readonly endpoint: string;
  /** http://127.0.0.1:<port>: the embedded S3 (path style). */
  readonly s3Endpoint: string;
  readonly artifactBucket: string;
  /** What was loaded from rootDir: machines, placeholders, task definitions, schedules. */
  readonly project: Project;
  /** The local ECS cluster the state machines' tasks run on. */
  readonly ecs: EcsService;
  /** The local CloudWatch Logs: each task's output as log events in its awslogs group. */
  readonly logs: LogStore;

  /** One state in isolation, with inspection data (BC-SFN TestState); a mocked Task starts no job. */
  testState(input: TestStateInput): Promise<TestStateOutput>;

  /** Resolves with the final DescribeExecution once it has ended (its .sync tasks stopped). */
  waitForExecution(executionArn: string, signal?: AbortSignal): Promise<DescribeExecutionOutput>;
  /** Live view of every execution's history events; returns an unsubscribe function. */
  onHistoryEvent(listener: HistoryListener): () => void;
  /** An execution's ARN from its ARN or its name (the newest execution with that name). */
  resolveExecution(executionArnOrName: string): string;
  /** The container log lines of the execution's ECS tasks, in time order. */
  executionLogs(executionArn: string): Promise<TaskLogEntry[]>;
  /** The state machine ARN for a project machine name (or an ARN, returned as is). */
  stateMachineArn(nameOrArn: string): string;
  /** Stops running executions and tasks, then the servers. Idempotent. */
  close(): Promise<void>;
}
