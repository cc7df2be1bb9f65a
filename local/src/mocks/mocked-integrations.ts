/**
 * The integration table one execution of a test case sees: states the test case mocks answer with
 * their mocked response; every other Task goes to the real integration (an unmocked ECS state still
 * starts the worker). Mocks sit behind the engine's Task call, so input/output processing, Retry and
 * Catch run as for a real task. Invocations are counted per state for this execution only.
 */
import { StatesError } from '../engine/errors.js';
import type { TaskTokenRegistry } from '../engine/task-tokens.js';
import type { Integration, InvocationHooks, TaskInvocation } from '../integrations/integration.js';
import { IntegrationRegistry } from '../integrations/registry.js';
import { INTEGRATION_PATTERNS, type IntegrationPattern } from '../integrations/integration.js';
import { parseResourceArn } from '../integrations/resource-arn.js';
import type { MockConfig, MockedResponse } from './mock-config.js';

export interface TestCaseMocks {
  readonly config: MockConfig;
  /** State name -> mocked response name. */
  readonly states: ReadonlyMap<string, string>;
}

export class MockedIntegrationRegistry extends IntegrationRegistry {
  readonly #real: IntegrationRegistry;
  readonly #mocks: TestCaseMocks;
  readonly #taskTokens: TaskTokenRegistry;
  readonly #invocations = new Map<string, number>();

  constructor(real: IntegrationRegistry, mocks: TestCaseMocks, taskTokens: TaskTokenRegistry) {
    super();
    this.#real = real;
    this.#mocks = mocks;
    this.#taskTokens = taskTokens;
  }

  override register(integration: Integration): void {
    this.#real.register(integration);
  }

  /** A resource resolves when it is real, or when this test case mocks some state (checked per call). */
  override resolve(resource: string): { integration: Integration; pattern: IntegrationPattern } | undefined {
    const real = this.#real.resolve(resource);
    if (!real && this.#mocks.states.size === 0) return undefined;
    const pattern = real?.pattern ?? parseResourceArn(resource).pattern;
    return { integration: this.#mockOr(resource, real?.integration), pattern };
  }

  override explainMissing(resource: string): string | undefined {
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
