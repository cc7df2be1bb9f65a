/**
 * Least privilege across the whole packaged template (test/deploy checks each statement we expect;
 * this checks that nothing else slipped in): no wildcard actions, `Resource: "*"` only for actions AWS
 * offers on no narrower resource, and no role a principal other than our services can assume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asList, packageProject, policyStatements } from '../deploy/package-template.js';
import type { PackagedProject } from '../deploy/package-template.js';

/**
 * Actions that support no resource-level permissions, so "*" is their only Resource (IAM service
 * authorization reference): Step Functions' callback calls (they name a task token, not a resource),
 * ECR's token call, X-Ray segments, and CloudWatch Logs' delivery APIs.
 */
const RESOURCE_STAR_ONLY = new Set([
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
  'ecr:GetAuthorizationToken',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);
const SERVICE_PRINCIPALS = new Set(['states.amazonaws.com', 'ecs-tasks.amazonaws.com', 'events.amazonaws.com', 'scheduler.amazonaws.com']);

let packaged: PackagedProject;

beforeAll(async () => {
  packaged = await packageProject();
}, 240_000);

afterAll(async () => {
  await packaged?.cleanup();
});

describe('the packaged CloudFormation grants least privilege', () => {
  it('has IAM statements, none with a wildcard action', () => {
    const statements = policyStatements(packaged.template);
    expect(statements.length).toBeGreaterThan(3);
    const wildcards = statements.flatMap(({ statement }) => asList<string>(statement['Action'] as string | string[]).filter((action) => action.includes('*')));
    expect(wildcards).toEqual([]);
    expect(statements.filter(({ statement }) => 'NotAction' in statement || 'NotResource' in statement)).toEqual([]);
  });

  it('allows Resource "*" only for actions that have no narrower resource', () => {
    const broad = policyStatements(packaged.template).filter(
      ({ statement }) => statement['Effect'] === 'Allow' && asList<unknown>(statement['Resource'] as unknown).some((r) => r === '*'),
    );
    const actions = broad.flatMap(({ statement }) => asList<string>(statement['Action'] as string | string[]));
    expect(actions.filter((action) => !RESOURCE_STAR_ONLY.has(action))).toEqual([]);
  });

  it('lets only our AWS services assume its roles', () => {
    const roles = Object.entries(packaged.template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(0);
    for (const [id, role] of roles) {
      const trust = asList<Record<string, any>>(role.Properties['AssumeRolePolicyDocument']?.Statement);
      const principals = trust.flatMap((s) => Object.entries(s['Principal'] as Record<string, unknown>).flatMap(([kind, value]) => asList<unknown>(value).map((v) => `${kind}:${String(v)}`)));
      expect(principals.filter((p) => !(p.startsWith('Service:') && SERVICE_PRINCIPALS.has(p.slice('Service:'.length)))), id).toEqual([]);
    }
  });

  it('attaches no AWS managed policy that grants more than task execution', () => {
    const managed = Object.values(packaged.template.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Role')
      .flatMap((r) => asList<unknown>(r.Properties['ManagedPolicyArns']).map((arn) => JSON.stringify(arn)));
    expect(managed.filter((arn) => !arn.includes('AmazonECSTaskExecutionRolePolicy'))).toEqual([]);
  });
});
