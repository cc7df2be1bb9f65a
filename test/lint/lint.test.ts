import { execFile } from 'node:child_process';
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

  it("refuses a RunTask field ECS does not have, as AWS's CreateStateMachine does", () => {
    const findings = lintDefinition({
      StartAt: 'Run',
      States: { Run: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Parameters: { TaskDefinition: 'w', Overrides: { ContainerOverrides: [{ Name: 'w', Enviroment: [] }] } }, End: true } },
    });
    expect(findings.filter((f) => f.rule === 'integration-parameters')).toEqual([
      expect.objectContaining({ severity: 'error', path: '/States/Run/Parameters/Overrides/ContainerOverrides/0', message: 'The field "Enviroment" is not supported by Step Functions.' }),
    ]);
  });

  it('warns of a resource with no built-in integration (a library user may register one, or a mock answer it)', () => {
    const findings = lintDefinition({ StartAt: 'Pay', States: { Pay: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true } } });
    expect(findings.filter((f) => f.rule === 'resource-not-local')).toEqual([
      expect.objectContaining({ severity: 'warning', path: '/States/Pay/Resource', fix: expect.stringContaining('RuntimeOptions.integrations') }),
    ]);
  });

  it('refuses a Resource of no shape AWS takes, as CreateStateMachine does', () => {
    const findings = lintDefinition({ StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::foo', End: true } } });
    expect(findings.filter((f) => f.rule === 'unknown-resource')).toEqual([
      expect.objectContaining({ severity: 'error', path: '/States/Call/Resource', message: expect.stringMatching(/^The resource provided arn:aws:states:::foo is not recognized\./) }),
    ]);
  });

  it.each([
    'arn:aws:states:::aws-sdk:s3:getObject',
    'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    'arn:aws:states:::states:startExecution.sync:2',
    'arn:aws:lambda:us-east-1:123456789012:function:charge:live',
    'arn:aws:states:us-east-1:123456789012:activity:approve',
  ])('takes %s as AWS does, with a warning that nothing here answers it', (resource) => {
    const findings = lintDefinition({ StartAt: 'Call', States: { Call: { Type: 'Task', Resource: resource, End: true } } });
    expect(findings.filter((f) => f.path === '/States/Call/Resource').map((f) => `${f.severity} ${f.rule}`)).toEqual(['warning resource-not-local']);
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

  it('exits 1 on a RunTask field ECS does not have, run as `sfn-ecs validate <file>`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-lint-'));
    try {
      const file = join(dir, 'typo.asl.json');
      const run = { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Parameters: { TaskDefinition: 'w', LaunchTyp: 'FARGATE' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }], End: true };
      await writeFile(file, JSON.stringify({ StartAt: 'Run', States: { Run: run, Failed: { Type: 'Fail' } } }));
      const cli = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        execFile(process.execPath, ['bin/sfn-ecs.js', 'validate', file], { timeout: 60_000 }, (error, stdout) =>
          error && typeof error.code !== 'number' ? reject(error) : resolve({ code: error ? Number(error.code) : 0, stdout }),
        );
      });
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain('/States/Run/Parameters');
      expect(cli.stdout).toContain('The field "LaunchTyp" is not supported by Step Functions.');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
