/** The CLI's ways into the console: `serve` prints its URL, `run --console` prints the execution's page and keeps it up until Ctrl-C. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../local/src/cli/main.js';
import type { Output } from '../../local/src/cli/output.js';
import { eventually } from '../e2e/helpers.js';
import { ensureConsoleBuilt } from './browser.js';

let dataDir: string;

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

beforeAll(async () => {
  ensureConsoleBuilt();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-cli-console-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('console from the CLI', () => {
  it('serve prints the console URL, which serves the console', async () => {
    const output = capture();
    const stop = new AbortController();
    const serving = main(['serve', '--port', '0', '--data-dir', dataDir], output, stop.signal);
    const url = await eventually(() => /^ {2}console: {4}(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(output.stderr.join('\n'))?.[1], 30_000, 'the console URL');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/assets/console.js');
    stop.abort();
    expect(await serving).toBe(0);
  });

  it('run --console (as README.md writes it) prints the execution page, its cost, and keeps serving it until stopped', async () => {
    const readme = await readFile('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Web console'));
    const line = /^npx sfn-ecs (run .* --console)\s+#/m.exec(section)?.[1];
    expect(line).toBeDefined();
    const output = capture();
    const stop = new AbortController();
    const running = main([...line!.split(/\s+/), '--data-dir', dataDir], output, stop.signal);
    const url = await eventually(() => /^console: (http:\/\/127\.0\.0\.1:\d+\/executions\/arn%3Aaws%3Astates%3A\S+)$/m.exec(output.stderr.join('\n'))?.[1], 60_000, 'the console URL');
    expect((await fetch(url)).status).toBe(200);
    await eventually(() => (output.stderr.some((l) => l.startsWith('the console stays up at')) ? true : undefined), 90_000, 'the run to end');
    expect(output.stderr.find((l) => l.startsWith('cost:'))).toMatch(/^cost: {4}≈ \$0\.\d+ estimate \(1 task: 60 vCPU-s, 120 GB-s; \d+ state transitions; us-east-1 prices of \d{4}-\d\d-\d\d\)$/);
    // The run is over; the page still answers.
    const executionArn = decodeURIComponent(url.slice(url.indexOf('/executions/') + '/executions/'.length));
    const described = await fetch(new URL('/', url), { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.DescribeExecution', 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ executionArn }) });
    expect(((await described.json()) as { status: string }).status).toBe('SUCCEEDED');
    // describe prints the same estimate, read through the APIs (GetExecutionHistory, DescribeTasks).
    const describeOutput = capture();
    expect(await main(['describe', executionArn, '--local', '--port', new URL(url).port], describeOutput)).toBe(0);
    expect(describeOutput.stdout.find((l) => l.startsWith('  cost:'))).toBe(`  cost:    ${output.stderr.find((l) => l.startsWith('cost:'))!.slice('cost:    '.length)}`);
    stop.abort();
    expect(await running).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });
});
