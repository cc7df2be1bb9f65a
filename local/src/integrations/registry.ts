/**
 * The table Task states reach integrations through, keyed by `service:action` (see resource-arn.ts).
 * integrations/ecs registers itself here; a user's own handler plugs in the same way.
 */
import type { Integration, IntegrationPattern, IntegrationResolver } from '../engine/integration.js';
import { parseResourceArn } from '../engine/resource-arn.js';

export class IntegrationRegistry implements IntegrationResolver {
  readonly #byServiceAction = new Map<string, Integration>();

  register(integration: Integration): void {
    this.#byServiceAction.set(integration.serviceAction, integration);
  }

  /** e.g. arn:aws:states:::ecs:runTask.sync -> the ecs:runTask integration + pattern 'sync'. */
  resolve(resource: string): { integration: Integration; pattern: IntegrationPattern } | undefined {
    const { serviceAction, pattern } = parseResourceArn(resource);
    const integration = this.#byServiceAction.get(serviceAction);
    if (!integration || !integration.patterns.includes(pattern)) return undefined;
    return { integration, pattern };
  }

  /** Why `resource` does not resolve, in words a user can act on; undefined when it resolves. */
  explainMissing(resource: string): string | undefined {
    const { serviceAction, pattern } = parseResourceArn(resource);
    const integration = this.#byServiceAction.get(serviceAction);
    if (!integration) {
      const known = [...this.#byServiceAction.keys()].join(', ') || 'none';
      return (
        `The resource '${resource}' is not available locally: no integration is registered for '${serviceAction}' ` +
        `(registered: ${known}). Register a handler in RuntimeOptions.integrations ` +
        `([{ serviceAction: '${serviceAction}', patterns: ['${pattern}'], invoke }]), or mock this state in the mock configuration ` +
        `(RuntimeOptions.mockConfig, --mock-config or SFN_MOCK_CONFIG) and start the execution with a test case.`
      );
    }
    if (!integration.patterns.includes(pattern)) {
      return (
        `The resource '${resource}' is not available locally: '${serviceAction}' supports the patterns ` +
        `${integration.patterns.join(', ')} but not '${pattern}'.`
      );
    }
    return undefined;
  }
}
