/**
 * A STAND-IN FOR AWS (CloudFormation, S3, STS, ECR as the serverless framework calls them), because AWS
 * itself cannot run here. Preloaded into `serverless` (NODE_OPTIONS=--require), it replaces the
 * framework's one gateway to AWS, AwsProvider#request, with an in-memory account kept in the JSON file
 * $AWS_STAND_IN_STATE (shared by the commands of one test), and records every call in it.
 *
 * It answers as an empty account would and applies CloudFormation's checks that a first deploy can
 * fail on: parameters sent must be declared by the template ("Parameters: [X] do not exist in the
 * template"), parameters without Default must be given ("Parameters: [X] must have values"), values must
 * be in AllowedValues, a template must not Ref or GetAtt what it does not declare, a TemplateURL must
 * point at an uploaded object, a stack must exist to be updated and not exist to be created, a stack
 * with a bucket that still holds objects fails to delete. Stacks "create" their S3 buckets and ECR
 * repositories in the account, so later steps find them.
 * Anything it does not know fails loudly, naming the call.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const SERVERLESS = path.dirname(require.resolve('serverless/package.json', { paths: [process.cwd()] }));
const AwsProvider = require(path.join(SERVERLESS, 'lib/plugins/aws/provider.js'));
const ServerlessError = require(path.join(SERVERLESS, 'lib/serverless-error.js'));

const STATE_FILE = process.env.AWS_STAND_IN_STATE;
if (!STATE_FILE) throw new Error('aws-stand-in: set AWS_STAND_IN_STATE to a JSON file');
const ACCOUNT = '123456789012';
const PSEUDO = new Set(['AWS::AccountId', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix', 'AWS::NotificationARNs']);

function load() {
  if (!fs.existsSync(STATE_FILE)) return { calls: [], stacks: {}, buckets: {}, repositories: {} };
  return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
}
function save(state) {
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 1));
}

function awsError(code, message, statusCode = 400) {
  return Object.assign(new ServerlessError(message, `AWS_STAND_IN_${code}`), { providerError: { code, message, statusCode, retryable: false } });
}

async function bodyText(body) {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (typeof body.pipe === 'function' || typeof body[Symbol.asyncIterator] === 'function') {
    const chunks = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  return String(body);
}

/** The object a TemplateURL names (https://s3.<region>.amazonaws.com/<bucket>/<key> or virtual-hosted). */
function templateFromUrl(state, url) {
  const u = new URL(url);
  let bucket;
  let key;
  const virtual = /^(.+)\.s3[.-]/.exec(u.hostname);
  if (virtual) [bucket, key] = [virtual[1], u.pathname.slice(1)];
  else [bucket, key] = [u.pathname.split('/')[1], u.pathname.split('/').slice(2).join('/')];
  const object = state.buckets[bucket]?.objects[decodeURIComponent(key)];
  if (object === undefined) throw awsError('ValidationError', `S3 error: Access Denied (no object ${key} in bucket ${bucket})`);
  return JSON.parse(object);
}

function templateOf(state, params) {
  if (params.TemplateBody !== undefined) return typeof params.TemplateBody === 'string' ? JSON.parse(params.TemplateBody) : params.TemplateBody;
  if (params.TemplateURL !== undefined) return templateFromUrl(state, params.TemplateURL);
  throw awsError('ValidationError', 'Either Template URL or Template Body must be specified.');
}

/** Every logical id a template refers to with Ref, Fn::GetAtt or ${X} in Fn::Sub. */
function references(value, found = []) {
  if (Array.isArray(value)) value.forEach((v) => references(v, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, arg] of Object.entries(value)) {
      if (key === 'Ref') found.push(String(arg));
      else if (key === 'Fn::GetAtt') found.push(String(Array.isArray(arg) ? arg[0] : String(arg).split('.')[0]));
      else if (key === 'Fn::Sub') {
        const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [arg, {}];
        for (const m of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = m[1].split('.')[0];
          if (!(m[1] in vars) && !(name in vars)) found.push(m[1].startsWith('AWS::') ? m[1] : name);
        }
        references(vars, found);
      } else references(arg, found);
    }
  }
  return found;
}

/** CloudFormation's template and parameter checks, with its words. */
function validate(template, parameters = []) {
  const declared = template.Parameters ?? {};
  const given = new Map(parameters.map((p) => [p.ParameterKey, p]));
  const undeclared = [...given.keys()].filter((k) => !(k in declared));
  if (undeclared.length > 0) throw awsError('ValidationError', `Parameters: [${undeclared.join(', ')}] do not exist in the template`);
  const missing = Object.entries(declared)
    .filter(([k, p]) => p.Default === undefined && !(given.has(k) && (given.get(k).ParameterValue !== undefined || given.get(k).UsePreviousValue)))
    .map(([k]) => k);
  if (missing.length > 0) throw awsError('ValidationError', `Parameters: [${missing.join(', ')}] must have values`);
  for (const [key, p] of given) {
    const spec = declared[key];
    const value = p.ParameterValue;
    if (value === undefined) continue;
    if (spec.AllowedValues && !spec.AllowedValues.map(String).includes(String(value))) {
      throw awsError('ValidationError', `Parameter '${key}' must be one of AllowedValues`);
    }
    if (/^List<AWS::EC2::/.test(spec.Type) && String(value).split(',').some((v) => v.trim() === '')) {
      throw awsError('ValidationError', `Parameter '${key}' must be a list of existing ${spec.Type.slice(5, -1)} ids`);
    }
    if (spec.MinLength !== undefined && String(value).length < spec.MinLength) {
      throw awsError('ValidationError', `Parameter '${key}' must contain at least ${spec.MinLength} characters`);
    }
  }
  checkReferences(template);
}

function checkReferences(template) {
  const known = new Set([...Object.keys(template.Parameters ?? {}), ...Object.keys(template.Resources ?? {}), ...PSEUDO]);
  const unknown = [...new Set(references([template.Resources, template.Outputs]))].filter((r) => !known.has(r));
  if (unknown.length > 0) throw awsError('ValidationError', `Template format error: Unresolved resource dependencies [${unknown.join(', ')}] in the Resources block of the template`);
}

/** Creates what later steps look for: S3 buckets and ECR repositories, with their physical ids. */
function applyTemplate(state, stack, template, region) {
  stack.physical = {};
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type === 'AWS::S3::Bucket') {
      const name = resource.Properties?.BucketName ?? `${stack.StackName}-${id}-standin`.toLowerCase();
      state.buckets[name] ??= { region, objects: {} };
      stack.physical[id] = name;
    } else if (resource.Type === 'AWS::ECR::Repository') {
      const name = resource.Properties?.RepositoryName ?? `${stack.StackName}-${id}`.toLowerCase();
      state.repositories[name] = { region, uri: `${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${name}` };
      stack.physical[id] = name;
    } else stack.physical[id] = `${stack.StackName}-${id}`;
  }
  stack.Outputs = Object.entries(template.Outputs ?? {}).map(([key, output]) => {
    const value = output.Value;
    const ref = value && typeof value === 'object' && 'Ref' in value ? stack.physical[value.Ref] : undefined;
    const attr = value && typeof value === 'object' && Array.isArray(value['Fn::GetAtt']) ? value['Fn::GetAtt'] : undefined;
    const uri = attr?.[1] === 'RepositoryUri' ? state.repositories[stack.physical[attr[0]]]?.uri : undefined;
    return { OutputKey: key, OutputValue: String(ref ?? uri ?? (typeof value === 'string' ? value : `stand-in:${key}`)) };
  });
  stack.template = template;
}

function stackOf(state, name) {
  const stack = Object.values(state.stacks).find((s) => s.StackName === name || s.StackId === name);
  if (!stack) throw awsError('ValidationError', `Stack with id ${name} does not exist`);
  return stack;
}

function bucketOf(state, name) {
  const bucket = state.buckets[name];
  if (!bucket) throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
  return bucket;
}

const handlers = {
  'STS.getCallerIdentity': () => ({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/stand-in`, UserId: 'AIDASTANDIN' }),

  'CloudFormation.describeStacks': (state, p) => {
    const s = stackOf(state, p.StackName);
    return { Stacks: [{ StackName: s.StackName, StackId: s.StackId, StackStatus: s.StackStatus, Outputs: s.Outputs ?? [] }] };
  },
  'CloudFormation.createStack': (state, p, region) => {
    if (Object.values(state.stacks).some((s) => s.StackName === p.StackName)) throw awsError('AlreadyExistsException', `Stack [${p.StackName}] already exists`);
    const template = templateOf(state, p);
    validate(template, p.Parameters);
    const stack = { StackName: p.StackName, StackId: `arn:aws:cloudformation:${region}:${ACCOUNT}:stack/${p.StackName}/1`, StackStatus: 'CREATE_COMPLETE', Parameters: p.Parameters ?? [] };
    state.stacks[p.StackName] = stack;
    applyTemplate(state, stack, template, region);
    stack.events = 'create';
    return { StackId: stack.StackId };
  },
  'CloudFormation.createChangeSet': (state, p, region) => {
    const exists = Object.values(state.stacks).some((s) => s.StackName === p.StackName && s.StackStatus !== 'REVIEW_IN_PROGRESS');
    if (p.ChangeSetType === 'CREATE' && exists) throw awsError('AlreadyExistsException', `Stack [${p.StackName}] already exists and cannot be created again with the changeSet [${p.ChangeSetName}].`);
    if (p.ChangeSetType !== 'CREATE' && !exists) throw awsError('ValidationError', `Stack [${p.StackName}] does not exist`);
    const template = templateOf(state, p);
    validate(template, p.Parameters);
    const stackId = state.stacks[p.StackName]?.StackId ?? `arn:aws:cloudformation:${region}:${ACCOUNT}:stack/${p.StackName}/1`;
    state.stacks[p.StackName] ??= { StackName: p.StackName, StackId: stackId, StackStatus: 'REVIEW_IN_PROGRESS' };
    state.stacks[p.StackName].changeSet = { name: p.ChangeSetName, type: p.ChangeSetType, template, parameters: p.Parameters ?? [] };
    return { Id: `${stackId}:changeSet/${p.ChangeSetName}`, StackId: stackId };
  },
  'CloudFormation.describeChangeSet': (state, p) => {
    const s = stackOf(state, p.StackName);
    if (!s.changeSet || s.changeSet.name !== p.ChangeSetName) throw awsError('ChangeSetNotFound', `ChangeSet [${p.ChangeSetName}] does not exist`, 404);
    return { ChangeSetName: p.ChangeSetName, StackId: s.StackId, StackName: s.StackName, Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: [{ Type: 'Resource' }] };
  },
  'CloudFormation.executeChangeSet': (state, p, region) => {
    const s = stackOf(state, p.StackName);
    if (!s.changeSet || s.changeSet.name !== p.ChangeSetName) throw awsError('ChangeSetNotFound', `ChangeSet [${p.ChangeSetName}] does not exist`, 404);
    const action = s.changeSet.type === 'CREATE' ? 'create' : 'update';
    s.StackStatus = `${action.toUpperCase()}_COMPLETE`;
    s.Parameters = s.changeSet.parameters;
    applyTemplate(state, s, s.changeSet.template, region);
    s.events = action;
    delete s.changeSet;
    return {};
  },
  'CloudFormation.deleteChangeSet': (state, p) => {
    const s = stackOf(state, p.StackName);
    delete s.changeSet;
    return {};
  },
  'CloudFormation.describeStackEvents': (state, p) => {
    const s = stackOf(state, p.StackName);
    const action = (s.events ?? 'create').toUpperCase();
    const event = (n, status, reason) => ({ EventId: `${s.StackName}-${n}`, StackId: s.StackId, StackName: s.StackName, LogicalResourceId: s.StackName, PhysicalResourceId: s.StackId, ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: status, ResourceStatusReason: reason, Timestamp: new Date() });
    const end = s.StackStatus === 'DELETE_FAILED' ? event(2, 'DELETE_FAILED', s.failure) : event(2, `${action}_COMPLETE`);
    return { StackEvents: [end, event(1, `${action}_IN_PROGRESS`)] };
  },
  'CloudFormation.describeStackResource': (state, p) => {
    const s = stackOf(state, p.StackName);
    const physical = s.physical?.[p.LogicalResourceId];
    if (physical === undefined) throw awsError('ValidationError', `Resource ${p.LogicalResourceId} does not exist for stack ${p.StackName}`);
    return { StackResourceDetail: { LogicalResourceId: p.LogicalResourceId, PhysicalResourceId: physical } };
  },
  'CloudFormation.listStackResources': (state, p) => {
    const s = stackOf(state, p.StackName);
    const resources = Object.entries(s.template?.Resources ?? {});
    return { StackResourceSummaries: resources.map(([id, r]) => ({ LogicalResourceId: id, PhysicalResourceId: s.physical[id], ResourceType: r.Type, ResourceStatus: 'CREATE_COMPLETE' })) };
  },
  'CloudFormation.validateTemplate': (state, p) => {
    checkReferences(templateOf(state, p));
    return {};
  },
  'CloudFormation.getTemplate': (state, p) => ({ TemplateBody: JSON.stringify(stackOf(state, p.StackName).template ?? {}) }),
  'CloudFormation.deleteStack': (state, p) => {
    const s = stackOf(state, p.StackName);
    const buckets = Object.entries(s.physical ?? {}).filter(([id]) => s.template?.Resources?.[id]?.Type === 'AWS::S3::Bucket').map(([, name]) => name);
    const full = buckets.filter((name) => Object.keys(state.buckets[name]?.objects ?? {}).length > 0);
    if (full.length > 0) {
      // DeleteStack is accepted; the stack then fails to delete (CloudFormation cannot delete a bucket with objects).
      s.StackStatus = 'DELETE_FAILED';
      s.events = 'delete';
      s.failure = `The bucket you tried to delete is not empty (Bucket: ${full.join(', ')})`;
      return {};
    }
    for (const name of buckets) delete state.buckets[name];
    for (const [id, name] of Object.entries(s.physical ?? {})) if (s.template?.Resources?.[id]?.Type === 'AWS::ECR::Repository') delete state.repositories[name];
    s.StackStatus = 'DELETE_COMPLETE';
    s.events = 'delete';
    return {};
  },

  'S3.getBucketLocation': (state, p) => {
    const bucket = bucketOf(state, p.Bucket);
    return { LocationConstraint: bucket.region === 'us-east-1' ? '' : bucket.region };
  },
  'S3.headBucket': (state, p) => (bucketOf(state, p.Bucket), {}),
  'S3.listObjectsV2': (state, p) => {
    const keys = Object.keys(bucketOf(state, p.Bucket).objects).filter((k) => k.startsWith(p.Prefix ?? '')).sort();
    return { Contents: keys.map((Key) => ({ Key, LastModified: new Date() })), IsTruncated: false, KeyCount: keys.length };
  },
  'S3.headObject': (state, p) => {
    const object = bucketOf(state, p.Bucket).objects[p.Key];
    if (object === undefined) throw awsError('NotFound', 'Not Found', 404);
    return { ContentLength: Buffer.byteLength(object), Metadata: {} };
  },
  'S3.upload': async (state, p) => {
    bucketOf(state, p.Bucket).objects[p.Key] = await bodyText(p.Body);
    return { Bucket: p.Bucket, Key: p.Key, Location: `https://${p.Bucket}.s3.amazonaws.com/${p.Key}` };
  },
  'S3.deleteObjects': (state, p) => {
    const bucket = bucketOf(state, p.Bucket);
    for (const { Key } of p.Delete.Objects) delete bucket.objects[Key];
    return { Deleted: p.Delete.Objects };
  },
  'ECR.describeRepositories': (state, p) => {
    const names = p.repositoryNames ?? Object.keys(state.repositories);
    const missing = names.filter((n) => !state.repositories[n]);
    if (missing.length > 0) throw awsError('RepositoryNotFoundException', `The repository with name '${missing[0]}' does not exist in the registry with id '${ACCOUNT}'`);
    return { repositories: names.map((n) => ({ repositoryName: n, repositoryUri: state.repositories[n].uri })) };
  },
};
handlers['S3.putObject'] = handlers['S3.upload'];

AwsProvider.prototype.request = async function standInRequest(service, method, params = {}, options = {}) {
  const region = options.region ?? this.getRegion();
  const state = load();
  const call = { service, method, region, params: JSON.parse(JSON.stringify({ ...params, Body: params.Body === undefined ? undefined : '<body>' })) };
  state.calls.push(call);
  const handler = handlers[`${service}.${method}`];
  try {
    if (!handler) throw new Error(`aws-stand-in: no stand-in for ${service}.${method}`);
    const result = await handler(state, params, region);
    call.ok = true;
    return result;
  } catch (error) {
    call.error = error.providerError?.code ?? error.message;
    call.message = error.message;
    throw error;
  } finally {
    save(state);
  }
};
