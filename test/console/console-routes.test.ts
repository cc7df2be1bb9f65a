/**
 * The console's GET routes on the API port, over real HTTP against the real runtime: the app shell
 * and its headers, assets, the loopback guard, artifacts streamed from the embedded S3 with safe
 * headers, live notices, and the AWS APIs still on POST /.
 */
import { request } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../local/src/app/create-runtime.js';
import type { Runtime } from '../../local/src/app/runtime-types.js';
import { ensureConsoleBuilt } from './browser.js';

let runtime: Runtime;
let dataDir: string;
let svgUri: string;

/** A GET with exactly these headers (fetch would not let a test set Host). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(path, runtime.endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { host: url.host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  ensureConsoleBuilt();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-console-routes-'));
  runtime = await createRuntime({ rootDir: process.cwd(), dataDir, port: 0 });
  const { executionArn } = await runtime.startExecution({ stateMachineArn: runtime.stateMachineArn('sync'), input: await readFile('events/sync-analytics.json', 'utf8') });
  const done = await runtime.waitForExecution(executionArn!);
  const manifest = JSON.parse(done.output!).manifest as string;
  svgUri = manifest.replace('manifest.json', 'daily-revenue.svg');
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('console routes', () => {
  it.each(['/', '/state-machines/sync', `/executions/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:sync:x')}`])('serves the app shell at %s with a strict CSP and no inline script', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toContain('<script type="module" src="/assets/console.js"></script>');
    expect(response.body).not.toMatch(/<script>(?!<\/script>)|<script [^>]*>[^<]/);
  });

  it('answers an unknown path with a 404 page', async () => {
    const response = await get('/executions/a/b');
    expect(response.status).toBe(404);
    expect(response.body).toContain('<h1>Not found</h1>');
  });

  it('refuses a foreign Host (DNS rebinding) and a cross-site page', async () => {
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(403);
    expect((await get('/console-api/samples', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await get(`/console-api/artifact?uri=${encodeURIComponent(svgUri)}`, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('serves assets by plain file name only, gzipped when asked', async () => {
    const script = await get('/assets/console.js', { 'accept-encoding': 'gzip' });
    expect(script.status).toBe(200);
    expect(script.headers['content-encoding']).toBe('gzip');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const path of ['/assets/../cli.mjs', '/assets/%2e%2e%2fcli.mjs', '/assets/.hidden.js', '/assets/x/../../worker.mjs']) expect((await get(path)).status, path).toBe(404);
  });

  it('streams an SVG artifact as an image that cannot run script, and offers it as a download', async () => {
    const inline = await get(`/console-api/artifact?uri=${encodeURIComponent(svgUri)}`);
    expect(inline.status).toBe(200);
    expect(inline.headers['content-type']).toBe('image/svg+xml');
    expect(inline.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
    expect(inline.headers['x-content-type-options']).toBe('nosniff');
    expect(inline.headers['content-disposition']).toBe('inline; filename="daily-revenue.svg"');
    expect(inline.body).toMatch(/^<svg /);
    const download = await get(`/console-api/artifact?uri=${encodeURIComponent(svgUri)}&download=1`);
    expect(download.headers['content-disposition']).toBe('attachment; filename="daily-revenue.svg"');
  });

  it('serves only the artifact bucket, and 404 for a missing key', async () => {
    expect((await get(`/console-api/artifact?uri=${encodeURIComponent('s3://other-bucket/x.json')}`)).status).toBe(404);
    expect((await get(`/console-api/artifact?uri=${encodeURIComponent(svgUri.replace('daily-revenue.svg', 'nope.json'))}`)).status).toBe(404);
    expect((await get('/console-api/artifact?uri=not-a-uri')).status).toBe(400);
  });

  it('lists the samples of events/ with their execution input', async () => {
    const { samples } = JSON.parse((await get('/console-api/samples')).body) as { samples: { name: string; machine: string; input: unknown }[] };
    expect(samples.find((s) => s.name === 'sync-echo')).toEqual(expect.objectContaining({ machine: 'sync', input: JSON.parse(await readFile('events/sync-echo.json', 'utf8')) }));
  });

  it('sends a live notice for each new history event of the watched execution', async () => {
    const definition = { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 1, Next: 'Done' }, Done: { Type: 'Pass', End: true } } };
    await runtime.createStateMachine({ name: 'console-live', definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::123456789012:role/r' });
    const { executionArn } = await runtime.startExecution({ stateMachineArn: runtime.stateMachineArn('console-live'), input: '{}' });
    const controller = new AbortController();
    const live = await fetch(`${runtime.endpoint}/console-api/live?executionArn=${encodeURIComponent(executionArn!)}`, { signal: controller.signal });
    expect(live.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = live.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('"type":"ExecutionSucceeded"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    expect(text).toMatch(/event: history\ndata: \{"id":\d+,"type":"PassStateEntered"\}/);
    expect(text).toMatch(/event: history\ndata: \{"id":\d+,"type":"ExecutionSucceeded"\}/);
  });

  it('keeps the AWS APIs on POST / beside the console', async () => {
    const response = await fetch(`${runtime.endpoint}/`, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { stateMachines: unknown[] }).stateMachines.length).toBeGreaterThan(0);
  });
});
