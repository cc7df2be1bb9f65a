/** The real browser for console tests: Debian's Chromium driven by playwright-core, and a built console. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots land here (gitignored); a person looks at them. */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'console');

/** Builds dist/ (worker, CLI, console) when a previous `npm test` has not. */
export function ensureConsoleBuilt(): void {
  if (!existsSync(join(process.cwd(), 'dist', 'console', 'console.js')) || !existsSync(join(process.cwd(), 'dist', 'worker.mjs'))) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: process.cwd(), stdio: 'inherit', timeout: 120_000 });
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

/** WCAG relative luminance of an `rgb(r, g, b)` / `rgba(...)` colour. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
