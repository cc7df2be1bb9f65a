/**
 * A task's artifacts: the manifest the worker writes last (key, size, content type of each object),
 * each opened in the page (SVG and PNG shown, JSON pretty, CSV as a table of its first rows) or downloaded.
 */
import { artifactUrl } from '../api.js';
import { h } from '../dom.js';
import { bytes } from '../format.js';
import { jsonValueView } from './json-view.js';

interface ManifestEntry {
  key: string;
  size?: number;
  contentType?: string;
}

const CSV_ROWS = 20;

function csvRows(text: string): string[][] {
  // Quoted fields with commas are kept together; good enough for a preview of the first rows.
  return text
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .slice(0, CSV_ROWS + 1)
    .map((l) => (l.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1));
}

async function preview(uri: string, entry: ManifestEntry): Promise<HTMLElement> {
  const type = entry.contentType ?? '';
  const key = entry.key.toLowerCase();
  if (type.startsWith('image/') || /\.(svg|png|jpe?g)$/.test(key)) {
    return h('img', { src: artifactUrl(uri), alt: `Artifact ${entry.key}`, class: 'artifact-image' });
  }
  const response = await fetch(artifactUrl(uri));
  const text = await response.text();
  if (type.includes('json') || key.endsWith('.json')) {
    try {
      return jsonValueView(JSON.parse(text));
    } catch {
      // shown as text below
    }
  }
  if (type.includes('csv') || key.endsWith('.csv')) {
    const [header = [], ...rows] = csvRows(text);
    return h('div', { class: 'table-scroll' }, h('table', { class: 'csv' }, h('caption', {}, `First ${rows.length} rows`), h('thead', {}, h('tr', {}, ...header.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c)))))));
  }
  return h('pre', { class: 'artifact-text' }, text.slice(0, 20_000));
}

/** The artifacts listed by these manifests (s3:// URIs of manifest.json). */
export function artifactsView(manifests: readonly string[]): HTMLElement {
  const section = h('section', { class: 'artifacts', 'aria-label': 'Artifacts' }, h('h3', {}, 'Artifacts'));
  if (manifests.length === 0) {
    section.append(h('p', { class: 'muted' }, 'No manifest for this state.'));
    return section;
  }
  for (const manifest of manifests) {
    const bucket = /^s3:\/\/([^/]+)\//.exec(manifest)?.[1] ?? '';
    const list = h('ul', { class: 'artifact-list' });
    section.append(h('p', { class: 'muted' }, manifest), list);
    void fetch(artifactUrl(manifest)).then(async (response) => {
      if (!response.ok) {
        list.append(h('li', { class: 'muted' }, response.status === 404 ? 'No manifest yet (the worker writes it last).' : `Cannot read the manifest: HTTP ${response.status}`));
        return;
      }
      const parsed = (await response.json()) as { artifacts?: ManifestEntry[] };
      for (const entry of parsed.artifacts ?? []) {
        const uri = `s3://${bucket}/${entry.key}`;
        const name = entry.key.slice(entry.key.lastIndexOf('/') + 1);
        const viewer = h('div', { class: 'artifact-viewer', hidden: true });
        const open = h('button', {
          type: 'button',
          'aria-expanded': 'false',
          onclick: () => {
            const show = viewer.hidden;
            viewer.hidden = !show;
            open.setAttribute('aria-expanded', String(show));
            open.textContent = show ? `Close ${name}` : `Open ${name}`;
            if (show && viewer.childElementCount === 0) void preview(uri, entry).then((el) => viewer.append(el));
          },
        }, `Open ${name}`);
        list.append(h('li', {}, h('span', { class: 'artifact-name' }, entry.key), ' ', h('span', { class: 'muted' }, `${bytes(entry.size)}${entry.contentType ? ` · ${entry.contentType}` : ''}`), ' ', open, ' ', h('a', { href: artifactUrl(uri, true), download: name }, `Download ${name}`), viewer));
      }
    });
  }
  return section;
}
