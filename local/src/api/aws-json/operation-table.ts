/**
 * A service's operations as the protocol layer sees them: one handler per operation name, plus the
 * operation's input shape (from the SDK's model) and the members it marks required, both checked
 * before the handler runs, as AWS does.
 */
import type { InputShape } from './input-shape.js';

/** One operation: its input shape, its required top-level members, and the function that serves it. */
export interface Operation<Input = never, Output = unknown> {
  readonly required: readonly (keyof Input & string)[];
  /** The SDK's input shape (e.g. `StartExecutionInput$`): a body that does not fit it is a SerializationException. */
  readonly input: InputShape;
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
  input: InputShape,
): Operation<Input, Output> {
  return { required, handle, input };
}
