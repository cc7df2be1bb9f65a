/**
 * How Task states reach integrations: a plain map from `service:action` (see resource-arn.ts) to the
 * integration, filled by the wiring (integrations/ecs, then RuntimeOptions.integrations), read through
 * the engine's IntegrationResolver.
 */
import type { Integration, IntegrationPattern, IntegrationResolver } from '../engine/integration.js';
import { parseResourceArn } from '../engine/resource-arn.js';

/** An integration as validation sees it, without running anything (lint knows the built-in ones this way). */
export type IntegrationContract = Omit<Integration, 'invoke'>;

/** A table of `integrations` by serviceAction; a later one replaces an earlier one for the same key. */
export function integrationTable<I extends IntegrationContract = Integration>(integrations: readonly I[]): Map<string, I> {
  return new Map(integrations.map((integration) => [integration.serviceAction, integration]));
}

/** The engine's IntegrationResolver, over any kind of table entry. */
export interface ResolverOver<I extends IntegrationContract> extends Pick<IntegrationResolver, 'explainMissing'> {
  resolve(resource: string): { integration: I; pattern: IntegrationPattern } | undefined;
}

/** Resolves resources over `table` as it is at each call (the wiring may add to it later). */
export function integrationResolver<I extends IntegrationContract = Integration>(table: ReadonlyMap<string, I>): ResolverOver<I> {
  return {
    resolve(resource) {
      const { serviceAction, pattern } = parseResourceArn(resource);
      const integration = table.get(serviceAction);
      if (!integration || !integration.patterns.includes(pattern)) return undefined;
      return { integration, pattern };
    },
    explainMissing(resource) {
      const { serviceAction, pattern } = parseResourceArn(resource);
      const integration = table.get(serviceAction);
      if (!integration) {
        const known = [...table.keys()].join(', ') || 'none';
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
    },
  };
}
