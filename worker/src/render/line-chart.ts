/** One line of a chart: a name, a colour and y values (null leaves a gap). */
export interface ChartSeries {
  name: string;
  color: string;
  values: readonly (number | null)[];
  dashed?: boolean;
}

export interface LineChart {
  title: string;
  /** Axis titles; say the unit and the time zone, e.g. "Day (UTC)", "Revenue (EUR)". */
  xTitle: string;
  yTitle: string;
  /** One label per x point (dates); thinned so that shown labels never overlap. */
  labels: readonly string[];
  series: readonly ChartSeries[];
}

const WIDTH = 960;
const HEIGHT = 440;
const FONT_SIZE = 12;
/** Space kept between two x labels, in pixels. */
const LABEL_GAP = 12;
const TOP = 64;
const BOTTOM = 64;
const LEFT = 96;

/**
 * Advance widths of DejaVu Sans (the usual fallback for "sans-serif" on Linux) in ems, for the characters
 * labels are made of; other characters count as a wide 0.7 em, so estimates err on the wide side.
 */
const ADVANCE: Record<string, number> = { '-': 0.361, '.': 0.318, ',': 0.318, ':': 0.337, ' ': 0.318, k: 0.579, M: 0.863 };
for (const d of '0123456789') ADVANCE[d] = 0.636;

/** Width of a text in pixels at a font size, from the advance widths above. */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  let ems = 0;
  for (const ch of text) ems += ADVANCE[ch] ?? 0.7;
  return ems * fontSize;
}

/**
 * Which x labels to show: every k-th, k the smallest step at which neighbours do not overlap, plus the
 * last one (the previous shown label is dropped when it would collide with the last).
 */
export function thinLabels(labels: readonly string[], spacing: number): number[] {
  if (labels.length === 0) return [];
  const widest = Math.max(...labels.map((l) => textWidth(l)));
  const step = spacing <= 0 ? labels.length : Math.max(1, Math.ceil((widest + LABEL_GAP) / spacing));
  const shown: number[] = [];
  for (let i = 0; i < labels.length; i += step) shown.push(i);
  const last = labels.length - 1;
  if (shown.at(-1) !== last) {
    while (shown.length > 0 && (last - shown.at(-1)!) * spacing < widest + LABEL_GAP) shown.pop();
    shown.push(last);
  }
  return shown;
}

/** A self-contained SVG line chart over labelled x points (dates), with titled axes, ticks and a legend. */
export function lineChartSvg(chart: LineChart): string {
  const { labels, series } = chart;
  // The right margin leaves room for half of the last label, which is centred on the last point.
  const right = Math.max(32, textWidth(labels.at(-1) ?? '') / 2 + 8);
  const plotW = WIDTH - LEFT - right;
  const plotH = HEIGHT - TOP - BOTTOM;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  // 5 % headroom, so the highest point does not sit on the frame.
  const max = niceCeiling(Math.max(1, ...all) * 1.05);
  const spacing = labels.length <= 1 ? 0 : plotW / (labels.length - 1);
  const x = (i: number): number => LEFT + (labels.length <= 1 ? plotW / 2 : i * spacing);
  const y = (v: number): number => TOP + plotH - (v / max) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="DejaVu Sans, sans-serif" font-size="${FONT_SIZE}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(chart.title)}</text>`,
  ];
  for (let t = 0; t <= 5; t++) {
    const value = (max * t) / 5;
    const ty = y(value).toFixed(1);
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - right}" y1="${ty}" y2="${ty}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${LEFT - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle">${formatNumber(value)}</text>`);
  }
  for (const i of thinLabels(labels, spacing)) {
    const lx = x(i).toFixed(1);
    parts.push(`<line x1="${lx}" x2="${lx}" y1="${TOP + plotH}" y2="${TOP + plotH + 5}" stroke="#374151"/>`);
    parts.push(`<text class="x-label" x="${lx}" y="${TOP + plotH + 20}" text-anchor="middle">${escapeXml(labels[i]!)}</text>`);
  }
  parts.push(`<line x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${TOP + plotH}" stroke="#374151"/>`);
  parts.push(`<line x1="${LEFT}" x2="${WIDTH - right}" y1="${TOP + plotH}" y2="${TOP + plotH}" stroke="#374151"/>`);
  parts.push(`<text class="x-title" x="${LEFT + plotW / 2}" y="${HEIGHT - 18}" text-anchor="middle" font-size="13">${escapeXml(chart.xTitle)}</text>`);
  parts.push(`<text class="y-title" x="0" y="0" transform="translate(22 ${TOP + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13">${escapeXml(chart.yTitle)}</text>`);
  let legendX = LEFT;
  series.forEach((s) => {
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
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
    for (const d of segments) parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    // Points a line cannot show (one value alone), and every point of a short chart (a month or less), get a marker.
    s.values.forEach((v, i) => {
      const alone = v !== null && (s.values[i - 1] ?? null) === null && (s.values[i + 1] ?? null) === null;
      if (v !== null && (alone || labels.length <= 31)) parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
    });
    parts.push(`<line x1="${legendX}" x2="${legendX + 24}" y1="44" y2="44" stroke="${s.color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${legendX + 30}" y="44" dominant-baseline="middle">${escapeXml(s.name)}</text>`);
    legendX += 30 + textWidth(s.name) + 28;
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
  if (value >= 1e6) return `${trimZeros((value / 1e6).toFixed(2))}M`;
  if (value >= 1e3) return `${trimZeros((value / 1e3).toFixed(2))}k`;
  return trimZeros(value.toFixed(2));
}

const trimZeros = (text: string): string => text.replace(/\.?0+$/, '');

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
