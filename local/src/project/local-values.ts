/**
 * The fixed identities of the local runtime: what stands in for an AWS account, a VPC and the
 * values CloudFormation would create (see ../shared/DESIGN.md, "Local fixed identities").
 */
export const LOCAL_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
/** serverless.yml names resources `${service}-${stage}`; locally the stage is `local`. */
export const LOCAL_STAGE = 'local';
export const LOCAL_CLUSTER_NAME = 'sfn-ecs-local';
export const LOCAL_ARTIFACT_BUCKET = 'sfn-ecs-artifacts';
export const LOCAL_SUBNETS: readonly string[] = ['subnet-local'];
export const LOCAL_SECURITY_GROUPS: readonly string[] = ['sg-local'];
/** Shown as Task.Containers[].Image; locally the "image" is the bundled worker run by node. */
export const LOCAL_IMAGE = 'sfn-ecs-worker:local';
/** Every task definition is registered once locally. */
export const LOCAL_TASK_DEFINITION_REVISION = 1;

/**
 * Local values for CloudFormation parameters that have no Default in serverless.yml (the ones
 * a deployment must supply). List-typed parameters are arrays, as CloudFormation's Ref returns them.
 */
export const LOCAL_PARAMETER_VALUES: Readonly<Record<string, string | readonly string[]>> = {
  Subnets: LOCAL_SUBNETS,
  SecurityGroups: LOCAL_SECURITY_GROUPS,
  ImageUri: LOCAL_IMAGE,
};

export function localClusterArn(region: string): string {
  return `arn:aws:ecs:${region}:${LOCAL_ACCOUNT_ID}:cluster/${LOCAL_CLUSTER_NAME}`;
}

export function localTaskDefinitionArn(region: string, family: string): string {
  return `arn:aws:ecs:${region}:${LOCAL_ACCOUNT_ID}:task-definition/${family}:${LOCAL_TASK_DEFINITION_REVISION}`;
}

export function localStateMachineArn(region: string, name: string): string {
  return `arn:aws:states:${region}:${LOCAL_ACCOUNT_ID}:stateMachine:${name}`;
}
