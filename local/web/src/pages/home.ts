/**
 * `/`: the state machines and the newest executions across all of them (merged newest first from
 * each machine's ListExecutions pages, one page of the merge at a time), updated when one starts or ends.
 */
import { live, sfn, type ExecutionItem, type StateMachineItem } from '../api.js';
import { clear, h } from '../dom.js';
import { dateTime } from '../format.js';
import { openStartDialog } from '../views/dialogs.js';
import { executionsTable } from './executions-table.js';
import type { PageContext } from './page.js';

export const PAGE_SIZE = 25;

/** Newest-first merge over each machine's ListExecutions pages. */
class MergedExecutions {
  readonly #buffers = new Map<string, { items: ExecutionItem[]; nextToken?: string; done: boolean }>();

  constructor(machines: readonly StateMachineItem[]) {
    for (const m of machines) this.#buffers.set(m.stateMachineArn, { items: [], done: false });
  }

  async #fill(arn: string): Promise<void> {
    const buffer = this.#buffers.get(arn)!;
    if (buffer.items.length > 0 || buffer.done) return;
    const page = await sfn.listExecutions({ stateMachineArn: arn, maxResults: PAGE_SIZE, ...(buffer.nextToken ? { nextToken: buffer.nextToken } : {}) });
    buffer.items.push(...page.executions);
    buffer.nextToken = page.nextToken;
    buffer.done = !page.nextToken;
  }

  /** The next `count` executions, newest first; fewer at the end. */
  async take(count: number): Promise<ExecutionItem[]> {
    const taken: ExecutionItem[] = [];
    while (taken.length < count) {
      await Promise.all([...this.#buffers.keys()].map((arn) => this.#fill(arn)));
      let newest: { arn: string; item: ExecutionItem } | undefined;
      for (const [arn, buffer] of this.#buffers) {
        const head = buffer.items[0];
        if (head && (!newest || head.startDate > newest.item.startDate)) newest = { arn, item: head };
      }
      if (!newest) break;
      this.#buffers.get(newest.arn)!.items.shift();
      taken.push(newest.item);
    }
    return taken;
  }
}

export async function homePage(main: HTMLElement, context: PageContext): Promise<() => void> {
  document.title = 'State machines · sfn-ecs console';
  const { stateMachines } = await sfn.listStateMachines();
  const startButton = h('button', { type: 'button', class: 'primary', onclick: () => void openStartDialog(stateMachines, {}, context.navigate) }, 'Start an execution');
  const machinesTable = h('table', { class: 'machines' },
    h('caption', {}, 'State machines'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Created'))),
    h('tbody', {}, ...stateMachines.map((m) => h('tr', {}, h('td', {}, h('a', { href: `/state-machines/${encodeURIComponent(m.name)}` }, m.name)), h('td', {}, m.type), h('td', {}, dateTime(m.creationDate * 1000))))),
  );
  const executionsHolder = h('div');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Executions pages' });
  clear(main,
    h('div', { class: 'page-head' }, h('h1', {}, 'State machines'), startButton),
    h('div', { class: 'table-scroll' }, machinesTable),
    h('h2', { id: 'recent' }, 'Recent executions'),
    executionsHolder,
    pager,
  );

  let pages: ExecutionItem[][] = [];
  let merged = new MergedExecutions(stateMachines);
  let pageIndex = 0;
  const show = async (index: number): Promise<void> => {
    while (pages.length <= index) {
      const page = await merged.take(PAGE_SIZE);
      if (page.length === 0 && pages.length > 0) break;
      pages.push(page);
    }
    pageIndex = Math.min(index, pages.length - 1);
    const page = pages[pageIndex] ?? [];
    clear(executionsHolder, executionsTable(page, page.length ? `Executions ${pageIndex * PAGE_SIZE + 1}–${pageIndex * PAGE_SIZE + page.length}, newest first` : 'No executions yet: start one', true));
    const hasNext = page.length === PAGE_SIZE && (pages.length > pageIndex + 1 || (await merged.take(0), true));
    clear(pager,
      h('button', { type: 'button', disabled: pageIndex === 0, onclick: () => void show(pageIndex - 1) }, 'Previous page'),
      h('span', { class: 'muted' }, ` Page ${pageIndex + 1} `),
      h('button', { type: 'button', disabled: !hasNext, onclick: () => void show(pageIndex + 1) }, 'Next page'),
    );
  };
  await show(0);

  // A started or ended execution refreshes the first page (at most every second).
  let pending: ReturnType<typeof setTimeout> | undefined;
  const stop = live(undefined, () => {
    if (pageIndex !== 0 || pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      pages = [];
      merged = new MergedExecutions(stateMachines);
      void show(0);
    }, 1000);
  });
  return () => {
    stop();
    if (pending) clearTimeout(pending);
  };
}
