/**
 * The one rule every local listener (AWS APIs, S3, console) applies before any handler runs: the
 * server lives on a laptop and starts processes, so a request must name a loopback host and, when a
 * browser sends it, come from a page of that same loopback origin. This stops DNS rebinding (a
 * foreign Host) and cross-site requests from other pages (a foreign Origin / Sec-Fetch-Site).
 */
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The hostname part of a Host header (`127.0.0.1:8083` → `127.0.0.1`, `[::1]:80` → `[::1]`). */
function hostnameOf(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) {
    const end = trimmed.indexOf(']');
    return end < 0 ? trimmed : trimmed.slice(0, end + 1);
  }
  const colon = trimmed.indexOf(':');
  return colon < 0 ? trimmed : trimmed.slice(0, colon);
}

/** True when a Host header names 127.0.0.1, localhost or [::1], with any port (or none). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === '') return false;
  return LOOPBACK_HOSTNAMES.has(hostnameOf(host));
}

/** True when an Origin header is absent or a loopback origin (any port, http or https). */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.host);
  } catch {
    return false;
  }
}

/** Why a request must be refused before any handler runs, or undefined when it may proceed. */
export function foreignRequestReason(headers: IncomingHttpHeaders): string | undefined {
  if (!isLoopbackHost(headers.host)) {
    return `Host '${headers.host ?? ''}' is not a loopback address: this local server answers only 127.0.0.1, localhost or [::1]`;
  }
  const origin = headers.origin;
  if (!isLoopbackOrigin(origin)) {
    return `Origin '${origin ?? ''}' is not a page of this local server`;
  }
  if (headers['sec-fetch-site'] === 'cross-site') {
    return 'Cross-site requests are refused by this local server';
  }
  return undefined;
}
