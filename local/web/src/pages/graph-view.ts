/**
 * The graph of a definition, laid out by dagre and drawn as SVG; a message instead when layout fails.
 * The layout code is a chunk of its own, fetched by the pages that show a graph (not by `/`).
 */
import { h } from '../dom.js';
import { aslGraph } from '../graph/asl-graph.js';
import { drawGraph, type DrawnGraph } from '../graph/render.js';

export async function graphView(definitionText: string, holder: HTMLElement, onSelect: (name: string) => void): Promise<DrawnGraph | undefined> {
  try {
    const model = aslGraph(JSON.parse(definitionText) as Record<string, unknown>);
    const { layout } = await import('../graph/layout.js');
    const drawn = drawGraph(layout(model.root), model, onSelect);
    holder.replaceChildren(drawn.element);
    // A graph wider than its holder opens centred on where the flow starts.
    const start = drawn.element.querySelector('.terminal');
    if (start && holder.scrollWidth > holder.clientWidth) {
      const box = start.getBoundingClientRect();
      const frame = holder.getBoundingClientRect();
      holder.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
    }
    return drawn;
  } catch (error) {
    holder.replaceChildren(h('p', { class: 'form-error' }, `Cannot draw the graph: ${(error as Error).message}`));
    return undefined;
  }
}
