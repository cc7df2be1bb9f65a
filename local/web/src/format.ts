/** How the console writes times, durations and statuses. */
import { h } from './dom.js';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 2026-11-30 19:02:03 in the browser's time zone. */
export function dateTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min. */
export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${pad(Math.floor((ms % 60_000) / 1000))} s`;
  return `${Math.floor(ms / 3_600_000)} h ${pad(Math.floor((ms % 3_600_000) / 60_000))} min`;
}

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `status-badge status-${status.toLowerCase().replace(/_/g, '-')}` }, status.replace(/_/g, ' '));
}

export function bytes(size: number | undefined): string {
  if (size === undefined) return '–';
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

export function machineNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

export function executionPath(executionArn: string): string {
  return `/executions/${encodeURIComponent(executionArn)}`;
}
