/**
 * Where `run` runs its execution: the runtime started in this process, or the `sfn-ecs serve` that
 * owns the data folder (through its API, so the execution is that serve's and `history`/`logs` find
 * it). Both give `run` the same calls and the same history events, so its output is the same.
 */
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionOutput,
} from '@aws-sdk/client-sfn';
import type { Runtime } from '../app/runtime-types.js';
import { readHistory, watchExecution } from '../clients/execution-history.js';
import { createServiceClients, type ServiceClients } from '../clients/service-clients.js';
import type { HistoryEvent } from '../engine/types.js';
import { ServiceError } from '../errors/service-error.js';
import { loadProject } from '../project/load-project.js';
import { stateMachineArn } from '../runtime/arns.js';
import { describeTasksByCluster, type CostSource } from './execution-cost.js';
import type { RunningServe } from './running-serve.js';

export interface ExecutionHost {
  /** The Step Functions API the execution can be read from (the failure report reads it there). */
  readonly endpoint: string;
  readonly s3Endpoint: string;
  readonly region: string;
  readonly dataDir: string;
  /** The project's ${...} values, for a definition file. */
  readonly placeholders: Readonly<Record<string, string>>;
  /** The running serve used, when not the runtime in this process. */
  readonly serve?: RunningServe;
  stateMachineArn(name: string): string;
  /** Creates (or replaces) the state machine `name`; a refusal is a ServiceError with AWS's name. */
  register(name: string, definition: string): Promise<string>;
  exists(stateMachineArn: string): Promise<boolean>;
  machineNames(): Promise<string[]>;
  /**
   * Starts an execution (a ServiceError when refused) and hands each of its history events, in order,
   * to onEvent; `ended` resolves with its final DescribeExecution.
   */
  start(request: { stateMachineArn: string; name: string; input: string }, onEvent: (event: HistoryEvent) => void): Promise<{ executionArn: string; ended: Promise<DescribeExecutionOutput> }>;
  stop(executionArn: string, error: string, cause: string): Promise<void>;
  readonly cost: CostSource;
  close(): Promise<void>;
}

export function inProcessHost(runtime: Runtime): ExecutionHost {
  return {
    endpoint: runtime.endpoint,
    s3Endpoint: runtime.s3Endpoint,
    region: runtime.region,
    dataDir: runtime.dataDir,
    placeholders: runtime.project.placeholders,
    stateMachineArn: (name) => runtime.stateMachineArn(name),
    async register(name, definition) {
      const arn = runtime.stateMachineArn(name);
      await runtime.deleteStateMachine({ stateMachineArn: arn });
      await runtime.createStateMachine({ name, definition, roleArn: `arn:aws:iam::${runtime.accountId}:role/sfn-ecs-local` });
      return arn;
    },
    exists: (arn) => runtime.describeStateMachine({ stateMachineArn: arn }).then(
      () => true,
      () => false,
    ),
    machineNames: async () => ((await runtime.listStateMachines({})).stateMachines ?? []).flatMap((m) => (m.name ? [m.name] : [])),
    async start(request, onEvent) {
      const expected = `${request.stateMachineArn.replace(/#.*$/, '').replace(':stateMachine:', ':execution:')}:${request.name}`;
      // Subscribed before the start, so no event is missed.
      const unsubscribe = runtime.onHistoryEvent((event, arn) => {
        if (arn === expected) onEvent(event);
      });
      try {
        const { executionArn } = await runtime.startExecution(request);
        return { executionArn: executionArn!, ended: runtime.waitForExecution(executionArn!).finally(unsubscribe) };
      } catch (error) {
        unsubscribe();
        throw error;
      }
    },
    stop: async (executionArn, error, cause) => {
      await runtime.stopExecution({ executionArn, error, cause });
    },
    cost: {
      history: async (executionArn) => (await runtime.getExecutionHistory({ executionArn, maxResults: 1000, includeExecutionData: true })).events ?? [],
      describeTasks: (taskArns) => describeTasksByCluster(async (cluster, tasks) => (await runtime.ecs.describeTasks({ cluster, tasks })).tasks ?? [], taskArns),
    },
    close: () => runtime.close(),
  };
}

/** An AWS error the serve answered with, as the runtime in this process would have thrown it. */
function asServiceError(error: unknown): unknown {
  const e = error as { name?: string; message?: string; $fault?: 'client' | 'server' };
  return e?.$fault && e.name ? new ServiceError(e.name, e.message ?? '', e.$fault) : error;
}

/** The serve that owns the data folder, through its API; `root` gives the placeholders for a definition file. */
export async function serveHost(serve: RunningServe, root: string): Promise<ExecutionHost> {
  const clients: ServiceClients = createServiceClients({ kind: 'local', endpoint: serve.endpoint, region: serve.region, reason: 'sfn-ecs serve owns the data folder' });
  const { sfn, ecs } = clients;
  const placeholders = await loadProject(root).then(
    (project) => project.placeholders,
    () => ({}),
  );
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw asServiceError(error);
    }
  };
  return {
    endpoint: serve.endpoint,
    s3Endpoint: serve.s3Endpoint,
    region: serve.region,
    dataDir: serve.dataDir,
    placeholders,
    serve,
    stateMachineArn: (name) => (name.startsWith('arn:') ? name : stateMachineArn(serve, name)),
    async register(name, definition) {
      const arn = stateMachineArn(serve, name);
      await call(() => sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn })));
      await call(() => sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: `arn:aws:iam::${serve.accountId}:role/sfn-ecs-local` })));
      return arn;
    },
    exists: (arn) => sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })).then(
      () => true,
      () => false,
    ),
    machineNames: async () => ((await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? []).flatMap((m) => (m.name ? [m.name] : [])),
    async start(request, onEvent) {
      const { executionArn } = await call(() => sfn.send(new StartExecutionCommand(request)));
      // The SDK's events have the engine's shape (the API serialises those very events).
      const ended = watchExecution(sfn, executionArn!, (event) => onEvent(event as unknown as HistoryEvent));
      return { executionArn: executionArn!, ended };
    },
    stop: async (executionArn, error, cause) => {
      await call(() => sfn.send(new StopExecutionCommand({ executionArn, error, cause })));
    },
    cost: {
      history: (executionArn) => readHistory(sfn, executionArn),
      describeTasks: (taskArns) => describeTasksByCluster(async (cluster, tasks) => (await ecs.send(new DescribeTasksCommand({ cluster, tasks }))).tasks ?? [], taskArns),
    },
    close: async () => clients.destroy(),
  };
}
