/**
 * Builds the local runtime: loads the project, starts the embedded S3 and the HTTP API on 127.0.0.1,
 * creates the ECS cluster whose containers call back through that API, registers the project's state
 * machines, and recovers executions a previous process left running.
 */
import { join, resolve } from 'node:path';
import { validateStructure, withTaskChecks, type TaskChecks } from '../validation/validate.js';
import { ecsService } from '../api/ecs/operations.js';
import { describeTaskDefinitionOperation } from '../api/ecs/describe-task-definition.js';
import { logsService } from '../api/logs/operations.js';
import { connectEcsLogStreams } from '../logs/ecs-log-streams.js';
import { LogStore } from '../logs/log-store.js';
import { startApiServer, type ApiServer } from '../api/server.js';
import { stepFunctionsService } from '../api/stepfunctions/operations.js';
import { systemClock } from '../engine/clock.js';
import { JOB_STOP_GRACE_MS } from '../engine/interruption.js';
import { runExecution } from '../engine/run-execution.js';
import { TaskTokenRegistry } from '../engine/task-tokens.js';
import { EcsService } from '../integrations/ecs/ecs-service.js';
import { createEcsRunTaskIntegration, type EcsRunTaskIntegration } from '../integrations/ecs/run-task-integration.js';
import { integrationResolver, integrationTable } from '../integrations/registry.js';
import type { Integration } from '../engine/integration.js';
import { localConsole } from '../console/local-console.js';
import { loadProject } from '../project/load-project.js';
import { ProjectError } from '../project/project-error.js';
import { fillPlaceholders } from '../project/placeholders.js';
import { loadMockConfig } from '../mocks/mock-config.js';
import { mockOneState } from '../mocks/mocked-integrations.js';
import { runtimeMocks } from '../mocks/runtime-mocks.js';
import { runTestState } from '../runtime/test-state-service.js';
import { EMBEDDED_S3_CREDENTIALS, startEmbeddedS3, type EmbeddedS3 } from '../s3/embedded-s3.js';
import { parseStateMachineArn, stateMachineArn as buildStateMachineArn } from '../runtime/arns.js';
import { ExecutionStore } from '../runtime/execution-store.js';
import { DEFAULT_DATA_FOLDER, type Runtime, type RuntimeOptions } from './runtime-types.js';
import { resolveWorkerImage } from './worker-image.js';
import { StateMachineStore } from '../runtime/state-machine-store.js';
import { boundOperations, StepFunctionsService } from '../runtime/step-functions-service.js';
import { cachedValidation } from '../runtime/validation-cache.js';
import { DATA_LAYOUT, logsOfHistory } from '../runtime/execution-reader.js';
import { ContainerRecords, type LeftoverReport } from '../integrations/ecs/container-records.js';
import { makePrivateDataFolder } from '../storage/private-files.js';
import { Quarantine } from '../storage/quarantine.js';
import { lockDataFolder } from '../runtime/data-folder-lock.js';

/** The local ECS cluster's name (contract shared with the ECS emulation and the ASL placeholders). */
export const LOCAL_CLUSTER_NAME = 'sfn-ecs-local';
/** How long close() lets running executions stop their tasks before the ECS emulation kills them. */
export const CLOSE_GRACE_MS = 5_000;

interface ResolvedOptions {
  rootDir: string;
  dataDir: string;
  port: number;
  region: string | undefined;
  timeScale: number;
  maxConcurrentTasks: number | undefined;
  mockConfig: RuntimeOptions['mockConfig'];
  limits: RuntimeOptions['limits'];
  integrations: NonNullable<RuntimeOptions['integrations']>;
  onWarning: (message: string) => void;
}

function resolveOptions(options: RuntimeOptions): ResolvedOptions {
  const rootDir = resolve(options.rootDir);
  return {
    rootDir,
    dataDir: resolve(options.dataDir ?? join(rootDir, DEFAULT_DATA_FOLDER)),
    port: options.port ?? 0,
    region: options.region,
    timeScale: options.timeScale ?? 1,
    maxConcurrentTasks: options.maxConcurrentTasks,
    // Step Functions Local reads its mock configuration from SFN_MOCK_CONFIG too.
    mockConfig: options.mockConfig ?? (process.env.SFN_MOCK_CONFIG || undefined),
    limits: options.limits,
    integrations: options.integrations ?? [],
    onWarning: options.onWarning ?? ((message) => process.emitWarning(message, 'SfnEcsMockWarning')),
  };
}

/** Says what a crashed runtime left behind: containers still running (now killed) and records of ended ones. */
function reportLeftovers(report: LeftoverReport, warn: (message: string) => void): void {
  if (report.stopped.length > 0) {
    const which = report.stopped.map((c) => `pid ${c.pid} (${c.container} of ${c.taskArn})`).join(', ');
    warn(`sfn-ecs: the previous runtime on this data folder ended without stopping its containers; killed ${report.stopped.length}: ${which}.`);
  }
  if (report.gone.length > 0) warn(`sfn-ecs: ${report.gone.length} container(s) of the previous runtime had already stopped.`);
}

/** Starts everything; close() undoes it (also on a failed start: nothing is left running). */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const o = resolveOptions(options);
  const project = await loadProject(o.rootDir, o.region ? { region: o.region } : {});
  const identity = { region: project.region, accountId: project.accountId };
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };

  try {
    await makePrivateDataFolder(o.dataDir);
    const lock = await lockDataFolder(o.dataDir, o.onWarning);
    cleanups.push(() => lock.release());
    const quarantine = new Quarantine(o.dataDir, o.onWarning);
    const containerRecords = new ContainerRecords(join(o.dataDir, DATA_LAYOUT.containers));
    reportLeftovers(containerRecords.stopLeftovers(), o.onWarning);

    const s3: EmbeddedS3 = await startEmbeddedS3({ directory: join(o.dataDir, DATA_LAYOUT.s3), buckets: [project.artifactBucket] });
    cleanups.push(() => s3.close());

    // The definition on its own, cached for the process; the Task checks depend on this runtime's integrations.
    const validateAlone = cachedValidation(validateStructure);
    const machines = await StateMachineStore.open(join(o.dataDir, DATA_LAYOUT.stateMachines), (text) => {
      const verdict = validateAlone(JSON.parse(text));
      return verdict.ok ? verdict.definition : { problem: verdict.errors.map((e) => `${e.message} at ${e.path}`).join(', ') };
    }, quarantine);
    // The store reports write failures; the service that fails the execution is built just below.
    let failOnStorageError: ((executionArn: string, error: Error) => void) | undefined;
    const executions = await ExecutionStore.open(join(o.dataDir, DATA_LAYOUT.executions), {
      quarantine,
      onWriteError: (executionArn, error) => {
        o.onWarning(`sfn-ecs: could not write execution ${executionArn}: ${error.message}`);
        failOnStorageError?.(executionArn, error);
      },
    });
    const taskTokens = new TaskTokenRegistry();
    // serviceAction -> integration: the local ECS cluster's once it runs (below), then the user's own.
    const integrationsByServiceAction = integrationTable<Integration>([]);
    const integrations = integrationResolver(integrationsByServiceAction);
    const clock = systemClock();
    const mockConfig = typeof o.mockConfig === 'string' ? await loadMockConfig(resolve(o.rootDir, o.mockConfig)) : o.mockConfig;
    const mocks = mockConfig ? runtimeMocks(mockConfig, integrations, taskTokens, o.onWarning) : undefined;
    const taskChecks: TaskChecks = { integrations, ...(mockConfig ? { isMocked: (stateName: string) => mockConfig.mocksState(stateName) } : {}) };
    const validate = (definition: unknown) => withTaskChecks(validateAlone(definition), taskChecks);
    let ecs: EcsService | undefined;
    let ecsRunTask: EcsRunTaskIntegration | undefined;
    const service = new StepFunctionsService({
      identity,
      machines,
      executions,
      taskTokens,
      validate,
      ...(mocks ? { checkTestCase: mocks.checkTestCase } : {}),
      run: (run) =>
        runExecution({
          ...run,
          integrations: mocks && run.testCase !== undefined ? mocks.integrationsFor(run.context.stateMachineName, run.testCase, run.definition) : integrations,
          taskTokens,
          clock,
          timeScale: o.timeScale,
          ...(o.limits ? { limits: o.limits } : {}),
        }),
      afterExecution: async (executionArn) => {
        await ecsRunTask?.drain(executionArn, AbortSignal.timeout(JOB_STOP_GRACE_MS));
      },
    });
    failOnStorageError = (executionArn, error) => service.failOnStorageError(executionArn, error);

    const testState = (input: Parameters<Runtime['testState']>[0]) =>
      runTestState(input, {
        integrations,
        mockOneState: (stateName, result) => mockOneState(integrations, stateName, result, taskTokens),
        taskTokens,
        clock,
        region: identity.region,
        accountId: identity.accountId,
        // TestState's own `mock` stands in for its state; the mock configuration plays no part.
        validate: (definition, mockedState) => withTaskChecks(validateAlone(definition), { integrations, isMocked: (stateName) => stateName === mockedState }),
      });
    // The ECS cluster needs the API's address (its containers call back), the API needs the cluster.
    const lateEcs = {
      runTask: (input: Parameters<EcsService['runTask']>[0]) => ecs!.runTask(input),
      describeTasks: (input: Parameters<EcsService['describeTasks']>[0]) => ecs!.describeTasks(input),
      stopTask: (input: Parameters<EcsService['stopTask']>[0]) => ecs!.stopTask(input),
      listTasks: (input: Parameters<EcsService['listTasks']>[0]) => ecs!.listTasks(input),
    };
    const logs = await LogStore.open(join(o.dataDir, DATA_LAYOUT.logs), identity, quarantine);
    const ecsApi = ecsService(lateEcs);
    const onUnexpectedError = (error: unknown): void => process.emitWarning(`sfn-ecs API handler failed: ${(error as Error)?.stack ?? String(error)}`);
    const webConsole = localConsole({ project, s3Endpoint: s3.endpoint, subscribeHistory: (listener) => service.onHistoryEvent(listener), onUnexpectedError });
    cleanups.push(async () => webConsole.close());
    const api: ApiServer = await startApiServer({
      port: o.port,
      onGet: webConsole.handle,
      services: [
        stepFunctionsService(service, { testState: (input) => testState(input) }),
        { ...ecsApi, operations: { ...ecsApi.operations, DescribeTaskDefinition: describeTaskDefinitionOperation(project.taskDefinitions, identity.region) } },
        logsService(logs),
      ],
      onUnexpectedError,
    });
    cleanups.push(() => api.close());

    const logDir = join(o.dataDir, DATA_LAYOUT.taskLogs);
    ecs = new EcsService({
      region: identity.region,
      accountId: identity.accountId,
      clusterName: LOCAL_CLUSTER_NAME,
      taskDefinitions: project.taskDefinitions,
      logDir,
      redactLogLine: (message) => logs.redact(message),
      containerRecords,
      workingDirectory: o.rootDir,
      ...(o.maxConcurrentTasks !== undefined ? { maxConcurrentTasks: o.maxConcurrentTasks } : {}),
      resolveImage: options.resolveImage ?? resolveWorkerImage,
      baseEnvironment: {
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_SFN: api.endpoint,
        AWS_ENDPOINT_URL_ECS: api.endpoint,
        AWS_S3_FORCE_PATH_STYLE: 'true',
        AWS_REGION: identity.region,
        AWS_DEFAULT_REGION: identity.region,
        // Dummy keys: neither the embedded S3 nor the local API checks them.
        AWS_ACCESS_KEY_ID: EMBEDDED_S3_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMBEDDED_S3_CREDENTIALS.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
        // The SDK's Node-version notice is noise in every task's log.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    const ecsService_ = ecs;
    cleanups.push(() => ecsService_.close());
    const disconnectLogs = connectEcsLogStreams({ ecs, store: logs, taskDefinitions: project.taskDefinitions, taskLogDir: logDir });
    cleanups.push(async () => {
      disconnectLogs();
      await logs.flush();
    });
    // Runs first on close: stop executions while their tasks can still be stopped cleanly.
    cleanups.push(() => service.stopAll('The local runtime was shut down.', CLOSE_GRACE_MS).then(() => executions.close()));
    ecsRunTask = createEcsRunTaskIntegration(ecs);
    for (const integration of [ecsRunTask, ...o.integrations]) integrationsByServiceAction.set(integration.serviceAction, integration);

    await service.recoverInterrupted();
    for (const machine of project.stateMachines) {
      try {
        await service.registerProjectMachine(machine.name, fillPlaceholders(machine.definitionText, project.placeholders));
      } catch (error) {
        throw new ProjectError(`statemachines/${machine.file}: ${(error as Error).message}`, { cause: error });
      }
    }

    let closing: Promise<void> | undefined;
    const runtime: Runtime = {
      rootDir: o.rootDir,
      dataDir: o.dataDir,
      region: identity.region,
      accountId: identity.accountId,
      endpoint: api.endpoint,
      s3Endpoint: s3.endpoint,
      artifactBucket: project.artifactBucket,
      project,
      ecs,
      logs,
      ...boundOperations(service),
      waitForExecution: (arn, signal) => service.waitForExecution(arn, signal),
      onHistoryEvent: (listener) => service.onHistoryEvent(listener),
      resolveExecution: (arnOrName) => {
        if (arnOrName.startsWith('arn:')) return arnOrName;
        const match = executions.list().find((e) => e.name === arnOrName);
        if (!match) throw new Error(`No execution named '${arnOrName}' in ${join(o.dataDir, 'executions')}`);
        return match.executionArn;
      },
      executionLogs: async (executionArn) => logsOfHistory(logDir, await service.history(executionArn)),
      stateMachineArn: (nameOrArn) => {
        if (nameOrArn.startsWith('arn:')) {
          parseStateMachineArn(nameOrArn);
          return nameOrArn;
        }
        return buildStateMachineArn(identity, nameOrArn);
      },
      testState: (input) => testState(input),
      close: () => (closing ??= closeAll()),
    };
    return runtime;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
