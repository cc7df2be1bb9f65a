/**
 * cfn-lint on the CloudFormation that `serverless package` produces for both stacks (serverless.yml and
 * serverless.bootstrap.yml). cfn-lint is a Python tool: CI installs it (see the report in .ci/run);
 * without it this test fails and says so, it is never skipped.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageProject } from './package-template.js';
import type { PackagedProject } from './package-template.js';

interface Finding {
  Rule: { Id: string };
  Location: { Path: (string | number)[] };
  Message: string;
}

/**
 * The only findings accepted, by rule AND resource: E3601 (state machine definition schema) on our three
 * state machines, where a JSONata `{% %}` string stands in TimeoutSeconds, MaxConcurrency or
 * ItemSelector. cfn-lint's schema types these fields for JSONPath definitions (a number, an object);
 * with "QueryLanguage": "JSONata" Step Functions takes an expression there (DG "Transforming data with
 * JSONata"). Anything else cfn-lint reports fails the test.
 */
const JSONATA_FIELDS = /\/(TimeoutSeconds|MaxConcurrency|ItemSelector)$/;
const STATE_MACHINES = ['SyncStateMachine', 'CallbackStateMachine', 'FanoutStateMachine'];
function isJsonataFalsePositive(finding: Finding): boolean {
  const [section, resource] = finding.Location.Path;
  const at = /at '([^']+)'$/.exec(finding.Message)?.[1] ?? '';
  return (
    finding.Rule.Id === 'E3601' &&
    section === 'Resources' &&
    STATE_MACHINES.includes(String(resource)) &&
    /^["']\{%/.test(finding.Message) &&
    JSONATA_FIELDS.test(`/${at}`)
  );
}

async function cfnLint(template: string): Promise<Finding[]> {
  try {
    await promisify(execFile)('cfn-lint', ['--version'], { timeout: 60_000 });
  } catch (error) {
    throw new Error(`cfn-lint is not installed (python: pip install cfn-lint): ${(error as Error).message}`);
  }
  try {
    await promisify(execFile)('cfn-lint', ['--format', 'json', '--', template], { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
    return [];
  } catch (error) {
    // cfn-lint exits non-zero when it finds something; its JSON list is on stdout.
    const stdout = (error as { stdout?: string }).stdout ?? '';
    if (!stdout.trim().startsWith('[')) throw error;
    return JSON.parse(stdout) as Finding[];
  }
}

let main: PackagedProject;
let bootstrap: PackagedProject;

beforeAll(async () => {
  [main, bootstrap] = await Promise.all([packageProject(), packageProject('test', 'us-east-1', 'serverless.bootstrap.yml')]);
}, 300_000);

afterAll(async () => {
  await Promise.all([main?.cleanup(), bootstrap?.cleanup()]);
});

describe('cfn-lint on the packaged templates', () => {
  it('serverless.yml: nothing but the JSONata false positives', async () => {
    const findings = await cfnLint(join(main.dir, '.serverless', 'cloudformation-template-update-stack.json'));
    expect(findings.filter((f) => !isJsonataFalsePositive(f)).map((f) => `${f.Rule.Id} ${f.Location.Path.join('/')}: ${f.Message}`)).toEqual([]);
    // The accepted ones are really there (the filter is not hiding a template cfn-lint never read).
    expect(findings.filter(isJsonataFalsePositive).length).toBeGreaterThan(0);
  }, 300_000);

  it('serverless.bootstrap.yml: no findings, and its own deployment bucket blocks public access', async () => {
    const findings = await cfnLint(join(bootstrap.dir, '.serverless', 'cloudformation-template-update-stack.json'));
    expect(findings.map((f) => `${f.Rule.Id} ${f.Location.Path.join('/')}: ${f.Message}`)).toEqual([]);
    // The stack serverless creates first for this small service (its bucket only, no parameters).
    expect(bootstrap.files).toContain('cloudformation-template-create-stack.json');
    const bucket = bootstrap.template.Resources['ServerlessDeploymentBucket'];
    expect(bucket?.Properties['PublicAccessBlockConfiguration']).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bootstrap.state.service.provider.stackParameters ?? []).toEqual([]);
  }, 300_000);
});
