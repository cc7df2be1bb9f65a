/**
 * A service's operations as the protocol layer sees them: one handler per operation name, plus the
 * members the API model marks required (checked before the handler runs, as AWS does).
 */

/** JSON types of top-level members, as the API model declares them (timestamps travel as numbers). */
export type MemberType = 'string' | 'number' | 'boolean' | 'list' | 'structure' | 'string list';

/** One operation: its required top-level members, their declared types, and the function that serves it. */
export interface Operation<Input = never, Output = unknown> {
  readonly required: readonly (keyof Input & string)[];
  /** Members whose JSON type is checked before the handler runs (a mismatch is a SerializationException, as on AWS). */
  readonly types?: Readonly<Partial<Record<keyof Input & string, MemberType>>>;
  readonly handle: (input: Input) => Promise<Output>;
}

/** Operations keyed by their wire name (the part of X-Amz-Target after the dot). */
export type OperationTable = Readonly<Record<string, Operation<any, unknown>>>;

/** A service on the shared port, found by the X-Amz-Target prefix. */
export interface JsonService {
  /** e.g. AWSStepFunctions, AmazonEC2ContainerServiceV20141113 */
  readonly targetPrefix: string;
  /** application/x-amz-json-1.0 or application/x-amz-json-1.1 */
  readonly contentType: string;
  readonly operations: OperationTable;
}

/** Types a handler table against an SDK-shaped interface, so each handler's input and output are checked. */
export function defineOperation<Input, Output>(
  required: readonly (keyof Input & string)[],
  handle: (input: Input) => Promise<Output>,
  types?: NoInfer<Readonly<Partial<Record<keyof Input & string, MemberType>>>>,
): Operation<Input, Output> {
  return types ? { required, handle, types } : { required, handle };
}
