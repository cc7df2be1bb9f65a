/**
 * The ELK graph of a state machine, drawn from its ASL: one node per state (Map and Parallel as
 * groups holding their inner states), Next edges, Choice edges labelled with their conditions, the
 * Default edge, Catch edges marked; Task nodes name their integration (ecs:runTask.sync, ...).
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';

type Json = Record<string, unknown>;

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch' | 'start' | 'end';

export interface StateNodeInfo {
  readonly name: string;
  readonly type: string;
  /** Second line: the integration of a Task, the kind of a group. */
  readonly subtitle: string;
  readonly group: boolean;
}

export interface GraphModel {
  readonly root: ElkNode;
  readonly nodes: Map<string, StateNodeInfo>;
  readonly edgeKinds: Map<string, EdgeKind>;
  /** Full text of shortened edge labels. */
  readonly edgeTitles: Map<string, string>;
}

const CHAR_PX = 7.2;
const NODE_HEIGHT = 62;
const LABEL_MAX = 30;
/** Room for the longest status line, e.g. "succeeded · retried 10×". */
const STATUS_WIDTH = 150;

function textWidth(text: string): number {
  return Math.ceil(text.length * CHAR_PX);
}

/** A Task's integration as the console shows it: ecs:runTask.sync, lambda:invoke.waitForTaskToken, or an activity/Lambda ARN's kind. */
export function integrationOf(resource: unknown): string {
  if (typeof resource !== 'string') return '';
  const service = /^arn:aws[\w-]*:states:::(.+)$/.exec(resource);
  if (service) return service[1]!;
  if (resource.includes(':activity:')) return 'activity';
  if (resource.includes(':lambda:')) return 'lambda function';
  return resource;
}

function subtitleOf(state: Json): string {
  if (state.Type === 'Task') return integrationOf(state.Resource) || 'Task';
  if (state.Type === 'Map') return 'Map: each item runs the inner states';
  if (state.Type === 'Parallel') return 'Parallel branches';
  if (state.Type === 'Wait') return 'Wait';
  return String(state.Type);
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > LABEL_MAX ? `${oneLine.slice(0, LABEL_MAX - 1)}…` : oneLine;
}

/** A Choice rule as text: a JSONata Condition, or a JSONPath comparison (And/Or/Not nested). */
export function describeRule(rule: Json): string {
  if (typeof rule.Condition === 'string') return rule.Condition.replace(/^\{%\s*|\s*%\}$/g, '');
  if (Array.isArray(rule.And)) return (rule.And as Json[]).map(describeRule).join(' and ');
  if (Array.isArray(rule.Or)) return (rule.Or as Json[]).map(describeRule).join(' or ');
  if (rule.Not && typeof rule.Not === 'object') return `not (${describeRule(rule.Not as Json)})`;
  const variable = String(rule.Variable ?? '');
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next' || key === 'Comment' || key === 'Assign' || key === 'Output') continue;
    const op = /^(String|Numeric|Timestamp|Boolean)?(Equals|LessThanEquals|GreaterThanEquals|LessThan|GreaterThan|Matches)(Path)?$/.exec(key);
    if (op) {
      const symbol = { Equals: '==', LessThan: '<', GreaterThan: '>', LessThanEquals: '<=', GreaterThanEquals: '>=', Matches: 'matches' }[op[2] as 'Equals'];
      return `${variable} ${symbol} ${op[3] ? String(value) : JSON.stringify(value)}`;
    }
    if (key.startsWith('Is')) return `${variable} ${key.replace(/^Is/, 'is ')}${value === false ? ' (false)' : ''}`;
  }
  return variable || 'rule';
}

/** Builds the layout graph; node ids are the state names (unique in a machine, as ASL requires). */
export function aslGraph(definition: Json): GraphModel {
  const nodes = new Map<string, StateNodeInfo>();
  const edgeKinds = new Map<string, EdgeKind>();
  const edgeTitles = new Map<string, string>();
  let edgeCount = 0;

  const edge = (from: string, to: string, kind: EdgeKind, label?: string): ElkExtendedEdge => {
    const id = `e${edgeCount++}`;
    edgeKinds.set(id, kind);
    const shown = label !== undefined ? shorten(label) : undefined;
    if (label !== undefined && shown !== label) edgeTitles.set(id, label);
    return {
      id,
      sources: [from],
      targets: [to],
      ...(shown ? { labels: [{ id: `${id}-label`, text: shown, width: textWidth(shown) + 8, height: 18 }] } : {}),
    };
  };

  const scope = (states: Json, startAt: unknown, top: boolean): { children: ElkNode[]; edges: ElkExtendedEdge[] } => {
    const children: ElkNode[] = [];
    const edges: ElkExtendedEdge[] = [];
    if (top) {
      children.push({ id: '__start', width: 64, height: 28 }, { id: '__end', width: 64, height: 28 });
      if (typeof startAt === 'string') edges.push(edge('__start', startAt, 'start'));
    }
    for (const [name, raw] of Object.entries(states)) {
      const state = raw as Json;
      const type = String(state.Type);
      const subtitle = subtitleOf(state);
      const width = Math.max(STATUS_WIDTH + 24, textWidth(name) * 1.1 + 28, textWidth(subtitle) * 0.95 + 28);
      if (type === 'Map') {
        const processor = (state.ItemProcessor ?? state.Iterator) as Json | undefined;
        const inner = processor ? scope((processor.States ?? {}) as Json, processor.StartAt, false) : { children: [], edges: [] };
        children.push({ id: name, ...inner, layoutOptions: { 'elk.padding': '[top=52,left=16,bottom=16,right=16]' } });
        nodes.set(name, { name, type, subtitle, group: true });
      } else if (type === 'Parallel') {
        const branches = ((state.Branches ?? []) as Json[]).map((branch, index) => {
          const inner = scope((branch.States ?? {}) as Json, branch.StartAt, false);
          const id = `${name}#branch${index + 1}`;
          nodes.set(id, { name: `Branch ${index + 1}`, type: 'Branch', subtitle: '', group: true });
          return { id, ...inner, layoutOptions: { 'elk.padding': '[top=30,left=12,bottom=12,right=12]' } };
        });
        children.push({ id: name, children: branches, layoutOptions: { 'elk.padding': '[top=52,left=16,bottom=16,right=16]' } });
        nodes.set(name, { name, type, subtitle, group: true });
      } else {
        children.push({ id: name, width, height: NODE_HEIGHT });
        nodes.set(name, { name, type, subtitle, group: false });
      }
      if (typeof state.Next === 'string') edges.push(edge(name, state.Next, 'next'));
      if (type === 'Choice') {
        for (const rule of (state.Choices ?? []) as Json[]) if (typeof rule.Next === 'string') edges.push(edge(name, rule.Next, 'choice', describeRule(rule)));
        if (typeof state.Default === 'string') edges.push(edge(name, state.Default, 'default', 'Default'));
      }
      for (const handler of (state.Catch ?? []) as Json[]) {
        if (typeof handler.Next === 'string') edges.push(edge(name, handler.Next, 'catch', `Catch ${((handler.ErrorEquals ?? []) as string[]).join(', ')}`));
      }
      if (top && (state.End === true || type === 'Succeed' || type === 'Fail')) edges.push(edge(name, '__end', 'end'));
    }
    return { children, edges };
  };

  const top = scope((definition.States ?? {}) as Json, definition.StartAt, true);
  const root: ElkNode = {
    id: '__root',
    ...top,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.edgeLabel': '4',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
  };
  // Inner scopes lay out like the top.
  const inherit = (node: ElkNode): void => {
    for (const child of node.children ?? []) {
      if (child.children) {
        child.layoutOptions = { ...root.layoutOptions, ...child.layoutOptions };
        inherit(child);
      }
    }
  };
  inherit(root);
  return { root, nodes, edgeKinds, edgeTitles };
}
