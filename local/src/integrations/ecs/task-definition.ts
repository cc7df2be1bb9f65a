/**
 * A task definition as the local runtime runs it: what serverless.yml declares for the worker
 * container (local/src/project reads it), with CloudFormation references already resolved to plain
 * strings. The "image" is a command line: the bundled worker run with `node`.
 */
export interface LocalTaskDefinition {
  readonly family: string;
  readonly revision: number;
  /** arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision> */
  readonly taskDefinitionArn: string;
  /** Task-level sizing, as ECS reports it: strings of CPU units and MiB. */
  readonly cpu: string;
  readonly memory: string;
  readonly containers: readonly LocalContainerDefinition[];
}

export interface LocalContainerDefinition {
  readonly name: string;
  /** The image named in serverless.yml (shown in Task.Containers[].Image). */
  readonly image: string;
  readonly essential: boolean;
  /** Task-definition environment: the lowest precedence (then state machine, then execution input). */
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  /** The task definition's `command`: arguments to the image's entrypoint (which a task definition cannot change locally). */
  readonly command?: readonly string[];
  /** Seconds between SIGTERM and SIGKILL on StopTask (ECS: default 30, range 2–120 on Fargate). */
  readonly stopTimeoutSeconds: number;
  /** awslogs settings, when the container has them. */
  readonly logGroup?: string;
  readonly logStreamPrefix?: string;
}
