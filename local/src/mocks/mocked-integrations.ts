/**
 * The integration table one execution of a test case sees: states the test case mocks answer with
 * their mocked response; every other Task goes to the real integration (an unmocked ECS state still
 * starts the worker). Mocks sit behind the engine's Task call, so input/output processing, Retry and
 * Catch run as for a real task. Invocations are counted per state for this execution only.
 */
import { StatesError } from '../engine/errors.js';
import type { TaskTokenRegistry } from '../engine/task-tokens.js';
import {
  INTEGRATION_PATTERNS,
  type Integration,
  type IntegrationPattern,
  type IntegrationResolver,
  type InvocationHooks,
  type TaskInvocation,
} from '../engine/integration.js';
import { parseResourceArn } from '../engine/resource-arn.js';
import { parseMockConfig, type MockConfig, type MockedResponse } from './mock-config.js';

export interface TestCaseMocks {
  readonly config: MockConfig;
  /** State name -> mocked response name. */
  readonly states: ReadonlyMap<string, string>;
}

export class MockedIntegrationResolver implements IntegrationResolver {
  readonly #real: IntegrationResolver;
  readonly #mocks: TestCaseMocks;
  readonly #taskTokens: TaskTokenRegistry;
  readonly #invocations = new Map<string, number>();

  constructor(real: IntegrationResolver, mocks: TestCaseMocks, taskTokens: TaskTokenRegistry) {
    this.#real = real;
    this.#mocks = mocks;
    this.#taskTokens = taskTokens;
  }

  /** A resource resolves when it is real, or when this test case mocks some state (checked per call). */
  resolve(resource: string): { integration: Integration; pattern: IntegrationPattern } | undefined {
    const real = this.#real.resolve(resource);
    if (!real && this.#mocks.states.size === 0) return undefined;
    const pattern = real?.pattern ?? parseResourceArn(resource).pattern;
    return { integration: this.#mockOr(resource, real?.integration), pattern };
  }

  explainMissing(resource: string): string | undefined {
    return this.#real.explainMissing(resource);
  }

  /** How many times each mocked state was invoked in this execution. */
  invocationCounts(): ReadonlyMap<string, number> {
    return this.#invocations;
  }

  #mockOr(resource: string, real: Integration | undefined): Integration {
    const { serviceAction } = parseResourceArn(resource);
    return {
      serviceAction,
      patterns: INTEGRATION_PATTERNS,
      invoke: (invocation, hooks) => {
        const responseName = this.#mocks.states.get(invocation.context.stateName);
        if (responseName === undefined) {
          if (real) return real.invoke(invocation, hooks);
          throw new StatesError('States.Runtime', this.#real.explainMissing(resource) ?? `The resource '${resource}' is not available locally.`);
        }
        const count = this.#invocations.get(invocation.context.stateName) ?? 0;
        this.#invocations.set(invocation.context.stateName, count + 1);
        return this.#answer(invocation, hooks, this.#mocks.config.response(responseName, count));
      },
    };
  }

  async #answer(invocation: TaskInvocation, hooks: InvocationHooks, response: MockedResponse): Promise<unknown> {
    if (invocation.pattern === 'waitForTaskToken' && invocation.taskToken !== undefined) {
      // The mock stands for the callback too: the token is answered as the worker would answer it.
      const token = invocation.taskToken;
      hooks.submitted({});
      queueMicrotask(() => {
        if (response.kind === 'return') this.#taskTokens.sendSuccess(token, JSON.stringify(response.value ?? null));
        else this.#taskTokens.sendFailure(token, response.error, response.cause);
      });
      return {};
    }
    if (response.kind === 'throw') throw new StatesError(response.error, response.cause ?? '');
    return response.value ?? null;
  }
}

/** One state answered by one mocked result (TestState's `mock`): every other resource goes to `real`. */
export function mockOneState(
  real: IntegrationResolver,
  stateName: string,
  result: { value: unknown } | { error: string; cause?: string },
  taskTokens: TaskTokenRegistry,
): IntegrationResolver {
  const response = 'error' in result ? { Throw: { Error: result.error, ...(result.cause !== undefined ? { Cause: result.cause } : {}) } } : { Return: result.value };
  const config = parseMockConfig({ StateMachines: { TestState: { TestCases: { Mock: { [stateName]: 'Mock' } } } }, MockedResponses: { Mock: { '0': response } } }, 'TestState mock');
  return new MockedIntegrationResolver(real, { config, states: config.testCase('TestState', 'Mock')! }, taskTokens);
}
