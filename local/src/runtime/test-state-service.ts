/**
 * The TestState operation (BC-SFN TestState) over the engine's testState: request checks with AWS's
 * error names (InvalidDefinition, InvalidExecutionInput, ValidationException), the state picked from
 * a single-state or whole-machine definition, and `mock` turned into a mocked integration so a mocked
 * Task never starts a job.
 */
import type { TestStateInput, TestStateOutput } from '@aws-sdk/client-sfn';
import type { State } from '../asl/types.js';
import { isJsonObject as isObject, walkStates, type JsonObject as Json } from '../asl/walk-states.js';
import type { ContextObject } from '../engine/context-object.js';
import { SELECTS_RESULT } from '../engine/query/query-language.js';
import { testState } from '../engine/test-state.js';
import type { TaskTokenRegistry } from '../engine/task-tokens.js';
import type { Clock } from '../engine/types.js';
import { ServiceError } from '../errors/service-error.js';
import type { IntegrationResolver } from '../engine/integration.js';
import type { DefinitionValidation } from './step-functions-context.js';

export interface TestStateDeps {
  readonly integrations: IntegrationResolver;
  /** `integrations` with one state answered by a mocked result (TestState's `mock`); the wiring supplies it. */
  readonly mockOneState: (stateName: string, result: MockedResult) => IntegrationResolver;
  readonly taskTokens: TaskTokenRegistry;
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  /** The runtime's validation, Task resources included; the state named `mockedState` is answered by a mock, whatever its resource. */
  readonly validate: (definition: unknown, mockedState?: string) => DefinitionValidation;
}

export type MockedResult = { value: unknown } | { error: string; cause?: string };
/** TestState's own limit (DG): a state that runs longer fails with States.Timeout. */
const TEST_STATE_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_STATE_NAME = 'TestState';

function validation(message: string): ServiceError {
  return new ServiceError('ValidationException', message);
}

function parseJson(text: string | undefined, fallback: unknown, fail: (message: string) => ServiceError): unknown {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail((error as Error).message);
  }
}

/** The state alone in a machine, its transition targets stubbed, so the usual validation applies. */
function machineAround(name: string, state: Json, rootLanguage: unknown): Json {
  const targets = new Set<string>();
  const add = (target: unknown): void => void (typeof target === 'string' && targets.add(target));
  add(state.Next);
  add(state.Default);
  for (const list of [state.Choices, state.Catch]) if (Array.isArray(list)) list.forEach((c) => isObject(c) && add(c.Next));
  const states: Json = { [name]: state };
  for (const target of targets) if (target !== name) states[target] = { Type: 'Succeed' };
  return { ...(rootLanguage !== undefined ? { QueryLanguage: rootLanguage } : {}), StartAt: name, States: states };
}

export async function runTestState(input: TestStateInput, deps: TestStateDeps): Promise<TestStateOutput> {
  if (typeof input.definition !== 'string') throw validation("1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
  const definition = parseJson(input.definition, undefined, (m) => new ServiceError('InvalidDefinition', `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${m}'`));
  if (!isObject(definition)) throw new ServiceError('InvalidDefinition', "Invalid State Machine Definition: 'The definition must be a JSON object'");

  let stateName: string;
  let state: Json;
  let rootLanguage: unknown;
  if (isObject(definition.States)) {
    stateName = input.stateName ?? String(definition.StartAt);
    const found = walkStates(definition).states.find((candidate) => candidate.name === stateName);
    if (!found) throw validation(`The state '${stateName}' is not in the definition`);
    state = found.state;
    rootLanguage = definition.QueryLanguage;
  } else {
    stateName = input.stateName ?? DEFAULT_STATE_NAME;
    state = definition;
  }
  const verdict = deps.validate(machineAround(stateName, state, rootLanguage), input.mock ? stateName : undefined);
  if (!verdict.ok) {
    const problems = verdict.errors.map((e) => `SCHEMA_VALIDATION_FAILED: ${e.message} at ${e.path || '/'}`).join(', ');
    throw new ServiceError('InvalidDefinition', `Invalid State Machine Definition: '${problems}'`);
  }
  const validated = verdict.definition.States[stateName]!;
  const language = validated.QueryLanguage ?? verdict.definition.QueryLanguage;
  const typed: State = { ...validated, ...(language !== undefined ? { QueryLanguage: language } : {}) };

  const stateInput = parseJson(input.input, {}, (m) => new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${m}'`));
  const variables = parseJson(input.variables, {}, (m) => validation(`Invalid variables: ${m}`));
  if (!isObject(variables)) throw validation('variables must be a JSON object');
  const context = parseJson(input.context, undefined, (m) => validation(`Invalid context: ${m}`));
  if (context !== undefined && !isObject(context)) throw validation('context must be a JSON object');

  const mock = input.mock;
  if (mock && mock.result !== undefined && mock.errorOutput !== undefined) throw validation('A mock has either result or errorOutput, not both');
  const mockable = SELECTS_RESULT.has(typed.Type);
  if (mock && !mockable) throw validation(`A mock applies to Task, Map and Parallel states, not ${typed.Type}`);
  if (!mock && (typed.Type === 'Map' || typed.Type === 'Parallel')) throw validation(`TestState runs a ${typed.Type} state only with a mock`);
  let mockedResult: MockedResult | undefined;
  if (mock) {
    if (mock.errorOutput) {
      mockedResult = { error: mock.errorOutput.error ?? 'States.TaskFailed', ...(mock.errorOutput.cause !== undefined ? { cause: mock.errorOutput.cause } : {}) };
    } else {
      mockedResult = { value: parseJson(mock.result ?? 'null', null, (m) => validation(`Invalid mock result: ${m}`)) };
    }
  }
  const integrations = mockedResult && typed.Type === 'Task' ? deps.mockOneState(stateName, mockedResult) : deps.integrations;

  const executionName = 'TestState';
  const machineArn = `arn:aws:states:${deps.region}:${deps.accountId}:stateMachine:TestState`;
  const result = await testState({
    stateName,
    state: typed,
    input: stateInput,
    variables,
    ...(context !== undefined ? { context: context as Partial<ContextObject> } : {}),
    inspectionLevel: input.inspectionLevel ?? 'INFO',
    ...(input.stateConfiguration?.retrierRetryCount !== undefined ? { retrierRetryCount: input.stateConfiguration.retrierRetryCount } : {}),
    execution: {
      executionArn: `arn:aws:states:${deps.region}:${deps.accountId}:execution:TestState:${executionName}`,
      executionName,
      stateMachineArn: machineArn,
      stateMachineName: 'TestState',
      roleArn: input.roleArn ?? `arn:aws:iam::${deps.accountId}:role/sfn-ecs-local`,
      startTime: new Date(deps.clock.now()).toISOString(),
      region: deps.region,
    },
    integrations,
    taskTokens: deps.taskTokens,
    clock: deps.clock,
    signal: AbortSignal.timeout(TEST_STATE_TIMEOUT_MS),
    ...(mockedResult && typed.Type !== 'Task' ? { mockedResult } : {}),
  });
  return result as TestStateOutput;
}
