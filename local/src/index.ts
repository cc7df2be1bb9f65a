/**
 * sfn-ecs as a library: start the local runtime (Step Functions + ECS + S3 on 127.0.0.1) from code.
 *
 *   const runtime = await createRuntime({ rootDir: process.cwd() });
 *   const { executionArn } = await runtime.startExecution({ stateMachineArn: runtime.stateMachineArn('sync'), input });
 *   console.log(await runtime.waitForExecution(executionArn));
 *   await runtime.close();
 */
export { createRuntime, LOCAL_CLUSTER_NAME } from './app/create-runtime.js';
export type { Runtime, RuntimeOptions } from './app/runtime-types.js';
export type { HistoryListener } from './runtime/step-functions-service.js';
export type { TaskLogEntry } from './integrations/ecs/task-logs.js';
export type { HistoryEvent, HistoryEventType } from './engine/types.js';
export { ServiceError } from './errors/service-error.js';
export { StatesError } from './engine/errors.js';
export type { Integration, IntegrationPattern, InvocationHooks, ParameterProblem, TaskInvocation } from './engine/integration.js';

// Testing workflows like code (docs/testing.md).
export { startTestRuntime, DEFAULT_TEST_TIME_SCALE } from './testing/test-runtime.js';
export type { StartOptions, TestRuntime, TestRuntimeOptions } from './testing/test-runtime.js';
export { enteredStates, eventsOfType } from './testing/execution-result.js';
export type { ExecutionResult } from './testing/execution-result.js';
export { loadMockConfig, parseMockConfig, MockConfig, MockConfigError } from './mocks/mock-config.js';
export type { MockedResponse } from './mocks/mock-config.js';
export { AWS_LIMITS, scaledLimits } from './engine/limits.js';
export type { ExecutionLimits } from './engine/limits.js';
export { lintDefinition, lintFiles } from './lint/lint.js';
export type { LintFinding, LintSeverity } from './lint/lint.js';
