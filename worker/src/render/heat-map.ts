import { bitmapTextWidth, drawText, fillRect, GLYPH_HEIGHT } from './bitmap-font.js';
import type { RgbImage } from './bitmap-font.js';
import { encodePng } from './png.js';

/** "Inferno"-like colour ramp: black -> purple -> red -> orange -> pale yellow. */
const RAMP: readonly [number, number, number][] = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

function colour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!;
  const b = RAMP[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** Minimum width in pixels of one panel: small grids are scaled up so a person can see them. */
const MIN_PANEL_PIXELS = 256;
const MARGIN = 16;
const GAP = 16;
/** Text scale: 5×7 glyphs drawn at 2× (10×14 pixels). */
const TEXT = 2;
const TEXT_HEIGHT = GLYPH_HEIGHT * TEXT;
const BAR_WIDTH = 20;
const BAR_TICKS = 5;

export interface HeatMap {
  title: string;
  /** Panels side by side, each with a caption above it, e.g. "initial (step 0)". */
  panels: readonly { caption: string; field: Float64Array }[];
  size: number;
  /** The colour scale, shared by every panel, shown as a colour bar with values. */
  min: number;
  max: number;
  /** What the colour shows, written over the colour bar. */
  valueName: string;
}

/**
 * A PNG of square size×size fields side by side on one colour scale, each scaled to at least 256 pixels,
 * with a title, a caption over each panel and a colour bar with its values on the right.
 */
export function heatMapPng(map: HeatMap): Buffer {
  const scale = Math.max(1, Math.ceil(MIN_PANEL_PIXELS / map.size));
  const panel = map.size * scale;
  const ticks = Array.from({ length: BAR_TICKS }, (_, k) => map.min + ((map.max - map.min) * k) / (BAR_TICKS - 1));
  const tickLabels = ticks.map(formatValue);
  const labelWidth = Math.max(...tickLabels.map((l) => bitmapTextWidth(l, TEXT)));
  const barLeft = MARGIN + map.panels.length * (panel + GAP) + 8; // room for the ticks, drawn left of the bar
  const panelsTop = MARGIN + TEXT_HEIGHT + 16 + TEXT_HEIGHT + 8;
  const width = Math.max(barLeft + Math.max(BAR_WIDTH + 8 + labelWidth, bitmapTextWidth(map.valueName, TEXT)) + MARGIN, MARGIN * 2 + bitmapTextWidth(map.title, TEXT));
  const height = panelsTop + panel + MARGIN;
  const image: RgbImage = { width, height, rgb: new Uint8Array(width * height * 3).fill(255) };
  const span = map.max - map.min || 1;

  drawText(image, map.title, MARGIN, MARGIN, TEXT);
  map.panels.forEach(({ caption, field }, p) => {
    const x0 = MARGIN + p * (panel + GAP);
    drawText(image, caption, x0, panelsTop - TEXT_HEIGHT - 8, TEXT);
    for (let gy = 0; gy < map.size; gy++) {
      for (let gx = 0; gx < map.size; gx++) fillRect(image, x0 + gx * scale, panelsTop + gy * scale, scale, scale, colour((field[gy * map.size + gx]! - map.min) / span));
    }
  });

  // Colour bar: the maximum at the top, a tick and a value at each of BAR_TICKS evenly spaced levels.
  drawText(image, map.valueName, barLeft, panelsTop - TEXT_HEIGHT - 8, TEXT);
  for (let py = 0; py < panel; py++) fillRect(image, barLeft, panelsTop + py, BAR_WIDTH, 1, colour(1 - py / Math.max(1, panel - 1)));
  ticks.forEach((_, k) => {
    const ty = panelsTop + Math.round((panel - 1) * (1 - k / (BAR_TICKS - 1)));
    fillRect(image, barLeft - 6, ty, 5, 1, [17, 24, 39]);
    const labelTop = Math.min(panelsTop + panel - TEXT_HEIGHT, Math.max(panelsTop, ty - Math.floor(TEXT_HEIGHT / 2)));
    drawText(image, tickLabels[k]!, barLeft + BAR_WIDTH + 8, labelTop, TEXT);
  });
  return encodePng(width, height, image.rgb);
}

/** Three significant digits, exponent form for very small or large values. */
function formatValue(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) return String(Number(value.toPrecision(3)));
  return value.toExponential(2).replace('e', 'E');
}
