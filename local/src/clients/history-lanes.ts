/**
 * Which lane of an execution each history event belongs to: the top level, one Map item or one
 * Parallel branch. Histories carry no lane, so it is worked out from previousEventId alone, the way
 * AWS links events (and the local engine copies): each lane chains its own events; MapIterationStarted
 * hangs off MapStateStarted or off the last event of the item it follows; MapIteration* ends name
 * their Map and index; a Map's or Parallel's own end hangs off whichever inner event came last. No I/O
 * here, so the web console can share it.
 */

/** The fields of a history event this needs (the SDK's and the engine's events both fit). */
export interface LaneEvent {
  readonly id?: number | undefined;
  readonly previousEventId?: number | undefined;
  readonly type?: string | undefined;
}

/** A Map or Parallel state while it runs, with its items or branches. */
export interface LaneContainer {
  readonly kind: 'Map' | 'Parallel';
  readonly name: string;
  /** The lane the state itself runs in. */
  readonly lane: HistoryLane;
  /** Items (Map) or branches (Parallel) by index. */
  readonly children: Map<number, HistoryLane>;
  /** Item count from MapStateStarted (Map only). */
  total: number | undefined;
  startedEventId: number | undefined;
  open: boolean;
}

export interface HistoryLane {
  /** '' for the top level; 'item 2', 'item 2 › item 4', 'branch 1' for the others. */
  readonly label: string;
  readonly parent: HistoryLane | undefined;
  /** The Map or Parallel this lane is an item or branch of. */
  readonly container: LaneContainer | undefined;
  readonly index: number;
  /** Set by the MapIteration* end event (never for branches: AWS records no branch end). */
  ended: 'Succeeded' | 'Failed' | 'Aborted' | undefined;
  /** The state the lane is in and its type ('Task', 'Fail', ...), for placing *StateAborted events. */
  current: { name: string; kind: string } | undefined;
  readonly containers: LaneContainer[];
}

/** Where an event goes: the lane it prints in, and for MapIteration* events the item's own lane. */
export interface LanePlacement {
  readonly lane: HistoryLane;
  readonly item?: HistoryLane;
  readonly container?: LaneContainer;
}

function newLane(parent: HistoryLane | undefined, container: LaneContainer | undefined, index: number, label: string): HistoryLane {
  return { label, parent, container, index, ended: undefined, current: undefined, containers: [] };
}

function childLabel(parent: HistoryLane, own: string): string {
  return parent.label === '' ? own : `${parent.label} › ${own}`;
}

/** Lanes of one execution's history, fed its events in order. */
export class HistoryLanes {
  readonly top: HistoryLane = newLane(undefined, undefined, 0, '');
  readonly #laneOfEvent = new Map<number, HistoryLane>();
  #lastClosed: LaneContainer | undefined;

  place(event: LaneEvent, details: Record<string, unknown>): LanePlacement {
    const placement = this.#place(event, details);
    if (event.id !== undefined) this.#laneOfEvent.set(event.id, placement.item ?? placement.lane);
    return placement;
  }

  #place(event: LaneEvent, details: Record<string, unknown>): LanePlacement {
    const type = event.type ?? '';
    // ExecutionAborted links to event 0 and every execution event is the execution's own.
    if (type.startsWith('Execution')) return { lane: this.top };
    const previous = this.#laneOfEvent.get(event.previousEventId ?? 0) ?? this.top;
    const lane = this.#branchStartedBy(event.previousEventId, previous) ?? previous;

    if (type === 'MapStateEntered' || type === 'ParallelStateEntered') {
      const container: LaneContainer = { kind: type === 'MapStateEntered' ? 'Map' : 'Parallel', name: String(details.name), lane, children: new Map(), total: undefined, startedEventId: undefined, open: true };
      lane.containers.push(container);
      lane.current = { name: container.name, kind: container.kind };
      return { lane, container };
    }
    if (type === 'MapStateStarted' || type === 'ParallelStateStarted') {
      const container = this.#findOpen(lane, (c) => c.kind === type.slice(0, -'StateStarted'.length));
      if (container) {
        container.startedEventId = event.id;
        if (typeof details.length === 'number') container.total = details.length;
      }
      return { lane: container?.lane ?? lane, ...(container ? { container } : {}) };
    }
    if (type === 'MapIterationStarted') {
      const container = this.#findOpen(lane, (c) => c.kind === 'Map' && c.name === String(details.name));
      if (!container) return { lane };
      const index = Number(details.index);
      const item = newLane(container.lane, container, index, childLabel(container.lane, `item ${index}`));
      container.children.set(index, item);
      return { lane: container.lane, item, container };
    }
    const iterationEnd = /^MapIteration(Succeeded|Failed|Aborted)$/.exec(type);
    if (iterationEnd) {
      const container = this.#findOpen(lane, (c) => c.kind === 'Map' && c.name === String(details.name));
      const item = container?.children.get(Number(details.index));
      if (!container || !item) return { lane };
      item.ended = iterationEnd[1] as HistoryLane['ended'];
      return { lane: container.lane, item, container };
    }
    const containerEnd = /^(Map|Parallel)State(Succeeded|Failed|Aborted)$/.exec(type);
    if (containerEnd) {
      const kind = containerEnd[1] as LaneContainer['kind'];
      // The end hangs off the last inner event: the nearest open one of its kind whose items all ended.
      const container =
        this.#findOpen(lane, (c) => c.kind === kind && [...c.children.values()].every((child) => child.ended !== undefined || kind === 'Parallel')) ??
        this.#findOpen(lane, (c) => c.kind === kind);
      if (!container) return { lane };
      container.open = false;
      this.#lastClosed = container;
      return { lane: container.lane, container };
    }
    // MapStateExited follows the last inner event as MapStateSucceeded does (AWS-recorded), not MapStateSucceeded.
    const containerExit = /^(Map|Parallel)StateExited$/.exec(type);
    if (containerExit) {
      const container = this.#lastClosed?.name === String(details.name) ? this.#lastClosed : this.#findOpen(lane, (c) => c.name === String(details.name));
      if (container) {
        container.open = false;
        if (container.lane.current?.name === container.name) container.lane.current = undefined;
        return { lane: container.lane, container };
      }
    }
    if (type.endsWith('StateAborted')) return { lane: this.#abortedLane(lane, type.slice(0, -'StateAborted'.length)) };
    if (type.endsWith('StateEntered')) lane.current = { name: String(details.name), kind: type.slice(0, -'StateEntered'.length) };
    if (type.endsWith('StateExited') && lane.current?.name === String(details.name)) lane.current = undefined;
    return { lane };
  }

  /** An event linked to ParallelStateStarted opens the next branch (AWS records no branch index: order of appearance). */
  #branchStartedBy(previousEventId: number | undefined, previous: HistoryLane): HistoryLane | undefined {
    const container = previous.containers.find((c) => c.kind === 'Parallel' && c.open && c.startedEventId === previousEventId);
    if (!container) return undefined;
    const index = container.children.size;
    const branch = newLane(container.lane, container, index, childLabel(container.lane, `branch ${index}`));
    container.children.set(index, branch);
    return branch;
  }

  /**
   * A sibling stopped by a failing item is recorded after the failing event, so it links into the
   * failing lane: the aborted state is the one of that type still running in a sibling lane.
   */
  #abortedLane(lane: HistoryLane, kind: string): HistoryLane {
    if ((lane.current?.kind === kind && lane.ended === undefined) || !lane.container) return lane;
    for (const sibling of lane.container.children.values()) {
      if (sibling !== lane && sibling.ended === undefined && sibling.current?.kind === kind) {
        sibling.current = undefined;
        return sibling;
      }
    }
    return lane;
  }

  #findOpen(from: HistoryLane, matches: (container: LaneContainer) => boolean): LaneContainer | undefined {
    for (let lane: HistoryLane | undefined = from; lane; lane = lane.parent) {
      const found = [...lane.containers].reverse().find((c) => c.open && matches(c));
      if (found) return found;
    }
    return undefined;
  }
}
