/**
 * The runtime's side of mocking: checks the test case a StartExecution names
 * (`<stateMachineArn>#<TestCaseName>`) and gives each such execution its own mocked integration
 * table (fresh invocation counters), warning once per execution about mocks AWS could never return.
 */
import type { TaskTokenRegistry } from '../engine/task-tokens.js';
import { ServiceError } from '../errors/service-error.js';
import type { IntegrationResolver } from '../engine/integration.js';
import type { MockConfig } from './mock-config.js';
import { MockedIntegrationResolver } from './mocked-integrations.js';
import { mockWarnings } from './mock-warnings.js';

export interface RuntimeMocks {
  readonly config: MockConfig;
  /** Throws ServiceError when the machine has no such test case. */
  checkTestCase(stateMachineName: string, testCase: string): void;
  /** The integrations one execution of `testCase` uses. */
  integrationsFor(stateMachineName: string, testCase: string, definition: unknown): IntegrationResolver;
}

export function runtimeMocks(config: MockConfig, real: IntegrationResolver, taskTokens: TaskTokenRegistry, warn: (message: string) => void): RuntimeMocks {
  const warned = new Set<string>();
  return {
    config,
    checkTestCase(stateMachineName, testCase) {
      if (config.testCase(stateMachineName, testCase)) return;
      const known = config.testCaseNames(stateMachineName);
      throw new ServiceError(
        'ValidationException',
        `The test case '${testCase}' is not defined for the state machine '${stateMachineName}' in ${config.source}` +
          (known.length > 0 ? ` (defined: ${known.join(', ')})` : ' (it defines no test cases for this state machine)'),
      );
    },
    integrationsFor(stateMachineName, testCase, definition) {
      const states = config.testCase(stateMachineName, testCase) ?? new Map<string, string>();
      const key = `${stateMachineName}#${testCase}`;
      if (!warned.has(key)) {
        warned.add(key);
        for (const message of mockWarnings(definition, config, states)) warn(`${key}: ${message}`);
      }
      return new MockedIntegrationResolver(real, { config, states }, taskTokens);
    },
  };
}
