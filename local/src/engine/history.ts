/**
 * Writes history events in AWS's shape (BC-SFN HistoryEvent): sequential ids from 1, details under
 * `<lowerCamelType>EventDetails`, except every *StateEntered / *StateExited, which use
 * stateEnteredEventDetails / stateExitedEventDetails. Each lane (the execution, a Parallel branch,
 * a Map iteration) chains previousEventId through its own cursor.
 */
import { STATES_ERRORS, StatesError } from './errors.js';
import { AWS_LIMITS } from './limits.js';
import type { Clock } from './clock.js';
import type { HistoryEvent } from './types.js';
import type { HistoryEventType } from './history-event-types.js';

export interface EventCursor {
  last: number;
  /** The lane the events written through this cursor belong to (reported beside the event, never in it). */
  readonly lane?: string;
}

/** AWS records whether a payload was truncated; the local runtime never truncates. */
export const NOT_TRUNCATED = { truncated: false } as const;

function detailsKey(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

/** The events that close an execution's history: exactly one is its last event. */
export const CLOSING_EVENT_TYPES = ['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted'] as const;
export type ClosingEventType = (typeof CLOSING_EVENT_TYPES)[number];
const CLOSING_EVENTS: ReadonlySet<string> = new Set(CLOSING_EVENT_TYPES);

/** True for an execution's closing event (ExecutionSucceeded, ...Failed, ...TimedOut, ...Aborted). */
export function isClosingEvent(type: string | undefined): boolean {
  return type !== undefined && CLOSING_EVENTS.has(type);
}

/** How an execution ended, as the closing event records it. */
export interface ExecutionEnd {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * The closing event for an execution's end: its type, its details, and whether it links to the event
 * before it (AWS quirk [rec]: ExecutionAborted has previousEventId 0).
 */
export function closingEvent(end: ExecutionEnd): { type: ClosingEventType; details: Record<string, unknown>; linksToPrevious: boolean } {
  const failure = { ...(end.error !== undefined ? { error: end.error } : {}), ...(end.cause !== undefined ? { cause: end.cause } : {}) };
  switch (end.status) {
    case 'SUCCEEDED':
      return { type: 'ExecutionSucceeded', details: { output: end.output ?? 'null', outputDetails: NOT_TRUNCATED }, linksToPrevious: true };
    case 'TIMED_OUT':
      return { type: 'ExecutionTimedOut', details: failure, linksToPrevious: true };
    case 'ABORTED':
      return { type: 'ExecutionAborted', details: failure, linksToPrevious: false };
    case 'FAILED':
      return { type: 'ExecutionFailed', details: failure, linksToPrevious: true };
  }
}

/** An event in AWS's shape: its details under `<lowerCamelType>EventDetails`. */
export function historyEvent(id: number, previousEventId: number, timestamp: Date, type: HistoryEventType, details?: Record<string, unknown>): HistoryEvent {
  return { id, previousEventId, timestamp, type, ...(details ? { [detailsKey(type)]: details } : {}) };
}

export class HistoryWriter {
  #nextId: number;
  #exceeded: StatesError | undefined;

  constructor(
    private readonly onEvent: (event: HistoryEvent, lane?: string) => void,
    private readonly clock: Clock,
    /** AWS fails an execution whose history would grow past 25,000 events; its closing event is the last. */
    private readonly maxEvents: number = AWS_LIMITS.maxHistoryEvents,
    /** A redriven execution's events continue its previous attempts' ids. */
    lastIdBefore = 0,
  ) {
    this.#nextId = lastIdBefore + 1;
  }

  /** Set once the history is full: the error the execution fails with. */
  get exceeded(): StatesError | undefined {
    return this.#exceeded;
  }

  /** Id of the newest event written. */
  get lastId(): number {
    return this.#nextId - 1;
  }

  /** Writes one event after `cursor.last` and moves the cursor to it; returns the new id. */
  emit(cursor: EventCursor, type: HistoryEventType, details?: Record<string, unknown>): number {
    if (!CLOSING_EVENTS.has(type) && this.#nextId >= this.maxEvents) {
      this.#exceeded ??= new StatesError(
        STATES_ERRORS.Runtime,
        // AWS's words, recorded by a third party (floci-io/floci #2734): ExecutionFailed is event 25,000.
        `The execution reached the maximum number of history events (${this.maxEvents}).`,
      );
      throw this.#exceeded;
    }
    const id = this.#nextId++;
    const event = historyEvent(id, cursor.last, new Date(this.clock.now()), type, details);
    cursor.last = id;
    this.onEvent(event, cursor.lane);
    return id;
  }
}
