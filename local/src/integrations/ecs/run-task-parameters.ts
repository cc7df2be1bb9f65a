/**
 * Turns a Task state's PascalCase `Parameters` for ecs:runTask into the SDK's RunTask input.
 * Fields outside the RunTask request shape are refused at CreateStateMachine when written in the
 * definition (validateRunTaskParameters), and fail the state when a `.$` template brings them in at
 * run time ("The field 'X' is not supported by Step Functions").
 */
import type { RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { StatesError, STATES_ERRORS } from '../../engine/errors.js';
import type { ParameterProblem } from '../../engine/integration.js';
import { isPlainObject, toSdkCase } from './aws-case.js';

/** A field's shape: a leaf (any value), an object with known fields, or a list of such objects. */
interface Shape {
  readonly fields?: Readonly<Record<string, Shape>>;
}
const LEAF: Shape = {};
const obj = (fields: Record<string, Shape>): Shape => ({ fields });

const KEY_VALUE = obj({ Name: LEAF, Value: LEAF });
/** The RunTask request members (BC-ECS RunTaskRequest), as Step Functions spells them. */
const RUN_TASK_SHAPE = obj({
  CapacityProviderStrategy: obj({ CapacityProvider: LEAF, Weight: LEAF, Base: LEAF }),
  Cluster: LEAF,
  Count: LEAF,
  EnableECSManagedTags: LEAF,
  EnableExecuteCommand: LEAF,
  Group: LEAF,
  LaunchType: LEAF,
  NetworkConfiguration: obj({
    AwsvpcConfiguration: obj({ Subnets: LEAF, SecurityGroups: LEAF, AssignPublicIp: LEAF }),
  }),
  Overrides: obj({
    ContainerOverrides: obj({
      Name: LEAF,
      Command: LEAF,
      Environment: KEY_VALUE,
      EnvironmentFiles: obj({ Value: LEAF, Type: LEAF }),
      Cpu: LEAF,
      Memory: LEAF,
      MemoryReservation: LEAF,
      ResourceRequirements: obj({ Value: LEAF, Type: LEAF }),
    }),
    Cpu: LEAF,
    Memory: LEAF,
    InferenceAcceleratorOverrides: obj({ DeviceName: LEAF, DeviceType: LEAF }),
    ExecutionRoleArn: LEAF,
    TaskRoleArn: LEAF,
    EphemeralStorage: obj({ SizeInGiB: LEAF }),
  }),
  PlacementConstraints: obj({ Type: LEAF, Expression: LEAF }),
  PlacementStrategy: obj({ Type: LEAF, Field: LEAF }),
  PlatformVersion: LEAF,
  PropagateTags: LEAF,
  ReferenceId: LEAF,
  StartedBy: LEAF,
  Tags: obj({ Key: LEAF, Value: LEAF }),
  TaskDefinition: LEAF,
  ClientToken: LEAF,
  VolumeConfigurations: LEAF,
});

/** A field RunTask does not have: its key and the keys and indexes of the object holding it. */
interface UnknownField {
  readonly field: string;
  readonly within: readonly (string | number)[];
}

/**
 * The fields of `parameters` outside the RunTask request shape. A key written `Name.$` (a template
 * filled at run time) is checked by its name, and its value, unknown until then, is not walked.
 */
function unknownFields(parameters: unknown): UnknownField[] {
  const found: UnknownField[] = [];
  const walk = (value: unknown, shape: Shape, within: (string | number)[]): void => {
    if (!shape.fields) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, shape, [...within, index]));
      return;
    }
    if (!isPlainObject(value)) return;
    for (const [key, item] of Object.entries(value)) {
      const dynamic = key.endsWith('.$');
      const field = dynamic ? key.slice(0, -2) : key;
      const child = shape.fields[field];
      if (child === undefined) found.push({ field, within });
      else if (!dynamic) walk(item, child, [...within, field]);
    }
  };
  walk(parameters, RUN_TASK_SHAPE, []);
  return found;
}

/** Paths (e.g. `Overrides.ContainerOverrides[0].Foo`) of fields RunTask does not have. */
export function findUnsupportedRunTaskFields(parameters: unknown): string[] {
  return unknownFields(parameters).map(({ field, within }) =>
    [...within, field].reduce<string>((path, part) => (typeof part === 'number' ? `${path}[${part}]` : path ? `${path}.${part}` : part), ''),
  );
}

/**
 * The definition-time check (Integration.validateParameters): each unknown field as AWS's
 * CreateStateMachine names it ('The field "X" is not supported by Step Functions.'), at the object
 * that holds it.
 */
export function validateRunTaskParameters(parameters: unknown): ParameterProblem[] {
  return unknownFields(parameters).map(({ field, within }) => ({
    path: within.map((part) => `/${part}`).join(''),
    message: `The field "${field}" is not supported by Step Functions.`,
  }));
}

/** ASL Parameters -> RunTaskCommandInput; throws StatesError for a shape RunTask cannot take. */
export function toRunTaskInput(parameters: unknown, stateName: string): RunTaskCommandInput {
  if (!isPlainObject(parameters)) {
    throw new StatesError(
      STATES_ERRORS.Runtime,
      `An error occurred while executing the state '${stateName}'. The Parameters of ecs:runTask must be a JSON object`,
    );
  }
  const unsupported = findUnsupportedRunTaskFields(parameters);
  if (unsupported.length > 0) {
    throw new StatesError(
      STATES_ERRORS.Runtime,
      `An error occurred while executing the state '${stateName}'. ` +
        unsupported.map((field) => `The field '${field}' is not supported by Step Functions`).join('; '),
    );
  }
  return toSdkCase(parameters) as RunTaskCommandInput;
}
