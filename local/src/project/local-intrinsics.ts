/**
 * Evaluates CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::If, ...) against local
 * values: what the stack's resources would be called if the local runtime were the account. Only
 * the resource types serverless.yml uses have local values; anything else is a named error.
 */
import { ProjectError } from './project-error.js';
import {
  LOCAL_ARTIFACT_BUCKET,
  LOCAL_CLUSTER_NAME,
  LOCAL_PARAMETER_VALUES,
  localClusterArn,
  localTaskDefinitionArn,
} from './local-values.js';

export interface TemplateResource {
  readonly Type?: string;
  readonly Properties?: Record<string, unknown>;
}

export interface LocalTemplate {
  readonly resources: Readonly<Record<string, TemplateResource>>;
  readonly parameters: Readonly<Record<string, { readonly Type?: string; readonly Default?: unknown }>>;
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly region: string;
  readonly accountId: string;
  /** Resolves serverless variables inside a property before it is used (e.g. a Family name). */
  readonly resolveVariables: (value: unknown) => unknown;
}

type Value = unknown;

/** Deeply replaces every intrinsic in value with its local value. */
export function resolveIntrinsics(value: Value, t: LocalTemplate): Value {
  const resolved = t.resolveVariables(value);
  return evaluate(resolved, t);
}

function evaluate(value: Value, t: LocalTemplate): Value {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, t));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [key, arg] = entries[0] ?? [];
  if (entries.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) return intrinsic(key, arg, t);
  return Object.fromEntries(entries.map(([k, v]) => [k, evaluate(v, t)]));
}

function intrinsic(name: string, arg: Value, t: LocalTemplate): Value {
  switch (name) {
    case 'Ref':
      return ref(String(arg), t);
    case 'Fn::GetAtt': {
      const [resource, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.*)/s);
      return getAtt(String(resource), String(attribute), t);
    }
    case 'Fn::Join': {
      const [separator, list] = asArray(arg, name);
      return asArray(evaluate(list, t), name).map(String).join(String(separator));
    }
    case 'Fn::Sub':
      return sub(arg, t);
    case 'Fn::Select': {
      const [index, list] = asArray(arg, name);
      return asArray(evaluate(list, t), name)[Number(evaluate(index, t))];
    }
    case 'Fn::Split': {
      const [separator, text] = asArray(arg, name);
      return String(evaluate(text, t)).split(String(separator));
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = asArray(arg, name);
      return evaluate(isTrue(String(condition), t) ? whenTrue : whenFalse, t);
    }
    default:
      throw new ProjectError(`serverless.yml: ${name} has no local meaning (supported: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If)`);
  }
}

function asArray(value: Value, name: string): Value[] {
  if (!Array.isArray(value)) throw new ProjectError(`serverless.yml: ${name} expects a list, got ${JSON.stringify(value)}`);
  return value;
}

function ref(name: string, t: LocalTemplate): Value {
  switch (name) {
    case 'AWS::Region':
      return t.region;
    case 'AWS::AccountId':
      return t.accountId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return 'sfn-ecs-local';
  }
  const parameter = t.parameters[name];
  if (parameter) return parameterValue(name, parameter);
  const resource = t.resources[name];
  if (!resource) throw new ProjectError(`serverless.yml: Ref ${name} names no parameter or resource`);
  switch (resource.Type) {
    case 'AWS::ECS::Cluster':
      return LOCAL_CLUSTER_NAME;
    case 'AWS::ECS::TaskDefinition':
      return localTaskDefinitionArn(t.region, taskFamily(name, resource, t));
    case 'AWS::S3::Bucket':
      return bucketName(resource, t);
    case 'AWS::Logs::LogGroup':
      return property(resource, 'LogGroupName', t) ?? name;
    case 'AWS::ECR::Repository':
      return property(resource, 'RepositoryName', t) ?? name.toLowerCase();
    case 'AWS::IAM::Role':
      return property(resource, 'RoleName', t) ?? name;
    default:
      throw new ProjectError(`serverless.yml: no local value for Ref ${name} (${resource.Type ?? 'no Type'})`);
  }
}

function getAtt(name: string, attribute: string, t: LocalTemplate): Value {
  const resource = t.resources[name];
  if (!resource) throw new ProjectError(`serverless.yml: Fn::GetAtt ${name}.${attribute} names no resource`);
  const key = `${resource.Type}.${attribute}`;
  switch (key) {
    case 'AWS::ECS::Cluster.Arn':
      return localClusterArn(t.region);
    case 'AWS::ECS::TaskDefinition.TaskDefinitionArn':
      return ref(name, t);
    case 'AWS::S3::Bucket.Arn':
      return `arn:aws:s3:::${bucketName(resource, t)}`;
    case 'AWS::Logs::LogGroup.Arn':
      return `arn:aws:logs:${t.region}:${t.accountId}:log-group:${String(ref(name, t))}:*`;
    case 'AWS::ECR::Repository.Arn':
      return `arn:aws:ecr:${t.region}:${t.accountId}:repository/${String(ref(name, t))}`;
    case 'AWS::ECR::Repository.RepositoryUri':
      return `${t.accountId}.dkr.ecr.${t.region}.amazonaws.com/${String(ref(name, t))}`;
    case 'AWS::IAM::Role.Arn':
      return `arn:aws:iam::${t.accountId}:role/${String(ref(name, t))}`;
    default:
      throw new ProjectError(`serverless.yml: no local value for Fn::GetAtt ${name}.${attribute} (${resource.Type ?? 'no Type'})`);
  }
}

function sub(arg: Value, t: LocalTemplate): string {
  const [template, variables] = Array.isArray(arg) ? [String(arg[0]), (arg[1] ?? {}) as Record<string, Value>] : [String(arg), {}];
  return template.replace(/\$\{(!?)([^}]+)\}/g, (_m, literal: string, body: string) => {
    if (literal) return '${' + body + '}';
    if (Object.hasOwn(variables, body)) return String(evaluate(variables[body], t));
    const dot = body.indexOf('.');
    return String(dot < 0 || body.startsWith('AWS::') ? ref(body, t) : getAtt(body.slice(0, dot), body.slice(dot + 1), t));
  });
}

function isTrue(conditionName: string, t: LocalTemplate): boolean {
  const condition = t.conditions[conditionName];
  if (condition === undefined) throw new ProjectError(`serverless.yml: Fn::If names an unknown condition ${conditionName}`);
  return Boolean(evaluateCondition(condition, t));
}

function evaluateCondition(value: Value, t: LocalTemplate): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return Boolean(value);
  const [key, arg] = Object.entries(value)[0] ?? [];
  switch (key) {
    case 'Fn::Equals': {
      const [a, b] = asArray(arg, key).map((v) => evaluate(v, t));
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not':
      return !evaluateCondition(asArray(arg, key)[0], t);
    case 'Fn::And':
      return asArray(arg, key).every((c) => evaluateCondition(c, t));
    case 'Fn::Or':
      return asArray(arg, key).some((c) => evaluateCondition(c, t));
    case 'Condition':
      return isTrue(String(arg), t);
    default:
      return Boolean(evaluate(value, t));
  }
}

/** A parameter's local value: the fixed local value if it has one, else its Default. */
function parameterValue(name: string, parameter: { readonly Type?: string; readonly Default?: unknown }): Value {
  const local = LOCAL_PARAMETER_VALUES[name];
  if (local !== undefined) return local;
  if (parameter.Default === undefined) {
    throw new ProjectError(`serverless.yml: parameter ${name} has no Default and no local value`);
  }
  const isList = /^(List<|CommaDelimitedList)/.test(parameter.Type ?? '');
  return isList ? String(parameter.Default).split(',') : String(parameter.Default);
}

function property(resource: TemplateResource, key: string, t: LocalTemplate): string | undefined {
  const value = resource.Properties?.[key];
  return value === undefined ? undefined : String(resolveIntrinsics(value, t));
}

/** Locally, an unnamed bucket gets the fixed artifact bucket name (there is one). */
function bucketName(resource: TemplateResource, t: LocalTemplate): string {
  return property(resource, 'BucketName', t) ?? LOCAL_ARTIFACT_BUCKET;
}

export function taskFamily(name: string, resource: TemplateResource, t: LocalTemplate): string {
  return property(resource, 'Family', t) ?? name;
}
