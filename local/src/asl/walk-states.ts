/**
 * The one walk over a definition's states, nested machines included (Parallel `Branches`, Map
 * `ItemProcessor` and the older `Iterator`), each with the JSON-pointer path AWS names in its errors
 * (`/States/Fan out/Branches/0/States/Run`). It takes the definition as parsed JSON, before or after
 * validation, and skips what is not an object, so validation, lint, TestState and mock warnings can
 * all walk what they are given.
 */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A state machine: the definition itself, a Parallel branch or a Map processor. */
export interface MachineAt {
  readonly node: JsonObject;
  /** '' for the definition itself. */
  readonly path: string;
}

export interface StateAt {
  readonly name: string;
  readonly state: JsonObject;
  /** e.g. /States/Run or /States/Each/ItemProcessor/States/Run */
  readonly path: string;
  /** The machine whose `States` holds this state. */
  readonly machine: MachineAt;
}

export interface WalkedStates {
  /** Every machine, the definition first, in document order. */
  readonly machines: readonly MachineAt[];
  /** Every state that is an object, each followed by the states nested in it. */
  readonly states: readonly StateAt[];
}

const NESTED_MACHINES = ['ItemProcessor', 'Iterator'] as const;

export function walkStates(definition: unknown): WalkedStates {
  const machines: MachineAt[] = [];
  const states: StateAt[] = [];
  const visit = (node: JsonObject, path: string): void => {
    const machine: MachineAt = { node, path };
    machines.push(machine);
    if (!isJsonObject(node.States)) return;
    for (const [name, state] of Object.entries(node.States)) {
      if (!isJsonObject(state)) continue;
      const at = `${path}/States/${name}`;
      states.push({ name, state, path: at, machine });
      if (Array.isArray(state.Branches)) state.Branches.forEach((branch, i) => isJsonObject(branch) && visit(branch, `${at}/Branches/${i}`));
      for (const key of NESTED_MACHINES) {
        const nested = state[key];
        if (isJsonObject(nested)) visit(nested, `${at}/${key}`);
      }
    }
  };
  if (isJsonObject(definition)) visit(definition, '');
  return { machines, states };
}
