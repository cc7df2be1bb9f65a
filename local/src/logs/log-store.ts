/**
 * The local CloudWatch Logs: log groups, one stream per task container (`<prefix>/<container>/<task-id>`,
 * as the awslogs driver names them), and the stream's events read from the task's output file. The
 * index of streams is kept in `<dir>/streams.jsonl`, so a later runtime on the same data folder serves
 * the logs of earlier runs. Queries answer with the CloudWatch Logs API shapes (SDK types).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  DescribeLogGroupsRequest,
  DescribeLogGroupsResponse,
  DescribeLogStreamsRequest,
  DescribeLogStreamsResponse,
  FilteredLogEvent,
  FilterLogEventsRequest,
  FilterLogEventsResponse,
  GetLogEventsRequest,
  GetLogEventsResponse,
  LogStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { ServiceError } from '../errors/service-error.js';
import { appendPrivate, makePrivateDir, writeFileAtomically } from '../storage/private-files.js';
import type { Quarantine } from '../storage/quarantine.js';
import { compileFilterPattern } from './filter-pattern.js';
import { Redaction } from './redaction.js';
import { TaskLogTail } from '../integrations/ecs/task-logs.js';

export interface LogStoreOptions {
  readonly region: string;
  readonly accountId: string;
}

export interface TaskStreamSpec {
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Epoch milliseconds. */
  readonly creationTime: number;
  /** The task's output file (JSON lines `{timestamp, stream, message}`). */
  readonly file: string;
}

interface StoredEvent {
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
  readonly eventId: string;
}

interface StreamState {
  readonly spec: TaskStreamSpec;
  /** Position in the index; part of every event id so ids are unique across streams. */
  readonly number: number;
  readonly tail: TaskLogTail;
  readonly events: StoredEvent[];
  storedBytes: number;
}

interface GroupState {
  readonly name: string;
  readonly creationTime: number;
  readonly streams: Map<string, StreamState>;
}

/** Page size limits from the CloudWatch Logs API model. */
export const LOG_LIMITS = { describe: 50, events: 10_000, responseBytes: 1024 * 1024 } as const;
const INDEX_FILE = 'streams.jsonl';
/** Each event costs its UTF-8 message length plus 26 bytes in CloudWatch's size accounting. */
const EVENT_OVERHEAD_BYTES = 26;

const notFound = (what: 'group' | 'stream'): ServiceError => new ServiceError('ResourceNotFoundException', `The specified log ${what} does not exist.`);
const invalid = (message: string): ServiceError => new ServiceError('InvalidParameterException', message);

function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeToken<T>(token: string, check: (value: unknown) => value is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // falls through
  }
  throw invalid('The specified nextToken is invalid.');
}

function limitOf(limit: number | undefined, max: number, name = 'limit'): number {
  if (limit === undefined) return max;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalid(`1 validation error detected: Value '${limit}' at '${name}' failed to satisfy constraint: Member must have value between 1 and ${max}`);
  }
  return limit;
}

/** The group name from logGroupName or logGroupIdentifier (a name or an ARN). */
function groupNameOf(input: { logGroupName?: string | undefined; logGroupIdentifier?: string | undefined }): string {
  if (input.logGroupName && input.logGroupIdentifier) {
    throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const ref = input.logGroupName ?? input.logGroupIdentifier;
  if (!ref) throw invalid('Either the log group name or the log group ARN must be specified.');
  const arn = /^arn:aws[\w-]*:logs:[^:]*:\d*:log-group:(.+?)(?::\*)?$/.exec(ref);
  return arn ? arn[1]! : ref;
}

export class LogStore {
  readonly #dir: string;
  readonly #options: LogStoreOptions;
  readonly #groups = new Map<string, GroupState>();
  readonly #redaction = new Redaction();
  #streamCount = 0;
  #writes: Promise<void> = Promise.resolve();

  private constructor(dir: string, options: LogStoreOptions) {
    this.#dir = dir;
    this.#options = options;
  }

  /**
   * Opens the store in `dir`, loading the streams earlier runtimes registered there. With a quarantine,
   * a torn last index line is cut off and damaged lines are dropped, each named in a warning (a copy of
   * the damaged index goes to the quarantine).
   */
  static async open(dir: string, options: LogStoreOptions, quarantine?: Quarantine): Promise<LogStore> {
    await makePrivateDir(dir);
    const store = new LogStore(dir, options);
    const file = join(dir, INDEX_FILE);
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const lines = text.split('\n');
    // The piece after the last newline: empty, or a line a crash cut short.
    const tail = lines.pop() ?? '';
    const kept: string[] = [];
    const damaged: number[] = [];
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      const spec = parseSpec(line);
      if (spec) {
        store.#register(spec);
        kept.push(line);
      } else {
        damaged.push(index + 1);
      }
    });
    if (quarantine && damaged.length > 0) {
      await quarantine.move(file, `damaged line(s) ${damaged.join(', ')} of the log stream index dropped (those streams' files are still in task-logs/)`, { keepOriginal: true });
    }
    if (quarantine && tail.trim()) quarantine.warn(file, `dropped a torn last line (a crash mid-write); ${kept.length} streams kept`);
    if (quarantine && (damaged.length > 0 || tail.trim())) await writeFileAtomically(file, kept.map((line) => `${line}\n`).join(''));
    return store;
  }

  /** The message as every reader sees it: live task tokens replaced. */
  redact(message: string): string {
    return this.#redaction.apply(message);
  }

  /** Declares a log group (a task definition's awslogs-group); existing groups are left as they are. */
  ensureGroup(name: string, creationTime = Date.now()): void {
    if (!this.#groups.has(name)) this.#groups.set(name, { name, creationTime, streams: new Map() });
  }

  /** Registers a task container's stream and remembers it in the index. */
  addTaskStream(spec: TaskStreamSpec): Promise<void> {
    if (this.#groups.get(spec.logGroupName)?.streams.has(spec.logStreamName)) return this.#writes;
    this.#register(spec);
    this.#writes = this.#writes.then(() => appendPrivate(join(this.#dir, INDEX_FILE), `${JSON.stringify(spec)}\n`)).catch(() => undefined);
    return this.#writes;
  }

  /** A string (a live task token) that must never appear in an event: it is replaced before storing. */
  addSecret(secret: string): void {
    this.#redaction.add(secret);
  }

  /** Waits for index writes (for tests and close). */
  flush(): Promise<void> {
    return this.#writes;
  }

  #register(spec: TaskStreamSpec): void {
    this.ensureGroup(spec.logGroupName, spec.creationTime);
    const group = this.#groups.get(spec.logGroupName)!;
    if (group.streams.has(spec.logStreamName)) return;
    this.#streamCount += 1;
    group.streams.set(spec.logStreamName, { spec, number: this.#streamCount, tail: new TaskLogTail(spec.file), events: [], storedBytes: 0 });
  }

  /** Reads what the streams' files gained since the last request. */
  async #sync(streams: Iterable<StreamState>): Promise<void> {
    await Promise.all(
      [...streams].map(async (stream) => {
        const ingestionTime = Date.now();
        for (const line of await stream.tail.readNew()) {
          const message = this.#redaction.apply(line.message);
          const seq = stream.events.length;
          const eventId = `${String(line.timestamp).padStart(16, '0')}${String(stream.number).padStart(10, '0')}${String(seq).padStart(12, '0')}`;
          stream.events.push({ timestamp: line.timestamp, ingestionTime: Math.max(ingestionTime, line.timestamp), message, eventId });
          stream.storedBytes += Buffer.byteLength(message) + EVENT_OVERHEAD_BYTES;
        }
      }),
    );
  }

  #group(name: string): GroupState {
    const group = this.#groups.get(name);
    if (!group) throw notFound('group');
    return group;
  }

  #groupArn(name: string): string {
    return `arn:aws:logs:${this.#options.region}:${this.#options.accountId}:log-group:${name}`;
  }

  async describeLogGroups(input: DescribeLogGroupsRequest): Promise<DescribeLogGroupsResponse> {
    if (input.logGroupNamePrefix && input.logGroupNamePattern) {
      throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    }
    const limit = limitOf(input.limit, LOG_LIMITS.describe);
    const after = input.nextToken ? decodeToken(input.nextToken, (v): v is { after: string } => typeof (v as { after?: unknown })?.after === 'string').after : undefined;
    const names = [...this.#groups.keys()]
      .filter((name) => !input.logGroupNamePrefix || name.startsWith(input.logGroupNamePrefix))
      .filter((name) => !input.logGroupNamePattern || name.includes(input.logGroupNamePattern))
      .sort()
      .filter((name) => after === undefined || name > after);
    const pageNames = names.slice(0, limit);
    await this.#sync(pageNames.flatMap((name) => [...this.#group(name).streams.values()]));
    const logGroups = pageNames.map((name) => {
      const group = this.#group(name);
      const storedBytes = [...group.streams.values()].reduce((sum, s) => sum + s.storedBytes, 0);
      return {
        logGroupName: name,
        creationTime: group.creationTime,
        metricFilterCount: 0,
        arn: `${this.#groupArn(name)}:*`,
        logGroupArn: this.#groupArn(name),
        storedBytes,
        logGroupClass: 'STANDARD' as const,
      };
    });
    return names.length > limit ? { logGroups, nextToken: encodeToken({ after: pageNames.at(-1) }) } : { logGroups };
  }

  async describeLogStreams(input: DescribeLogStreamsRequest): Promise<DescribeLogStreamsResponse> {
    const group = this.#group(groupNameOf(input));
    const orderBy = input.orderBy ?? 'LogStreamName';
    if (orderBy === 'LastEventTime' && input.logStreamNamePrefix) {
      throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const limit = limitOf(input.limit, LOG_LIMITS.describe);
    const offset = input.nextToken ? decodeToken(input.nextToken, (v): v is { offset: number } => Number.isInteger((v as { offset?: unknown })?.offset)).offset : 0;
    const streams = [...group.streams.values()].filter((s) => !input.logStreamNamePrefix || s.spec.logStreamName.startsWith(input.logStreamNamePrefix));
    await this.#sync(streams);
    const key = (s: StreamState): string | number => (orderBy === 'LastEventTime' ? (s.events.at(-1)?.timestamp ?? 0) : s.spec.logStreamName);
    streams.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = x < y ? -1 : x > y ? 1 : 0;
      return input.descending ? -order : order;
    });
    const logStreams = streams.slice(offset, offset + limit).map((s) => this.#streamInfo(group.name, s));
    return offset + limit < streams.length ? { logStreams, nextToken: encodeToken({ offset: offset + limit }) } : { logStreams };
  }

  #streamInfo(groupName: string, stream: StreamState): LogStream {
    const first = stream.events[0];
    const last = stream.events.at(-1);
    return {
      logStreamName: stream.spec.logStreamName,
      creationTime: stream.spec.creationTime,
      ...(first ? { firstEventTimestamp: first.timestamp } : {}),
      ...(last ? { lastEventTimestamp: last.timestamp, lastIngestionTime: last.ingestionTime } : {}),
      arn: `${this.#groupArn(groupName)}:log-stream:${stream.spec.logStreamName}`,
      // AWS has reported 0 here since 2019 (the field is deprecated for streams).
      storedBytes: 0,
    };
  }

  /**
   * One stream's events. Tokens are positions: `f/<n>` reads forward from event n, `b/<n>` backward
   * before it; at the end of the stream the same forward token comes back (how clients know to wait).
   */
  async getLogEvents(input: GetLogEventsRequest): Promise<GetLogEventsResponse> {
    const group = this.#group(groupNameOf(input));
    const stream = group.streams.get(input.logStreamName ?? '');
    if (!stream) throw notFound('stream');
    const limit = limitOf(input.limit, LOG_LIMITS.events);
    await this.#sync([stream]);
    const events = stream.events.filter(
      (e) => (input.startTime === undefined || e.timestamp >= input.startTime) && (input.endTime === undefined || e.timestamp < input.endTime),
    );
    let from: number;
    let to: number;
    const token = input.nextToken ? /^([fb])\/(\d{20})$/.exec(input.nextToken) : undefined;
    if (input.nextToken && !token) throw invalid('The specified nextToken is invalid.');
    if (token?.[1] === 'f') {
      from = Math.min(Number(token[2]), events.length);
      to = fitting(events, from, limit, 1);
    } else if (token?.[1] === 'b') {
      to = Math.min(Number(token[2]), events.length);
      from = fitting(events, to, limit, -1);
    } else if (input.startFromHead) {
      from = 0;
      to = fitting(events, 0, limit, 1);
    } else {
      to = events.length;
      from = fitting(events, to, limit, -1);
    }
    const position = (n: number): string => String(n).padStart(20, '0');
    return {
      events: events.slice(from, to).map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
      nextForwardToken: `f/${position(to)}`,
      nextBackwardToken: `b/${position(from)}`,
    };
  }

  /** Events of a group's streams, interleaved in time order, paged with an opaque nextToken. */
  async filterLogEvents(input: FilterLogEventsRequest): Promise<FilterLogEventsResponse> {
    const group = this.#group(groupNameOf(input));
    if (input.logStreamNames && input.logStreamNamePrefix) {
      throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    }
    const limit = limitOf(input.limit, LOG_LIMITS.events);
    const matches = compileFilterPattern(input.filterPattern);
    let streams = [...group.streams.values()];
    if (input.logStreamNames) {
      const names = new Set(input.logStreamNames);
      if (![...names].every((name) => group.streams.has(name))) throw notFound('stream');
      streams = streams.filter((s) => names.has(s.spec.logStreamName));
    }
    if (input.logStreamNamePrefix) streams = streams.filter((s) => s.spec.logStreamName.startsWith(input.logStreamNamePrefix!));
    const after = input.nextToken
      ? decodeToken(input.nextToken, (v): v is { after: string } => typeof (v as { after?: unknown })?.after === 'string').after
      : undefined;
    await this.#sync(streams);
    const found: FilteredLogEvent[] = [];
    for (const stream of streams) {
      for (const event of stream.events) {
        if (input.startTime !== undefined && event.timestamp < input.startTime) continue;
        if (input.endTime !== undefined && event.timestamp > input.endTime) continue;
        if (after !== undefined && event.eventId <= after) continue;
        if (!matches(event.message)) continue;
        found.push({ logStreamName: stream.spec.logStreamName, timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime, eventId: event.eventId });
      }
    }
    // Event ids start with the timestamp, so ordering by id is time order with a stable tie-break.
    found.sort((a, b) => (a.eventId! < b.eventId! ? -1 : 1));
    const end = fitting(found as { message: string }[], 0, limit, 1);
    const events = found.slice(0, end);
    const more = end < found.length;
    return {
      events,
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.spec.logStreamName, searchedCompletely: !more })),
      ...(more ? { nextToken: encodeToken({ after: events.at(-1)!.eventId }) } : {}),
    };
  }
}

function parseSpec(line: string): TaskStreamSpec | undefined {
  try {
    const spec = JSON.parse(line) as TaskStreamSpec;
    const valid = typeof spec?.logGroupName === 'string' && typeof spec.logStreamName === 'string' && typeof spec.file === 'string' && typeof spec.creationTime === 'number';
    return valid ? spec : undefined;
  } catch {
    return undefined;
  }
}

/** The other end of a page from `start` in direction `step`: at most `limit` events and about 1 MB. */
function fitting(events: readonly { message?: string | undefined }[], start: number, limit: number, step: 1 | -1): number {
  let bytes = 0;
  let index = start;
  let count = 0;
  while (count < limit && (step === 1 ? index < events.length : index > 0)) {
    const event = events[step === 1 ? index : index - 1]!;
    bytes += Buffer.byteLength(event.message ?? '') + EVENT_OVERHEAD_BYTES;
    if (bytes > LOG_LIMITS.responseBytes && count > 0) break;
    index += step;
    count += 1;
  }
  return index;
}
