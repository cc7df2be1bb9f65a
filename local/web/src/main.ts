/**
 * The console app: reads the path (the server returns this shell for every console URL), draws that
 * page, and moves between pages without reloads (history.pushState) so live views stay cheap.
 */
import { h } from './dom.js';
import { executionPage } from './pages/execution.js';
import { homePage } from './pages/home.js';
import { machinePage } from './pages/machine.js';
import type { PageContext } from './pages/page.js';

const main = document.getElementById('main') as HTMLElement;
let cleanup: () => void = () => undefined;
let generation = 0;

async function route(): Promise<void> {
  cleanup();
  cleanup = () => undefined;
  const mine = ++generation;
  const path = location.pathname;
  const context: PageContext = { navigate };
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  try {
    let done: () => void;
    const machine = /^\/state-machines\/([^/]+)$/.exec(path);
    const execution = /^\/executions\/([^/]+)$/.exec(path);
    if (machine) done = await machinePage(main, decodeURIComponent(machine[1]!), context);
    else if (execution) done = await executionPage(main, decodeURIComponent(execution[1]!), context);
    else done = await homePage(main, context);
    if (mine !== generation) done();
    else cleanup = done;
  } catch (error) {
    if (mine !== generation) return;
    main.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'form-error' }, `${(error as Error).name}: ${(error as Error).message}`), h('p', {}, h('a', { href: '/' }, 'Back to the state machines')));
  }
}

function navigate(path: string): void {
  history.pushState(null, '', path);
  void route().then(() => main.focus());
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest('a');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || link.hasAttribute('download') || url.pathname.startsWith('/console-api/') || url.pathname.startsWith('/assets/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', () => void route());
void route();
