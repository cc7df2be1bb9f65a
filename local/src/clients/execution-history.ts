/**
 * Reading an execution's history through GetExecutionHistory: all of it (paging), or as it grows
 * (polling newest-first until the events already seen), and the ECS tasks it mentions.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  paginateGetExecutionHistory,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { isClosingEvent } from '../engine/history.js';

export { detailsOf, parseJson, tasksInHistory, type EcsTaskJson, type HistoryTask } from './history-facts.js';

/** How often a watched execution is polled; AWS's API is eventually consistent, so not faster. */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;

/** Every event, oldest first, reading page by page (pageSize up to 1000, as the API allows). */
export async function readHistory(sfn: SFNClient, executionArn: string, pageSize = 1000): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for await (const page of paginateGetExecutionHistory({ client: sfn, pageSize }, { executionArn, includeExecutionData: true })) {
    events.push(...(page.events ?? []));
  }
  return events;
}

/** The events newer than `afterId`, oldest first: newest-first pages until one reaches `afterId`. */
async function eventsAfter(sfn: SFNClient, executionArn: string, afterId: number, pageSize: number): Promise<HistoryEvent[]> {
  const newer: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: pageSize, includeExecutionData: true, ...(nextToken ? { nextToken } : {}) }));
    for (const event of page.events ?? []) {
      if ((event.id ?? 0) <= afterId) return newer.reverse();
      newer.push(event);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return newer.reverse();
}

export interface WatchOptions {
  /** Only events after this id (e.g. the last one before a redrive). Default: from the first. */
  readonly afterEventId?: number;
  readonly intervalMs?: number;
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

/** Calls onEvent for each event in order until the execution ends; resolves with its DescribeExecution. */
export async function watchExecution(
  sfn: SFNClient,
  executionArn: string,
  onEvent: (event: HistoryEvent) => void,
  options: WatchOptions = {},
): Promise<DescribeExecutionCommandOutput> {
  const interval = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  let lastId = options.afterEventId ?? 0;
  for (;;) {
    options.signal?.throwIfAborted();
    let ended = false;
    for (const event of await eventsAfter(sfn, executionArn, lastId, options.pageSize ?? 1000)) {
      lastId = Math.max(lastId, event.id ?? 0);
      onEvent(event);
      // A redriven execution's history holds its earlier attempts' closing events: only the last counts.
      ended = isClosingEvent(event.type);
    }
    if (ended) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      // Redriven just now: RUNNING again before its ExecutionRedriven event is written.
      if (described.status !== 'RUNNING') return described;
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, interval);
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(options.signal!.reason);
      }, { once: true });
    });
  }
}

