import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../local/src/cli/main.js';
import { lintDefinition } from '../../local/src/lint/lint.js';
import type { LintFinding } from '../../local/src/lint/rules.js';

const FIXTURE = 'test/lint/fixtures/mistakes.asl.json';
const PLACEHOLDERS = { ClusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/sfn-ecs-local', TaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/worker:1', ContainerName: 'worker' };

function capture(): { out: string[]; err: string[]; output: { out(l: string): void; err(l: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

async function fixtureFindings(): Promise<LintFinding[]> {
  const { readFile } = await import('node:fs/promises');
  return lintDefinition(JSON.parse(await readFile(FIXTURE, 'utf8')), PLACEHOLDERS);
}

describe('sfn-ecs validate rules', () => {
  it.each([
    ['callback-without-timeout', 'error', '/States/Wait for worker', /HeartbeatSeconds/],
    ['retry-retries-invalid-input', 'warning', '/States/Wait for worker/Retry/0', /Worker\.InvalidInput/],
    ['error-name-never-matches', 'error', '/States/Run sync/Retry/0/ErrorEquals/0', /Write "ECS\.ThrottlingException"/],
    ['error-name-never-matches', 'error', '/States/Run sync/Retry/1/ErrorEquals/0', /Write "States\.TaskFailed"/],
    ['task-without-catch', 'warning', '/States/Run sync', /Catch/],
    ['unreachable-state', 'error', '/States/Orphan', /Point a Next/],
    ['unbound-placeholder', 'error', '/States/Wait for worker/Parameters/Overrides/ContainerOverrides/0/Name', /ContainerNmae/],
  ])('finds %s (%s) at %s with a one-line fix', async (rule, severity, path, fixOrMessage) => {
    const found = (await fixtureFindings()).filter((f) => f.rule === rule && f.path === path);
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe(severity);
    expect(`${found[0]!.message} ${found[0]!.fix}`).toMatch(fixOrMessage);
    expect(found[0]!.fix).not.toContain('\n');
  });

  it('finds nothing in a definition that avoids the mistakes', () => {
    const clean = {
      StartAt: 'Run',
      States: {
        Run: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken',
          HeartbeatSeconds: 60,
          Parameters: { TaskDefinition: 'worker' },
          Retry: [
            { ErrorEquals: ['Worker.InvalidInput'], MaxAttempts: 0 },
            { ErrorEquals: ['States.ALL'], MaxAttempts: 2 },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
          End: true,
        },
        Failed: { Type: 'Fail', Error: 'Worker.Failed' },
      },
    };
    expect(lintDefinition(clean, {})).toEqual([]);
  });

  it('reports asl-validator problems as errors with their paths', () => {
    const findings = lintDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } });
    expect(findings.some((f) => f.severity === 'error' && f.path === '/States/A/Next' && /Missing/.test(f.message))).toBe(true);
  });
});

describe('sfn-ecs validate command', () => {
  it('passes the project statemachines/ (what CI runs) with exit status 0', async () => {
    const io = capture();
    expect(await main(['validate'], io.output)).toBe(0);
    expect(io.out).toEqual(['ok       statemachines/callback.asl.json', 'ok       statemachines/fanout.asl.json', 'ok       statemachines/sync.asl.json']);
  });

  it('exits 1 on errors and lists warnings, as text and as --json', async () => {
    const text = capture();
    expect(await main(['validate', FIXTURE], text.output)).toBe(1);
    expect(text.out.some((l) => l.startsWith('warning  test/lint/fixtures/mistakes.asl.json:/States/Run sync'))).toBe(true);
    expect(text.err.at(-1)).toMatch(/1 file: \d+ errors, 2 warnings/);
    const json = capture();
    expect(await main(['validate', FIXTURE, '--json'], json.output)).toBe(1);
    const report = JSON.parse(json.out.join('\n'));
    expect(report.warnings).toBe(2);
    expect(report.files[0].file).toBe(FIXTURE);
  });

  it('exits 0 when only warnings are found', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-lint-'));
    try {
      const file = join(dir, 'warn.asl.json');
      await writeFile(file, JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask', Parameters: { TaskDefinition: 'w' }, End: true } } }));
      const io = capture();
      expect(await main(['validate', file], io.output)).toBe(0);
      expect(io.out[0]).toMatch(/^warning .*task-without-catch/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
