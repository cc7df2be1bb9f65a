/**
 * The AWS JSON APIs the console reads and acts through (POST / with X-Amz-Target), the same calls the
 * CLI and the AWS SDK make; only what the APIs lack comes from /console-api/.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

const SERVICES = {
  sfn: { prefix: 'AWSStepFunctions', contentType: 'application/x-amz-json-1.0' },
  ecs: { prefix: 'AmazonEC2ContainerServiceV20141113', contentType: 'application/x-amz-json-1.1' },
  logs: { prefix: 'Logs_20140328', contentType: 'application/x-amz-json-1.1' },
} as const;

/** An AWS error answer: its name (e.g. ExecutionDoesNotExist) and message. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export async function call<T>(service: keyof typeof SERVICES, operation: string, input: object): Promise<T> {
  const { prefix, contentType } = SERVICES[service];
  const response = await fetch('/', {
    method: 'POST',
    headers: { 'x-amz-target': `${prefix}.${operation}`, 'content-type': contentType },
    body: JSON.stringify(input),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const code = String(body.__type ?? response.headers.get('x-amzn-errortype') ?? `HTTP ${response.status}`).replace(/^.*#/, '');
    throw new AwsError(code, String(body.message ?? body.Message ?? response.statusText));
  }
  return body as T;
}

/** Timestamps arrive as epoch seconds (AWS JSON protocols). */
export type Epoch = number;

export interface StateMachineItem {
  stateMachineArn: string;
  name: string;
  type: string;
  creationDate: Epoch;
}

export interface ExecutionItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: Epoch;
  stopDate?: Epoch;
  /** How many times it was redriven (ListExecutions and DescribeExecution say). */
  redriveCount?: number;
}

export interface Execution extends ExecutionItem {
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  redriveDate?: Epoch;
  /** REDRIVABLE, NOT_REDRIVABLE or REDRIVABLE_BY_MAP_RUN. */
  redriveStatus?: string;
  /** Why the execution cannot be redriven (with NOT_REDRIVABLE). */
  redriveStatusReason?: string;
}

export interface StateMachine {
  stateMachineArn: string;
  name: string;
  definition: string;
  type: string;
}

/** History events as the wire carries them (timestamps in epoch seconds). */
export type WireEvent = Omit<HistoryEvent, 'timestamp'> & { id: number; type: string; timestamp: Epoch; previousEventId?: number };

export const sfn = {
  listStateMachines: () => call<{ stateMachines: StateMachineItem[] }>('sfn', 'ListStateMachines', { maxResults: 1000 }),
  describeStateMachine: (stateMachineArn: string) => call<StateMachine>('sfn', 'DescribeStateMachine', { stateMachineArn }),
  listExecutions: (input: { stateMachineArn: string; statusFilter?: string; maxResults?: number; nextToken?: string }) =>
    call<{ executions: ExecutionItem[]; nextToken?: string }>('sfn', 'ListExecutions', input),
  describeExecution: (executionArn: string) => call<Execution>('sfn', 'DescribeExecution', { executionArn }),
  startExecution: (input: { stateMachineArn: string; input: string; name?: string }) => call<{ executionArn: string; startDate: Epoch }>('sfn', 'StartExecution', input),
  stopExecution: (input: { executionArn: string; error?: string; cause?: string }) => call<{ stopDate: Epoch }>('sfn', 'StopExecution', input),
  redriveExecution: (input: { executionArn: string; clientToken?: string }) => call<{ redriveDate: Epoch }>('sfn', 'RedriveExecution', input),
  /** Every event (paging), or those after `afterId` read newest-first until reaching it. */
  async history(executionArn: string, afterId = 0): Promise<WireEvent[]> {
    const events: WireEvent[] = [];
    let nextToken: string | undefined;
    if (afterId === 0) {
      do {
        const page = await call<{ events: WireEvent[]; nextToken?: string }>('sfn', 'GetExecutionHistory', { executionArn, maxResults: 1000, includeExecutionData: true, ...(nextToken ? { nextToken } : {}) });
        events.push(...page.events);
        nextToken = page.nextToken;
      } while (nextToken);
      return events;
    }
    do {
      const page = await call<{ events: WireEvent[]; nextToken?: string }>('sfn', 'GetExecutionHistory', { executionArn, maxResults: 100, reverseOrder: true, includeExecutionData: true, ...(nextToken ? { nextToken } : {}) });
      for (const event of page.events) {
        if (event.id <= afterId) return events.reverse();
        events.push(event);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return events.reverse();
  },
};

export interface EcsTask {
  taskArn: string;
  taskDefinitionArn?: string;
  lastStatus?: string;
  cpu?: string;
  memory?: string;
  createdAt?: Epoch;
  startedAt?: Epoch;
  stoppedAt?: Epoch;
  pullStartedAt?: Epoch;
  stopCode?: string;
  stoppedReason?: string;
  capacityProviderName?: string;
  launchType?: string;
  containers?: { name?: string; exitCode?: number; reason?: string; lastStatus?: string }[];
}

export const ecs = {
  /** DescribeTasks, grouped by cluster (from each task ARN), 100 at a time as the API allows. */
  async describeTasks(taskArns: readonly string[]): Promise<EcsTask[]> {
    const byCluster = new Map<string, string[]>();
    for (const arn of taskArns) {
      const cluster = /:task\/([^/]+)\//.exec(arn)?.[1] ?? 'default';
      byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), arn]);
    }
    const found: EcsTask[] = [];
    for (const [cluster, arns] of byCluster) {
      for (let i = 0; i < arns.length; i += 100) {
        const result = await call<{ tasks?: EcsTask[] }>('ecs', 'DescribeTasks', { cluster, tasks: arns.slice(i, i + 100) });
        found.push(...(result.tasks ?? []));
      }
    }
    return found;
  },
  describeTaskDefinition: (taskDefinition: string) =>
    call<{ taskDefinition?: { containerDefinitions?: { name?: string; logConfiguration?: { logDriver?: string; options?: Record<string, string> } }[] } }>('ecs', 'DescribeTaskDefinition', { taskDefinition }),
};

export interface LogEvent {
  timestamp?: number;
  message?: string;
}

export const logs = {
  getLogEvents: (input: { logGroupName: string; logStreamName: string; nextToken?: string; startFromHead?: boolean; limit?: number }) =>
    call<{ events?: LogEvent[]; nextForwardToken?: string }>('logs', 'GetLogEvents', input),
};

/** A sample from events/ (GET /console-api/samples). */
export interface Sample {
  name: string;
  machine: string;
  shows: string;
  input: unknown;
}

export async function samples(): Promise<Sample[]> {
  const response = await fetch('/console-api/samples');
  if (!response.ok) return [];
  return ((await response.json()) as { samples: Sample[] }).samples;
}

export function artifactUrl(uri: string, download = false): string {
  return `/console-api/artifact?uri=${encodeURIComponent(uri)}${download ? '&download=1' : ''}`;
}

/** Live notices over server-sent events; returns a function that stops listening. */
export function live(executionArn: string | undefined, onNotice: (data: { id?: number; type: string; executionArn?: string }) => void): () => void {
  const source = new EventSource(`/console-api/live${executionArn ? `?executionArn=${encodeURIComponent(executionArn)}` : ''}`);
  const handler = (event: MessageEvent<string>): void => onNotice(JSON.parse(event.data) as { id?: number; type: string });
  source.addEventListener(executionArn ? 'history' : 'execution', handler as EventListener);
  return () => source.close();
}
