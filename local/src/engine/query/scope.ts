/** What an expression can see besides its data: the Context object, variables and randomness. */
import type { ContextObject } from '../context-object.js';

export type Variables = Readonly<Record<string, unknown>>;

export interface EvaluationScope {
  readonly context: ContextObject;
  readonly variables: Variables;
  readonly random: () => number;
}
