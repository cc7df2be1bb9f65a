/**
 * The live view as a user sees it (issue 16, points 4 and 5): `npx sfn-ecs run …` in real processes,
 * piped and on a pseudo-terminal (`script`), with real workers: fan-out items labelled and counted,
 * a feed that cannot be reached said in words with its retry, a status line with the task's last log line.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorkerBundle } from '../e2e/helpers.js';
import { userEnv, userShell, type ShellResult } from '../helpers/user-shell.js';

let dataDir: string;
beforeAll(async () => {
  ensureWorkerBundle();
  dataDir = await mkdtemp(join(tmpdir(), 'sfn-ecs-liveview-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => userEnv(dataDir, extra);
const sh = (command: string): Promise<ShellResult> => userShell(command, env());

describe('sfn-ecs run: the live view', () => {
  it('fan-out: items as [item N], top-level lines bare, the Map closing with its duration and 4/4 done', async () => {
    const run = await sh(`npx sfn-ecs run fanout --input @events/fanout-count.json --data-dir ${dataDir}`);
    expect(run.status).toBe(0);
    const lines = run.stderr.split('\n');
    for (const index of [0, 1, 2, 3]) {
      expect(lines).toContain(`    ⇉ item ${index} started`);
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  \\[item ${index}\\] → Run item \\(Task\\)$`)));
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^    ✔ item ${index} done  [\\d.]+s · [1-4]/4 done$`)));
    }
    expect(lines.filter((line) => /· \d\/4 done$/.test(line) && line.includes('✔ item')).map((line) => line.replace(/.*· /, ''))).toEqual(['1/4 done', '2/4 done', '3/4 done', '4/4 done']);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}← Run tasks {2}[\d.]+s · 4\/4 done$/));
    expect(lines).toContainEqual(expect.stringMatching(/^✔ SUCCEEDED in [\d.]+s$/));
    // No chained labels ([0.2]) and no label on execution lines.
    expect(run.stderr).not.toMatch(/\[\d+(\.\d+)*\]/);
    expect(run.stderr).not.toContain('\x1b');
  }, 180_000);

  it('a feed that cannot be reached: the worker says could not connect (host, port, code), the retry shows, the report repeats it', async () => {
    const run = await sh(`npx sfn-ecs run sync --input @events/sync-task-fails.json --data-dir ${dataDir}`);
    expect(run.status).toBe(1);
    const reason = /could not connect to 127\.0\.0\.1:9 \(connect ECONNREFUSED 127\.0\.0\.1:9\), \d+ attempts? in [\d.]+ s \(ws:\/\/127\.0\.0\.1:9\/closed-port\)/;
    const lines = run.stderr.split('\n');
    const firstStop = lines.findIndex((line) => /^ {4}✖ task \w+ stopped: exit 1 /.test(line));
    expect(lines[firstStop + 1]).toMatch(new RegExp(`^ {6}worker: Worker\\.Failed: ${reason.source}$`));
    expect(lines).toContain('    ↻ retrying Run task (attempt 2) after this wait');
    expect(lines).toContain('  → Run task (Task)  attempt 2');
    // The failure report: the workflow's cause decoded, then the worker's own words.
    expect(run.stderr).toContain('error: Worker.Failed');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}worker: Worker\\.Failed: ${reason.source}$`)));
  }, 180_000);

  it('on a terminal: a status line with the running state, its elapsed time and the task\'s last log line; Ctrl-C stops the run', async () => {
    const input = JSON.stringify({ mode: 'echo', input: { message: 'slow', processingSeconds: 300 } });
    const command = `node bin/sfn-ecs.js run sync --input '${input}' --data-dir ${dataDir}`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: process.cwd(), env: env({ TERM: 'xterm' }), stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const status = /\r\x1b\[2K\x1b\[2m… Run task (\d+\.\d\d|\d+\.\d)s · last log: echo: processing processingSeconds=300/g;
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`no status line with the last log line twice in 120 s:\n${screen}`)), 120_000);
      child.stdout.on('data', (chunk: Buffer) => {
        screen += chunk.toString();
        // Two updates in place: the elapsed time moves on.
        if ((screen.match(status) ?? []).length >= 2) {
          clearTimeout(deadline);
          resolve();
        }
      });
    });
    child.stdin.write('\x03');
    expect(await closed).not.toBe(0);
    const elapsed = [...screen.matchAll(status)].map((match) => Number(match[1]));
    expect(elapsed.at(-1)!).toBeGreaterThan(elapsed[0]!);
    expect(screen).toContain('\x1b[36m▶ execution started\x1b[39m'); // colour on a terminal
    expect(screen).toMatch(/stopping the execution/);
  }, 180_000);
});
