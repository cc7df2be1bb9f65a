import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { aslGraph, describeRule, integrationOf } from '../../local/web/src/graph/asl-graph.js';
import { buildModel, stateStatuses } from '../../local/web/src/execution-model.js';
import type { WireEvent } from '../../local/web/src/api.js';

describe('the graph drawn from the ASL', () => {
  it.each([
    ['arn:aws:states:::ecs:runTask.sync', 'ecs:runTask.sync'],
    ['arn:aws:states:::ecs:runTask.waitForTaskToken', 'ecs:runTask.waitForTaskToken'],
    ['arn:aws:states:us-east-1:123456789012:activity:a', 'activity'],
  ])('names the integration of %s as %s', (resource, shown) => {
    expect(integrationOf(resource)).toBe(shown);
  });

  it.each([
    [{ Condition: '{% $x > 1 %}', Next: 'A' }, '$x > 1'],
    [{ Variable: '$.n', NumericGreaterThanEquals: 3, Next: 'A' }, '$.n >= 3'],
    [{ Variable: '$.s', StringEqualsPath: '$.t', Next: 'A' }, '$.s == $.t'],
    [{ And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$.b', BooleanEquals: false } }], Next: 'A' }, '$.a is Present and not ($.b == false)'],
  ])('labels a Choice rule with its condition', (rule, label) => {
    expect(describeRule(rule)).toBe(label);
  });

  it('draws the fan-out: the Map as a group of its inner states, Choice, Default and Catch edges marked', async () => {
    const definition = JSON.parse(await readFile('statemachines/fanout.asl.json', 'utf8')) as Record<string, unknown>;
    const graph = aslGraph(definition);
    const map = graph.root.children!.find((c) => c.id === 'Run tasks')!;
    expect(map.children!.map((c) => c.id)).toContain('Run item');
    expect(graph.nodes.get('Run item')).toMatchObject({ type: 'Task', subtitle: 'ecs:runTask.sync' });
    const kinds = [...graph.edgeKinds.values()];
    for (const kind of ['start', 'choice', 'default', 'catch', 'end']) expect(kinds).toContain(kind);
    const all = [graph.root, ...graph.root.children!, ...map.children!].flatMap((n) => n.edges ?? []);
    expect(all.filter((e) => graph.edgeKinds.get(e.id) === 'catch').every((e) => e.label?.text.startsWith('Catch '))).toBe(true);
  });
});

describe('what happened to each state', () => {
  let id = 0;
  const event = (type: string, previousEventId: number, details: Record<string, unknown> = {}, key = 'stateEnteredEventDetails'): WireEvent =>
    ({ id: ++id, previousEventId, type, timestamp: 1_796_000_000 + id, [key]: details }) as unknown as WireEvent;

  it('follows Map items by the previousEventId chain, and retries within a visit', () => {
    id = 0;
    const events = [
      event('ExecutionStarted', 0, {}, 'executionStartedEventDetails'),
      event('MapStateEntered', 1, { name: 'Items' }),
      event('MapIterationStarted', 2, { name: 'Items', index: 0 }, 'mapIterationStartedEventDetails'),
      event('MapIterationStarted', 2, { name: 'Items', index: 1 }, 'mapIterationStartedEventDetails'),
      event('TaskStateEntered', 3, { name: 'Work' }),
      event('TaskStateEntered', 4, { name: 'Work' }),
      event('TaskScheduled', 5, { resourceType: 'ecs', resource: 'runTask.sync' }, 'taskScheduledEventDetails'),
      event('TaskScheduled', 6, { resourceType: 'ecs', resource: 'runTask.sync' }, 'taskScheduledEventDetails'),
      event('TaskFailed', 7, { error: 'States.TaskFailed' }, 'taskFailedEventDetails'),
      event('TaskScheduled', 9, { resourceType: 'ecs', resource: 'runTask.sync' }, 'taskScheduledEventDetails'),
      event('TaskSucceeded', 8, {}, 'taskSucceededEventDetails'),
      event('TaskStateExited', 11, { name: 'Work' }, 'stateExitedEventDetails'),
      event('MapIterationSucceeded', 12, { name: 'Items', index: 1 }, 'mapIterationSucceededEventDetails'),
    ];
    const model = buildModel(events);
    expect(model.visits.map((v) => [v.name, v.scope, v.status])).toEqual([
      ['Items', '', 'running'],
      ['Work', 'Items[0]', 'running'],
      ['Work', 'Items[1]', 'succeeded'],
    ]);
    expect(model.visits[1]!.attempts.map((a) => a.outcome)).toEqual(['failed', 'running']);
    expect(stateStatuses(model, 'Items[0]').get('Work')).toEqual({ status: 'running', retries: 1, visits: 1 });
    expect(stateStatuses(model, 'Items[1]').get('Work')).toEqual({ status: 'succeeded', retries: 0, visits: 1 });
    // With no item chosen the state shows its most telling status across the items.
    expect(stateStatuses(model, undefined).get('Work')?.status).toBe('running');
    expect(model.stateOfEvent.get(10)).toBe('Work');
  });
});
