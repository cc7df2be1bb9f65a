import { describe, expect, it } from 'vitest';
import { lineChartSvg } from '../../worker/src/render/line-chart.js';

const days = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
const chart = (labels: string[]) =>
  lineChartSvg({ title: 'Daily revenue', xTitle: 'Day (UTC)', yTitle: 'Revenue (EUR)', labels, series: [{ name: 'Daily revenue', color: '#2563eb', values: labels.map((_, i) => 100 + i) }] });

/** x positions of the x-axis labels. */
const labelXs = (svg: string) => [...svg.matchAll(/<text class="x-label" x="([\d.]+)"/g)].map((m) => Number(m[1]));
/**
 * A wide estimate of a 10-character date at 12 px: 0.65 em a character (DejaVu Sans, the widest usual
 * sans-serif, draws "2024-01-01" 5.81 em = 70 px wide; Liberation Sans / Arial 5.1 em).
 */
const DATE_WIDTH = 10 * 0.65 * 12;

describe('daily revenue chart', () => {
  it.each([2, 8, 35, 90, 365, 3660])('%i days: x labels never overlap and never run past the edges', (n) => {
    const svg = chart(days(n));

    const xs = labelXs(svg);
    expect(xs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(DATE_WIDTH);
    expect(xs[0]! - DATE_WIDTH / 2).toBeGreaterThanOrEqual(0);
    expect(xs.at(-1)! + DATE_WIDTH / 2).toBeLessThanOrEqual(960);
    expect(svg).toContain(`>${days(n).at(-1)}</text>`);
  });

  it('titles both axes with the unit and the time zone', () => {
    const svg = chart(days(10));

    expect(svg).toMatch(/class="x-title"[^>]*>Day \(UTC\)</);
    expect(svg).toMatch(/class="y-title"[^>]*>Revenue \(EUR\)</);
  });

  it('draws a single day as a point', () => {
    const svg = chart(days(1));

    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(labelXs(svg)).toHaveLength(1);
  });
});
