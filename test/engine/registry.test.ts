import { describe, expect, it } from 'vitest';
import type { Integration } from '../../local/src/engine/integration.js';
import { integrationResolver, integrationTable } from '../../local/src/integrations/registry.js';
import { parseResourceArn } from '../../local/src/engine/resource-arn.js';

const ecs: Integration = { serviceAction: 'ecs:runTask', patterns: ['request-response', 'sync', 'waitForTaskToken'], invoke: async () => ({}) };

describe('parseResourceArn', () => {
  it.each([
    ['arn:aws:states:::ecs:runTask.sync', { serviceAction: 'ecs:runTask', pattern: 'sync', resourceType: 'ecs', resource: 'runTask.sync' }],
    ['arn:aws:states:::ecs:runTask.waitForTaskToken', { serviceAction: 'ecs:runTask', pattern: 'waitForTaskToken', resourceType: 'ecs', resource: 'runTask.waitForTaskToken' }],
    ['arn:aws:states:::ecs:runTask', { serviceAction: 'ecs:runTask', pattern: 'request-response', resourceType: 'ecs', resource: 'runTask' }],
    ['arn:aws:states:::states:startExecution.sync:2', { serviceAction: 'states:startExecution', pattern: 'sync', resourceType: 'states', resource: 'startExecution.sync:2' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:f', { serviceAction: 'arn:aws:lambda:us-east-1:123456789012:function:f', pattern: 'request-response', resourceType: 'lambda' }],
  ])('%s', (resource, expected) => {
    expect(parseResourceArn(resource)).toMatchObject(expected);
  });
});

describe('integrationResolver', () => {
  it('resolves a resource to its integration and pattern', () => {
    const registry = integrationResolver(integrationTable([ecs]));
    expect(registry.resolve('arn:aws:states:::ecs:runTask.sync')).toEqual({ integration: ecs, pattern: 'sync' });
    expect(registry.resolve('arn:aws:states:::lambda:invoke')).toBeUndefined();
  });

  it('refuses a pattern the integration does not support, and says why', () => {
    const registry = integrationResolver(integrationTable([{ ...ecs, patterns: ['sync'] }]));
    expect(registry.resolve('arn:aws:states:::ecs:runTask.waitForTaskToken')).toBeUndefined();
    expect(registry.explainMissing('arn:aws:states:::ecs:runTask.waitForTaskToken')).toContain("not 'waitForTaskToken'");
  });

  it('sees integrations the wiring adds to its table later, the last one for a key winning', () => {
    const table = integrationTable([ecs]);
    const registry = integrationResolver(table);
    expect(registry.explainMissing('arn:aws:states:::lambda:invoke')).toContain('RuntimeOptions.integrations');
    const lambda: Integration = { serviceAction: 'lambda:invoke', patterns: ['request-response'], invoke: async () => ({}) };
    table.set(lambda.serviceAction, lambda);
    expect(registry.resolve('arn:aws:states:::lambda:invoke')).toEqual({ integration: lambda, pattern: 'request-response' });
    const replacement: Integration = { ...ecs, invoke: async () => 'mine' };
    expect(integrationResolver(integrationTable([ecs, replacement])).resolve('arn:aws:states:::ecs:runTask')?.integration).toBe(replacement);
  });
});
