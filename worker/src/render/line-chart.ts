/** One line of a chart: a name, a colour and y values (null leaves a gap). */
export interface ChartSeries {
  name: string;
  color: string;
  values: readonly (number | null)[];
  dashed?: boolean;
}

const WIDTH = 960;
const HEIGHT = 420;
const MARGIN = { top: 48, right: 24, bottom: 56, left: 80 };

/** A self-contained SVG line chart over labelled x points (dates), with axes, ticks and a legend. */
export function lineChartSvg(title: string, labels: readonly string[], series: readonly ChartSeries[]): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = niceCeiling(Math.max(1, ...all));
  const x = (i: number): number => MARGIN.left + (labels.length <= 1 ? plotW / 2 : (i * plotW) / (labels.length - 1));
  const y = (v: number): number => MARGIN.top + plotH - (v / max) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let t = 0; t <= 5; t++) {
    const value = (max * t) / 5;
    const ty = y(value).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${ty}" y2="${ty}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle">${formatNumber(value)}</text>`);
  }
  const tickEvery = Math.max(1, Math.ceil(labels.length / 10));
  labels.forEach((label, i) => {
    if (i % tickEvery !== 0 && i !== labels.length - 1) return;
    parts.push(`<text x="${x(i).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${escapeXml(label)}</text>`);
  });
  parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#374151"/>`);
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#374151"/>`);
  series.forEach((s, index) => {
    const segments: string[] = [];
    let current = '';
    s.values.forEach((v, i) => {
      if (v === null) {
        if (current) segments.push(current);
        current = '';
        return;
      }
      current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    if (current) segments.push(current);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    for (const d of segments) parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    const lx = MARGIN.left + 16 + index * 220;
    parts.push(`<line x1="${lx}" x2="${lx + 24}" y1="${HEIGHT - 16}" y2="${HEIGHT - 16}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${lx + 30}" y="${HEIGHT - 16}" dominant-baseline="middle">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function formatNumber(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return value.toFixed(0);
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
