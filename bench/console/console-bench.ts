/**
 * `/` with many executions: the time from navigation until the first page of recent executions is
 * drawn (median of several loads), and the size of what the browser downloads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createRuntime } from '../../local/src/app/create-runtime.js';

const executions = Number(process.argv[2] ?? 1000);
const LOADS = 7;

const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-console-bench-'));
const runtime = await createRuntime({ rootDir: process.cwd(), dataDir, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  await runtime.createStateMachine({ name: 'bench-pass', definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }), roleArn: 'arn:aws:iam::123456789012:role/r' });
  const machine = runtime.stateMachineArn('bench-pass');
  for (let i = 0; i < executions; i += 50) {
    const started = await Promise.all(Array.from({ length: Math.min(50, executions - i) }, () => runtime.startExecution({ stateMachineArn: machine, input: '{}' })));
    await Promise.all(started.map((s) => runtime.waitForExecution(s.executionArn!)));
  }
  // One tab, reloaded: a person with the browser already open (a new tab's process start is not ours to measure).
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error', e.message));
  await page.goto(`${runtime.endpoint}/no-such-page`);
  const times: number[] = [];
  // Where a load's time goes (the page's own clock, ms from navigation start): the median load's is printed.
  const phases: Record<string, number>[] = [];
  for (let load = 0; load < LOADS; load += 1) {
    const start = Date.now();
    await page.goto(`${runtime.endpoint}/`);
    await page.locator('table.executions tbody tr:nth-child(25)').waitFor({ timeout: 60_000 });
    times.push(Date.now() - start);
    phases.push(
      await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const script = resources.find((r) => r.name.endsWith('/assets/console.js'));
        const calls = resources.filter((r) => r.initiatorType === 'fetch' && new URL(r.name).pathname === '/');
        return {
          'HTML received': Math.round(nav.responseEnd),
          'console.js received': Math.round(script?.responseEnd ?? 0),
          'first API call sent': Math.round(calls[0]?.startTime ?? 0),
          'rows drawn': Math.round(performance.now()),
        };
      }),
    );
  }
  const medianLoad = times.indexOf([...times].sort((a, b) => a - b)[Math.floor(LOADS / 2)]!);
  // The same browser loading a static page (no API call): what any page costs here.
  const baseline: number[] = [];
  for (let load = 0; load < LOADS; load += 1) {
    const start = Date.now();
    await page.goto(`${runtime.endpoint}/no-such-page`);
    await page.locator('h1', { hasText: 'Not found' }).waitFor();
    baseline.push(Date.now() - start);
  }
  baseline.sort((a, b) => a - b);
  const listStart = Date.now();
  await runtime.listExecutions({ stateMachineArn: machine, maxResults: 25 });
  const listMs = Date.now() - listStart;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const size = (file: string): { raw: number; gzip: number } => {
    const body = readFileSync(join('dist', 'console', file));
    return { raw: body.length, gzip: gzipSync(body).length };
  };
  const assets = Object.fromEntries(readdirSync(join('dist', 'console')).map((file) => [file, size(file)]));
  console.log(`| what | value |\n|---|---|`);
  console.log(`| / with ${executions} executions, navigation → first 25 rows drawn (median of ${LOADS} loads in one tab) | ${median} ms (min ${times[0]}, max ${times.at(-1)}) |`);
  console.log(`| a static page in the same browser (median) | ${baseline[Math.floor(LOADS / 2)]} ms |`);
  console.log(`| ListExecutions, first 25 of ${executions} (in process) | ${listMs} ms |`);
  for (const [phase, ms] of Object.entries(phases[medianLoad] ?? {})) console.log(`| median load: ${phase} | ${ms} |`);
  for (const [name, s] of Object.entries(assets)) console.log(`| ${name} | ${(s.raw / 1000).toFixed(1)} kB (${(s.gzip / 1000).toFixed(1)} kB gzipped) |`);
  const total = Object.values(assets).reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip }), { raw: 0, gzip: 0 });
  console.log(`| all console assets | ${(total.raw / 1000).toFixed(1)} kB (${(total.gzip / 1000).toFixed(1)} kB gzipped) |`);
  console.log(JSON.stringify({ executions, medianMs: median, times, baselineMs: baseline[Math.floor(LOADS / 2)], listMs, phases: phases[medianLoad], assets }));
} finally {
  await browser.close();
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
}
