/**
 * The headers every console response carries. Pages run only our own bundled script (no inline code,
 * nothing from another origin); artifacts are data, never a page: a served SVG cannot run script.
 */

/** The console pages: our own script, style and images; nothing inline, no workers, no frames. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** An artifact opened on its own (an SVG most of all): no script, no requests, a sandboxed origin. */
export const ARTIFACT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/** Headers on every console response. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
