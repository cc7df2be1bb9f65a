/**
 * The graph of a state machine, drawn from its ASL: one node per state (Map and Parallel as
 * groups holding their inner states), Next edges, Choice edges labelled with their conditions, the
 * Default edge, Catch edges marked; Task nodes name their integration (ecs:runTask.sync, ...).
 * Sizes only: layout.ts places it.
 */
type Json = Record<string, unknown>;

export interface EdgeLabel {
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

/** An edge between two nodes of the same scope (ASL transitions never leave their Map or branch). */
export interface GraphEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly label?: EdgeLabel;
}

export interface Padding {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** A state (fixed size) or a group (Map, Parallel, a branch, the root): its size follows from its laid-out children. */
export interface GraphNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly children?: readonly GraphNode[];
  readonly edges?: readonly GraphEdge[];
  readonly padding?: Padding;
}

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch' | 'start' | 'end';

export interface StateNodeInfo {
  readonly name: string;
  readonly type: string;
  /** Second line: the integration of a Task, the kind of a group. */
  readonly subtitle: string;
  readonly group: boolean;
}

export interface GraphModel {
  readonly root: GraphNode;
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
/** Room above a group's inner states for its name, kind and status. */
const GROUP_PADDING: Padding = { top: 52, left: 16, bottom: 16, right: 16 };
const BRANCH_PADDING: Padding = { top: 30, left: 12, bottom: 12, right: 12 };
const ROOT_PADDING: Padding = { top: 12, left: 12, bottom: 12, right: 12 };

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

  const edge = (from: string, to: string, kind: EdgeKind, label?: string): GraphEdge => {
    const id = `e${edgeCount++}`;
    edgeKinds.set(id, kind);
    const shown = label !== undefined ? shorten(label) : undefined;
    if (label !== undefined && shown !== label) edgeTitles.set(id, label);
    return { id, from, to, ...(shown ? { label: { text: shown, width: textWidth(shown) + 8, height: 18 } } : {}) };
  };

  // A group's width is the least its title needs: the layout sizes it around its children.
  const scope = (states: Json, startAt: unknown, top: boolean): { children: GraphNode[]; edges: GraphEdge[] } => {
    const children: GraphNode[] = [];
    const edges: GraphEdge[] = [];
    if (top) {
      children.push({ id: '__start', width: 64, height: 28 }, { id: '__end', width: 64, height: 28 });
      if (typeof startAt === 'string') edges.push(edge('__start', startAt, 'start'));
    }
    for (const [name, raw] of Object.entries(states)) {
      const state = raw as Json;
      const type = String(state.Type);
      const subtitle = subtitleOf(state);
      const width = Math.max(STATUS_WIDTH + 24, textWidth(name) * 1.1 + 28, textWidth(subtitle) * 0.95 + 28);
      // A group shows its status on its title line, right of its name.
      const groupWidth = Math.max(width, textWidth(name) * 1.1 + STATUS_WIDTH + 36);
      if (type === 'Map') {
        const processor = (state.ItemProcessor ?? state.Iterator) as Json | undefined;
        const inner = processor ? scope((processor.States ?? {}) as Json, processor.StartAt, false) : { children: [], edges: [] };
        children.push({ id: name, width: groupWidth, height: 0, ...inner, padding: GROUP_PADDING });
        nodes.set(name, { name, type, subtitle, group: true });
      } else if (type === 'Parallel') {
        const branches = ((state.Branches ?? []) as Json[]).map((branch, index) => {
          const inner = scope((branch.States ?? {}) as Json, branch.StartAt, false);
          const id = `${name}#branch${index + 1}`;
          nodes.set(id, { name: `Branch ${index + 1}`, type: 'Branch', subtitle: '', group: true });
          return { id, width: 0, height: 0, ...inner, padding: BRANCH_PADDING };
        });
        children.push({ id: name, width: groupWidth, height: 0, children: branches, edges: [], padding: GROUP_PADDING });
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
  return { root: { id: '__root', width: 0, height: 0, ...top, padding: ROOT_PADDING }, nodes, edgeKinds, edgeTitles };
}
