/** A task's log lines (GetLogEvents on its awslogs streams), followed while the task runs. */
import { ecs, logs } from '../api.js';
import { h } from '../dom.js';
import { logStreamsOf, type LogStreamRef } from '../../../src/clients/log-stream-names.js';

const FOLLOW_MS = 1000;

export async function streamsOfTask(taskArn: string, taskDefinitionArn: string | undefined): Promise<LogStreamRef[]> {
  let definition = taskDefinitionArn;
  if (!definition) definition = (await ecs.describeTasks([taskArn]))[0]?.taskDefinitionArn;
  if (!definition) return [];
  const { taskDefinition } = await ecs.describeTaskDefinition(definition);
  return logStreamsOf(taskDefinition, { taskArn });
}

function line(event: { timestamp?: number; message?: string }): string {
  return `${new Date(event.timestamp ?? 0).toISOString()} ${event.message ?? ''}`;
}

/** Shows the lines, then keeps reading new ones while `follow()` is true; `tail` keeps only the last lines. */
export function logView(streams: readonly LogStreamRef[], follow: () => boolean, options: { tail?: number } = {}): { element: HTMLElement; stop(): void } {
  const element = h('div', { class: 'logs' });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (streams.length === 0) element.append(h('p', { class: 'muted' }, 'This task has no awslogs log stream.'));
  for (const stream of streams) {
    const pre = h('pre', { class: 'log-lines', role: 'log', 'aria-label': `Log ${stream.logStreamName}`, tabindex: 0 });
    element.append(h('p', { class: 'log-header' }, `${stream.logGroupName} ${stream.logStreamName}`), pre);
    let token: string | undefined;
    const lines: string[] = [];
    const read = async (): Promise<void> => {
      for (;;) {
        const page = await logs.getLogEvents({ logGroupName: stream.logGroupName, logStreamName: stream.logStreamName, startFromHead: true, ...(token ? { nextToken: token } : {}) }).catch(() => undefined);
        if (!page || page.nextForwardToken === token) break;
        token = page.nextForwardToken;
        lines.push(...(page.events ?? []).map(line));
        if ((page.events ?? []).length === 0) break;
      }
      const shown = options.tail ? lines.slice(-options.tail) : lines;
      pre.textContent = shown.length ? shown.join('\n') : '(no lines yet)';
      if (!stopped && follow()) timer = setTimeout(() => void read(), FOLLOW_MS);
    };
    void read();
  }
  return {
    element,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
