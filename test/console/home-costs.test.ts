/// <reference lib="dom" />
/**
 * `/` with many executions stays cheap: the costs of ended executions are read from their histories
 * once, then kept for the tab: a reload reads no history.
 * Real Chromium against the real runtime, counting the GetExecutionHistory calls the page makes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureConsoleBuilt, launchBrowser } from './browser.js';

let runtime: Runtime;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  ensureConsoleBuilt();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-console-costs-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, port: 0 });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 120_000);

/** Counts the page's GetExecutionHistory calls (its cost reads). */
function countHistoryReads(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.headers()['x-amz-target'] === 'AWSStepFunctions.GetExecutionHistory') seen.count += 1;
  });
  return seen;
}

async function costsShown(page: Page, rows: number): Promise<string[]> {
  const cells = page.locator('table.executions tbody td.cost');
  await expect.poll(async () => (await cells.allTextContents()).filter((t) => t.startsWith('$')).length, { timeout: 60_000 }).toBe(rows);
  return cells.allTextContents();
}

describe('the cost column of /', { timeout: 180_000 }, () => {
  it('reads an ended execution\'s history once per tab: a reload shows the same costs with no history read', async () => {
    await runtime.createStateMachine({ name: 'costs-pass', definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }), roleArn: 'arn:aws:iam::123456789012:role/r' });
    const machine = runtime.stateMachineArn('costs-pass');
    for (let i = 0; i < 3; i += 1) {
      const { executionArn } = await runtime.startExecution({ stateMachineArn: machine, input: '{}' });
      await runtime.waitForExecution(executionArn!);
    }
    const page = await browser.newPage();
    const reads = countHistoryReads(page);
    await page.goto(`${runtime.endpoint}/`);
    const first = await costsShown(page, 3);
    expect(reads.count).toBe(3);

    await page.reload();
    const again = await costsShown(page, 3);
    expect(again).toEqual(first);
    expect(reads.count).toBe(3);
    await page.close();
  });
});
