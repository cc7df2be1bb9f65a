// Makes docs/console.png, the README's picture of the console: `npm run build && node scripts/console-screenshot.mjs`.
// A real `sfn-ecs serve` on a free port, the sync-analytics sample run to the end, and Debian's Chromium
// (/usr/bin/chromium) driven by playwright-core showing the execution with its task state selected.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, ListStateMachinesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { chromium } from 'playwright-core';

const OUT = process.argv[2] ?? 'docs/console.png';
const dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-shot-'));
const serve = spawn(process.execPath, ['bin/sfn-ecs.js', 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
try {
  const endpoint = await new Promise((resolve, reject) => {
    let seen = '';
    serve.stderr.on('data', (chunk) => {
      seen += chunk;
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) resolve(match[1]);
    });
    serve.once('exit', (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
  });
  const sfn = new SFNClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
  const sync = stateMachines.find((m) => m.name === 'sync');
  const input = await readFile('events/sync-analytics.json', 'utf8');
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sync.stateMachineArn, input }));
  for (let status = 'RUNNING'; status === 'RUNNING'; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    ({ status } = await sfn.send(new DescribeExecutionCommand({ executionArn })));
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  // A wide window: the sync graph is wider than a laptop's half page, and the picture should show all of it.
  const page = await browser.newPage({ viewport: { width: 1900, height: 1000 } });
  await page.goto(`${endpoint}/executions/${encodeURIComponent(executionArn)}`);
  await page.locator('[aria-label^="Run task, Task state"]').click();
  await page.waitForFunction(() => (document.querySelector('pre.log-lines')?.textContent ?? '').includes('task succeeded'));
  // main's max-width keeps the page readable on a wide screen; the picture lifts it to fit the graph.
  // (Through the CSSOM: the console's Content-Security-Policy refuses inline style sheets.)
  await page.evaluate(() => (document.querySelector('main').style.maxWidth = 'none'));
  await page.evaluate(() => document.querySelectorAll('.graph-holder').forEach((holder) => (holder.scrollLeft = 0)));
  await page.screenshot({ path: OUT });
  await browser.close();
  console.log(`wrote ${OUT}`);
} finally {
  serve.kill('SIGTERM');
  await new Promise((resolve) => serve.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
}
