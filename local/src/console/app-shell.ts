/**
 * The HTML the console's stable URLs return: one shell that loads the bundled app (which reads the
 * path and draws the page), and a plain 404 page for every other path.
 */

/** Paths the app draws; a reload or a pasted URL of any of them gets the shell. */
const APP_PATHS = [/^\/$/, /^\/state-machines\/[^/]+$/, /^\/executions\/[^/]+$/];

export function isAppPath(pathname: string): boolean {
  return APP_PATHS.some((pattern) => pattern.test(pathname));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, main: string, withApp: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/console.css">
${withApp ? '<script type="module" src="/assets/console.js"></script>\n' : ''}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top" role="banner">
<a class="brand" href="/">sfn-ecs console</a>
<nav aria-label="Main"><a href="/">State machines and executions</a></nav>
</header>
<main id="main" tabindex="-1">${main}</main>
</body>
</html>
`;
}

/** The shell every app path returns; the app fills <main>. */
export function appShell(): string {
  return page('sfn-ecs console', '<p class="loading">Loading…</p><noscript>The console needs JavaScript.</noscript>', true);
}

/** The page for a path the console does not know. */
export function notFoundPage(pathname: string): string {
  return page('Not found · sfn-ecs console', `<h1>Not found</h1><p>The console has no page at <code>${escapeHtml(pathname)}</code>.</p><p><a href="/">Go to the state machines</a></p>`, false);
}
