/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The web console end to end in a real headless Chromium against the real local runtime (real
 * containers, real HTTP APIs, the embedded S3): start, watch, stop, failures, callbacks, fan-outs,
 * artifacts, redrive, and the accessibility basics. Screenshots go to test-output/console/.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { StatesError } from '../../local/src/engine/errors.js';
import type { Integration } from '../../local/src/engine/integration.js';
import { eventually } from '../e2e/helpers.js';
import { contrast, ensureConsoleBuilt, launchBrowser, screenshot } from './browser.js';

const run = promisify(execFile);
/** A state takes at most this long to change colour on a busy machine. */
const LIVE_MS = 90_000;

/**
 * A Lambda stand-in (AWS's Lambda cannot run here) that fails its first call and succeeds after, as a
 * feed that was down and came back: what a redrive is for.
 */
let fetchCalls = 0;
const flakyOnce: Integration = {
  serviceAction: 'lambda:invoke',
  patterns: ['request-response'],
  invoke: async () => {
    fetchCalls += 1;
    if (fetchCalls === 1) throw new StatesError('Feed.Down', 'The feed is down (first call)');
    return { fetched: fetchCalls };
  },
};

let runtime: Runtime;
let browser: Browser;
let dataDir: string;

async function openPage(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (error) => console.error(`page error on ${path}: ${error.message}`));
  await page.goto(`${runtime.endpoint}${path}`);
  return page;
}

function executionUrl(executionArn: string): string {
  return `/executions/${encodeURIComponent(executionArn)}`;
}

async function startFromPage(page: Page, machine: string, sample: string, edit?: (input: Record<string, any>) => void): Promise<string> {
  await page.getByRole('button', { name: 'Start an execution' }).click();
  // Exact: the machine's graph is labelled "State machine graph".
  await page.getByLabel('State machine', { exact: true }).selectOption({ label: machine });
  await page.getByLabel('Sample from events/').selectOption(sample);
  if (edit) {
    const box = page.getByLabel('Input (JSON)');
    const input = JSON.parse(await box.inputValue()) as Record<string, any>;
    edit(input);
    await box.fill(JSON.stringify(input, null, 2));
  }
  await page.getByRole('button', { name: 'Start execution' }).click();
  await page.waitForURL(/\/executions\//);
  return decodeURIComponent(new URL(page.url()).pathname.slice('/executions/'.length));
}

function stateNode(page: Page, name: string) {
  return page.locator(`g.node[data-state="${name}"]`);
}

async function waitForStatus(page: Page, state: string, status: string): Promise<void> {
  await page.locator(`g.node[data-state="${state}"][data-status="${status}"]`).waitFor({ timeout: LIVE_MS });
}

async function waitForExecutionStatus(page: Page, status: string): Promise<void> {
  await page.locator(`.execution-status .status-badge`, { hasText: status }).waitFor({ timeout: LIVE_MS });
}

beforeAll(async () => {
  ensureConsoleBuilt();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-console-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, port: 0, integrations: [flakyOnce] });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 120_000);

// Each test waits on real containers and a real browser on a shared machine: generous, never fixed sleeps.
describe('the console in a browser', { timeout: 240_000 }, () => {
  it('starts the sync sample from the page, shows its states turn from running to succeeded, its log line and its artifacts', async () => {
    const page = await openPage('/');
    await page.getByRole('heading', { name: 'State machines' }).waitFor();
    await screenshot(page, 'home');
    const executionArn = await startFromPage(page, 'sync', 'sync-echo', (input) => {
      input.input.message = 'hello from the console test';
      input.input.processingSeconds = 4;
    });
    expect(executionArn).toMatch(/^arn:aws:states:us-east-1:\d{12}:execution:sync:/);
    await waitForStatus(page, 'Run task', 'running');
    await expect(stateNode(page, 'Check input').getAttribute('data-status')).resolves.toBe('succeeded');
    await expect(stateNode(page, 'Unknown mode').getAttribute('data-status')).resolves.toBe('not-reached');
    await screenshot(page, 'execution-running');
    await stateNode(page, 'Run task').click();
    await page.locator('.log-lines', { hasText: 'hello from the console test' }).waitFor({ timeout: LIVE_MS });
    await waitForStatus(page, 'Run task', 'succeeded');
    await waitForExecutionStatus(page, 'SUCCEEDED');
    const panel = page.locator('aside.state-panel');
    await expect(panel.locator('dd', { hasText: 'EssentialContainerExited' }).count()).resolves.toBeGreaterThan(0);
    await panel.getByRole('button', { name: 'Open echo.json' }).click();
    await panel.locator('.artifact-viewer .json-leaf', { hasText: 'hello from the console test' }).first().waitFor();
    // The history table has the task's events, each expandable.
    await page.locator('.history-table tr', { hasText: 'TaskSucceeded' }).waitFor();
    await page.getByRole('button', { name: /^Details of event 1$/ }).click();
    await page.locator('.history-table tr.event-details:not([hidden])').first().waitFor();
    await expect(page.locator('.summary .cost').textContent()).resolves.toMatch(/^\$0\.\d+ — \(1 task: 60 vCPU-s/);
    await screenshot(page, 'execution-succeeded');

    // The artifact image of the analytics sample, started again from the page.
    await page.goto(`${runtime.endpoint}/`);
    await startFromPage(page, 'sync', 'sync-analytics');
    await waitForExecutionStatus(page, 'SUCCEEDED');
    await stateNode(page, 'Run task').click();
    const open = page.getByRole('button', { name: 'Open daily-revenue.svg' });
    await open.click();
    const image = page.locator('.artifact-viewer img.artifact-image');
    await image.waitFor();
    await eventually(async () => ((await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)) ? true : undefined), 30_000, 'the SVG artifact to load');
    await page.getByRole('button', { name: 'Open daily.csv' }).click();
    await page.locator('.artifact-viewer table.csv th').first().waitFor();
    await screenshot(page, 'artifacts');
    await page.locator('.summary').scrollIntoViewIfNeeded();
    await screenshot(page, 'execution-viewport', false);
    await page.close();
  });

  it('stops a long execution from the page with an error and cause', async () => {
    const page = await openPage('/state-machines/sync');
    const executionArn = await startFromPage(page, 'sync', 'sync-echo', (input) => {
      input.input.processingSeconds = 300;
    });
    await waitForStatus(page, 'Run task', 'running');
    await page.getByRole('button', { name: 'Stop execution' }).click();
    await page.getByLabel('Error').fill('Console.Stop');
    await page.getByLabel('Cause').fill('stopped by the browser test');
    await page.getByRole('dialog').getByRole('button', { name: 'Stop execution' }).click();
    await waitForExecutionStatus(page, 'ABORTED');
    await waitForStatus(page, 'Run task', 'aborted');
    const described = await runtime.describeExecution({ executionArn });
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Console.Stop', cause: 'stopped by the browser test' });
    await expect(page.getByRole('button', { name: 'Stop execution' }).count()).resolves.toBe(0);
    await screenshot(page, 'execution-stopped');
    await page.close();
  });

  it('explains a failing sample at the top: failing state, decoded cause, last log lines', async () => {
    const input = await readFile('events/sync-worker-rejects-input.json', 'utf8');
    const { executionArn } = await runtime.startExecution({ stateMachineArn: runtime.stateMachineArn('sync'), input });
    await runtime.waitForExecution(executionArn!);
    // A pasted URL: the server returns the app for it.
    const page = await openPage(executionUrl(executionArn!));
    const failure = page.getByRole('alert');
    await failure.getByRole('heading', { name: "✖ FAILED in state 'Worker rejected input'" }).waitFor();
    await expect(failure.textContent()).resolves.toContain('error: Worker.InvalidInput');
    await expect(failure.textContent()).resolves.toMatch(/cause: task arn:aws:ecs:[^ ]+: exit code 2, stop code EssentialContainerExited/);
    // The log lines arrive after the box is drawn.
    await failure.locator('.log-lines', { hasText: /\S/ }).waitFor({ timeout: LIVE_MS });
    await waitForStatus(page, 'Worker rejected input', 'failed');
    await expect(stateNode(page, 'Run task').getAttribute('data-status')).resolves.toBe('caught');
    await page.reload();
    await failure.getByRole('heading', { name: /FAILED in state/ }).waitFor();
    await page.locator('g.node[data-status="caught"]').waitFor();
    await failure.locator('.log-lines').waitFor();
    await screenshot(page, 'execution-failed');
    await page.close();
  });

  it('shows a callback task waiting and completes it live when the AWS CLI sends the token', async () => {
    const input = JSON.stringify({ mode: 'echo', input: { message: 'waits for the CLI', processingSeconds: 600 } });
    const { executionArn } = await runtime.startExecution({ stateMachineArn: runtime.stateMachineArn('callback'), input });
    const page = await openPage(executionUrl(executionArn!));
    await waitForStatus(page, 'Run worker', 'running');
    await expect(stateNode(page, 'Run worker').locator('.subtitle').textContent()).resolves.toBe('ecs:runTask.waitForTaskToken');
    await expect(stateNode(page, 'Run worker').locator('.status-text').textContent()).resolves.toBe('waiting for its task token');
    await screenshot(page, 'callback-waiting');
    const { events } = await runtime.getExecutionHistory({ executionArn: executionArn!, maxResults: 1000 });
    const scheduled = events!.find((e) => e.type === 'TaskScheduled')!;
    const env = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!).Overrides.ContainerOverrides[0].Environment as { Name: string; Value: string }[];
    const token = env.find((e) => e.Name === 'TASK_TOKEN')!.Value;
    await run('/usr/bin/aws', ['stepfunctions', 'send-task-success', '--endpoint-url', runtime.endpoint, '--region', 'us-east-1', '--task-token', token, '--task-output', '{"sentBy":"aws-cli"}'], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'dummy', AWS_SECRET_ACCESS_KEY: 'dummy', AWS_PAGER: '' },
      timeout: 60_000,
    });
    await waitForExecutionStatus(page, 'SUCCEEDED');
    await waitForStatus(page, 'Run worker', 'succeeded');
    await page.locator('.io', { hasText: 'aws-cli' }).waitFor();
    await screenshot(page, 'callback-completed');
    await page.close();
  });

  it('browses the items of a fan-out: each item its states and its task', async () => {
    const page = await openPage('/');
    await startFromPage(page, 'fanout', 'fanout-count');
    await waitForExecutionStatus(page, 'SUCCEEDED');
    // A group is chosen by its title (its middle is its inner states).
    await stateNode(page, 'Run tasks').locator(':scope > text.name').click();
    const items = page.getByRole('list', { name: 'Map items' });
    await items.waitFor();
    await expect(items.getByRole('button').count()).resolves.toBe(4);
    await items.getByRole('button', { name: 'Item 2' }).click();
    await expect(page.getByLabel('Map item', { exact: true }).inputValue()).resolves.toBe('Run tasks[2]');
    await waitForStatus(page, 'Run item', 'succeeded');
    await stateNode(page, 'Run item').click();
    const panel = page.locator('aside.state-panel');
    await panel.getByText('Run tasks[2]', { exact: false }).first().waitFor();
    await panel.locator('.task dd code').first().waitFor();
    await panel.locator('.log-lines').first().waitFor();
    await screenshot(page, 'fanout-item');
    await page.close();
  });

  it('redrives a failed execution from the page and follows it live to SUCCEEDED; a stale Redrive shows AWS\'s error', async () => {
    const definition = JSON.stringify({
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Result: { feed: 'daily' }, Next: 'Fetch' },
        Fetch: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'fetch-feed', 'Payload.$': '$' }, Next: 'Done' },
        Done: { Type: 'Pass', End: true },
      },
    });
    const { stateMachineArn } = await runtime.createStateMachine({ name: 'flaky-feed', definition, roleArn: 'arn:aws:iam::123456789012:role/console-test' });
    const { executionArn } = await runtime.startExecution({ stateMachineArn, input: '{}' });
    expect(await runtime.waitForExecution(executionArn!)).toMatchObject({ status: 'FAILED', error: 'Feed.Down' });

    const page = await openPage(executionUrl(executionArn!));
    const stale = await openPage(executionUrl(executionArn!));
    await waitForExecutionStatus(page, 'FAILED');
    await waitForStatus(page, 'Fetch', 'failed');
    await expect(page.locator('.summary .redrive-count').count()).resolves.toBe(0);
    // Keyboard: Tab reaches the labelled button and Enter presses it.
    let focused = '';
    for (let i = 0; i < 20 && focused !== 'Redrive'; i += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');
    }
    expect(focused).toBe('Redrive');
    await screenshot(page, 'redrive-offered', false);
    await page.keyboard.press('Enter');
    await waitForExecutionStatus(page, 'SUCCEEDED');
    await waitForStatus(page, 'Fetch', 'succeeded');
    await waitForStatus(page, 'Done', 'succeeded');
    await page.locator('.history-table tr', { hasText: 'ExecutionRedriven' }).waitFor({ timeout: LIVE_MS });
    await page.locator('.history-table tr', { hasText: 'ExecutionSucceeded' }).waitFor({ timeout: LIVE_MS });
    await expect(page.locator('.summary .redrive-count').textContent()).resolves.toMatch(/^1 time, last at /);
    await expect(page.getByRole('button', { name: 'Redrive' }).count()).resolves.toBe(0);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    expect(fetchCalls).toBe(2);
    expect(await runtime.describeExecution({ executionArn })).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, redriveStatus: 'NOT_REDRIVABLE' });
    await screenshot(page, 'redrive');

    // The other page still offers Redrive from when it loaded; AWS refuses, and the page says why.
    await stale.getByRole('button', { name: 'Redrive' }).click();
    await stale.getByRole('alert').filter({ hasText: 'ExecutionNotRedrivable: Execution is SUCCEEDED and cannot be redriven' }).waitFor();
    await screenshot(stale, 'redrive-refused', false);
    await page.close();
    await stale.close();
  });

  it('meets the accessibility basics: landmarks, labelled controls, visible keyboard focus, status colour contrast', async () => {
    const { executionArn } = await runtime.startExecution({ stateMachineArn: runtime.stateMachineArn('sync'), input: await readFile('events/sync-unknown-mode.json', 'utf8') });
    await runtime.waitForExecution(executionArn!);
    const page = await openPage(executionUrl(executionArn!));
    await page.locator('g.node[data-status="failed"]').first().waitFor();
    await expect(page.getByRole('banner').count()).resolves.toBe(1);
    await expect(page.getByRole('main').count()).resolves.toBe(1);
    await expect(page.getByRole('navigation').count()).resolves.toBeGreaterThan(0);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('button, [role="button"], select, input, textarea')].filter((el) => {
        const label = el.getAttribute('aria-label') || (el as HTMLElement).innerText?.trim() || (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent);
        return !label;
      }).map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    // Keyboard: Tab reaches a graph state, shows a focus ring, and Enter opens its details.
    let focusedState: string | null = null;
    for (let i = 0; i < 40 && !focusedState; i += 1) {
      await page.keyboard.press('Tab');
      focusedState = await page.evaluate(() => document.activeElement?.getAttribute('data-state') ?? null);
    }
    expect(focusedState).not.toBeNull();
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!.querySelector('.box')!).strokeWidth);
    expect(parseFloat(ring)).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('Enter');
    await page.locator('#panel-title', { hasText: focusedState! }).waitFor();
    const linkOutline = await page.evaluate(() => {
      const link = document.querySelector('main a') as HTMLElement;
      link.focus();
      return getComputedStyle(link).outlineStyle;
    });
    expect(linkOutline).not.toBe('none');
    // Every status shown (badges and graph states) reads at 4.5:1 or more against its own background.
    const pairs = await page.evaluate(() => {
      const out: { what: string; fg: string; bg: string }[] = [];
      for (const status of ['running', 'succeeded', 'failed', 'caught', 'aborted', 'not-reached']) {
        const badge = document.createElement('span');
        badge.className = `status-badge status-${status}`;
        badge.textContent = status;
        document.body.append(badge);
        const style = getComputedStyle(badge);
        out.push({ what: `badge ${status}`, fg: style.color, bg: style.backgroundColor });
        badge.remove();
      }
      for (const node of document.querySelectorAll('g.node.state')) {
        out.push({ what: `graph ${node.getAttribute('data-status')}`, fg: getComputedStyle(node.querySelector('.status-text')!).fill, bg: getComputedStyle(node.querySelector('.box')!).fill });
      }
      return out;
    });
    expect(pairs.length).toBeGreaterThan(6);
    for (const { what, fg, bg } of pairs) expect(contrast(fg, bg), `${what}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, 'keyboard-focus');
    await page.close();
  });

  it('serves a bookmarked machine page on reload and a 404 page for unknown paths', async () => {
    const page = await openPage('/state-machines/fanout');
    await page.getByRole('heading', { name: 'fanout', level: 1 }).waitFor();
    await page.locator('svg.graph g.node.group[data-state="Run tasks"]').waitFor();
    await page.getByLabel('Status').selectOption('SUCCEEDED');
    await page.locator('table.executions caption', { hasText: 'SUCCEEDED executions' }).waitFor();
    await screenshot(page, 'state-machine');
    const response = await page.goto(`${runtime.endpoint}/no/such/page`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.close();
  });
});
