/**
 * ECS identifiers in their long ARN format (ref. 4.2): clusters, tasks, containers, and the
 * references a caller may use for them (a name/id or the full ARN).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { LocalTaskDefinition } from './task-definition.js';

export interface EcsScope {
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
}

export const clusterArn = (s: EcsScope): string => `arn:aws:ecs:${s.region}:${s.accountId}:cluster/${s.clusterName}`;

export const taskArn = (s: EcsScope, taskId: string): string =>
  `arn:aws:ecs:${s.region}:${s.accountId}:task/${s.clusterName}/${taskId}`;

export const containerArn = (s: EcsScope, taskId: string): string =>
  `arn:aws:ecs:${s.region}:${s.accountId}:container/${s.clusterName}/${taskId}/${randomUUID()}`;

/** ECS task ids are 32 lower-case hex digits. */
export const newTaskId = (): string => randomBytes(16).toString('hex');

/** The cluster a request names: `name`, an ARN, or (when omitted) ECS's `default` cluster. */
export function clusterNameOf(ref: string | undefined): string {
  if (!ref) return 'default';
  const match = /^arn:aws[\w-]*:ecs:[^:]*:\d*:cluster\/(.+)$/.exec(ref);
  return match ? match[1]! : ref;
}

/** The task id in `id` or `arn:...:task/<cluster>/<id>` (or the old `task/<id>` format). */
export function taskIdOf(ref: string): string {
  const match = /^arn:aws[\w-]*:ecs:[^:]*:\d*:task\/(?:[^/]+\/)?([^/]+)$/.exec(ref);
  return match ? match[1]! : ref;
}

/** Finds `family`, `family:revision` or a task definition ARN; without a revision, the latest one. */
export function findTaskDefinition(
  definitions: readonly LocalTaskDefinition[],
  ref: string,
): LocalTaskDefinition | undefined {
  const exact = definitions.find((d) => d.taskDefinitionArn === ref);
  if (exact) return exact;
  const match = /^(?:arn:aws[\w-]*:ecs:[^:]*:\d*:task-definition\/)?([A-Za-z0-9_-]+)(?::(\d+))?$/.exec(ref);
  if (!match) return undefined;
  const [, family, revision] = match;
  const candidates = definitions.filter((d) => d.family === family && (revision === undefined || d.revision === Number(revision)));
  return candidates.sort((a, b) => b.revision - a.revision)[0];
}
