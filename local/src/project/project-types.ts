/**
 * What the local runtime needs from the project folder: the state machines (statemachines/*.asl.json),
 * local values for their ${...} placeholders, and the worker task definition and schedules that
 * serverless.yml declares for AWS, with CloudFormation references turned into local values.
 */
import type { LocalTaskDefinition } from '../integrations/ecs/task-definition.js';

export interface ProjectStateMachine {
  /** The file name without `.asl.json`, e.g. `sync`. */
  readonly name: string;
  /** Absolute path of the ASL file. */
  readonly file: string;
  /** The file's text, placeholders still in it (see fillPlaceholders). */
  readonly definitionText: string;
}

export interface ProjectSchedule {
  /** The rule name serverless.yml gives it, resolved for the local stage. */
  readonly name: string;
  /** The local state machine name it starts (a key of Project.stateMachines). */
  readonly stateMachine: string;
  /** rate(...) or cron(...) as written. */
  readonly schedule: string;
  /** The target's constant Input: what each execution receives instead of the event. */
  readonly input: unknown;
  readonly enabled: boolean;
}

export interface Project {
  readonly rootDir: string;
  readonly region: string;
  readonly accountId: string;
  readonly stateMachines: readonly ProjectStateMachine[];
  /** Local values for every ${Name} the definitions use. */
  readonly placeholders: Readonly<Record<string, string>>;
  readonly taskDefinitions: readonly LocalTaskDefinition[];
  /** The bucket the worker writes artifacts to, locally. */
  readonly artifactBucket: string;
  readonly schedules: readonly ProjectSchedule[];
}

export interface LoadProjectOptions {
  /** Default: AWS_REGION, then us-east-1. */
  readonly region?: string;
}
