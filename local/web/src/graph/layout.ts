/**
 * Lays a graph out with ELK (elkjs, the Eclipse Layout Kernel) in a Web Worker: the layout code is a
 * separate 1.6 MB asset fetched only when a page shows a graph, and never blocks the page.
 */
import ELK, { type ElkNode } from 'elkjs/lib/elk-api.js';

let elk: InstanceType<typeof ELK> | undefined;

export function layout(graph: ElkNode): Promise<ElkNode> {
  elk ??= new ELK({ workerUrl: '/assets/elk-worker.js' });
  return elk.layout(graph);
}
