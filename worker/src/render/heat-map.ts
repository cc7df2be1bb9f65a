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
const GAP_PIXELS = 8;

/**
 * A PNG of square size×size fields side by side (e.g. initial and final temperature), all on one colour
 * scale from `min` to `max`, each cell scaled up to at least 256 pixels per panel.
 */
export function heatMapPng(fields: readonly Float64Array[], size: number, min: number, max: number): Buffer {
  const scale = Math.max(1, Math.ceil(MIN_PANEL_PIXELS / size));
  const panel = size * scale;
  const width = fields.length * panel + (fields.length - 1) * GAP_PIXELS;
  const height = panel;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const span = max - min || 1;
  fields.forEach((field, p) => {
    const x0 = p * (panel + GAP_PIXELS);
    for (let gy = 0; gy < size; gy++) {
      for (let gx = 0; gx < size; gx++) {
        const [r, g, b] = colour((field[gy * size + gx]! - min) / span);
        for (let dy = 0; dy < scale; dy++) {
          let o = ((gy * scale + dy) * width + x0 + gx * scale) * 3;
          for (let dx = 0; dx < scale; dx++, o += 3) {
            rgb[o] = r;
            rgb[o + 1] = g;
            rgb[o + 2] = b;
          }
        }
      }
    }
  });
  return encodePng(width, height, rgb);
}
