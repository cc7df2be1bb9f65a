/**
 * Step Functions Local's mock configuration file (MockConfigFile.json), read unchanged
 * (DG "Configuration file for mocked service integrations"):
 *
 *   { "StateMachines": { "<machine>": { "TestCases": { "<case>": { "<state>": "<response>" } } } },
 *     "MockedResponses": { "<response>": { "0": { "Return": ... }, "1-2": { "Throw": { "Error", "Cause" } } } } }
 *
 * Invocation keys are zero-based counts of calls to the state within one execution; a range covers
 * each call in it. Calls past the last key get the last response (so "fail twice, then succeed" is
 * `{"0-1": Throw, "2": Return}`).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export type MockedResponse =
  | { readonly kind: 'return'; readonly value: unknown }
  | { readonly kind: 'throw'; readonly error: string; readonly cause?: string };

interface InvocationRange {
  readonly from: number;
  readonly to: number;
  readonly response: MockedResponse;
}

const INVOCATION_KEY = /^\d+(-\d+)?$/;
const throwSchema = z.strictObject({ Error: z.string().min(1), Cause: z.string().optional() });
const responseSchema = z.union([
  z.strictObject({ Return: z.unknown() }).refine((entry) => 'Return' in entry, { message: 'Return must be present' }),
  z.strictObject({ Throw: throwSchema }),
]);
const configSchema = z.strictObject({
  StateMachines: z.record(z.string(), z.strictObject({ TestCases: z.record(z.string(), z.record(z.string(), z.string())) })).default({}),
  MockedResponses: z.record(z.string(), z.record(z.string(), responseSchema)).default({}),
});

/** A mock configuration error, named as the file's location. */
export class MockConfigError extends Error {
  override readonly name = 'MockConfigError';
}

/** The parsed configuration: look-ups by machine, test case and state. */
export class MockConfig {
  constructor(
    private readonly testCases: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>,
    private readonly responses: ReadonlyMap<string, readonly InvocationRange[]>,
    /** Where it was read from, for messages. */
    readonly source: string,
  ) {}

  /** The test case's mocked states (state name -> response name), or undefined when it does not exist. */
  testCase(machineName: string, testCaseName: string): ReadonlyMap<string, string> | undefined {
    return this.testCases.get(machineName)?.get(testCaseName);
  }

  /** The test case names defined for a machine. */
  testCaseNames(machineName: string): string[] {
    return [...(this.testCases.get(machineName)?.keys() ?? [])];
  }

  /** Whether some test case, of any state machine, mocks a state of this name. */
  mocksState(stateName: string): boolean {
    for (const testCases of this.testCases.values()) for (const states of testCases.values()) if (states.has(stateName)) return true;
    return false;
  }

  /** The response for the `invocation`-th call (zero-based) of a state mocked with `responseName`. */
  response(responseName: string, invocation: number): MockedResponse {
    const ranges = this.responses.get(responseName);
    if (!ranges || ranges.length === 0) throw new MockConfigError(`${this.source}: MockedResponses has no '${responseName}'`);
    const hit = ranges.find((range) => invocation >= range.from && invocation <= range.to);
    return (hit ?? ranges[ranges.length - 1]!).response;
  }

  /** Every response a mocked response name can give, in invocation order. */
  responsesOf(responseName: string): readonly MockedResponse[] {
    return (this.responses.get(responseName) ?? []).map((range) => range.response);
  }
}

function ranges(source: string, name: string, entries: Record<string, z.infer<typeof responseSchema>>): InvocationRange[] {
  const parsed = Object.entries(entries).map(([key, entry]): InvocationRange => {
    if (!INVOCATION_KEY.test(key)) throw new MockConfigError(`${source}: MockedResponses.${name}."${key}": invocation keys are "N" or "N-M" (zero-based call counts)`);
    const [from, to = from] = key.split('-').map(Number) as [number, number?];
    if (to < from) throw new MockConfigError(`${source}: MockedResponses.${name}."${key}": the range ends before it starts`);
    const response: MockedResponse =
      'Throw' in entry
        ? { kind: 'throw', error: entry.Throw.Error, ...(entry.Throw.Cause !== undefined ? { cause: entry.Throw.Cause } : {}) }
        : { kind: 'return', value: entry.Return };
    return { from, to, response };
  });
  parsed.sort((a, b) => a.from - b.from);
  let expected = 0;
  for (const range of parsed) {
    if (range.from !== expected) {
      throw new MockConfigError(`${source}: MockedResponses.${name}: invocation ${expected} has no response (keys must cover 0, 1, 2, ... without gaps or overlaps)`);
    }
    expected = range.to + 1;
  }
  return parsed;
}

/** Parses a mock configuration (already JSON-parsed), checking every reference; throws MockConfigError. */
export function parseMockConfig(json: unknown, source = 'mock configuration'): MockConfig {
  const result = configSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new MockConfigError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const { StateMachines, MockedResponses } = result.data;
  const responses = new Map(Object.entries(MockedResponses).map(([name, entries]) => [name, ranges(source, name, entries)] as const));
  const testCases = new Map<string, Map<string, Map<string, string>>>();
  for (const [machine, { TestCases }] of Object.entries(StateMachines)) {
    const cases = new Map<string, Map<string, string>>();
    for (const [caseName, states] of Object.entries(TestCases)) {
      for (const [state, responseName] of Object.entries(states)) {
        if (!responses.has(responseName)) {
          throw new MockConfigError(`${source}: StateMachines.${machine}.TestCases.${caseName}.${state} names '${responseName}', which is not in MockedResponses`);
        }
      }
      cases.set(caseName, new Map(Object.entries(states)));
    }
    testCases.set(machine, cases);
  }
  return new MockConfig(testCases, responses, source);
}

/** Reads and parses a mock configuration file. */
export async function loadMockConfig(file: string): Promise<MockConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MockConfigError(`Cannot read the mock configuration ${file}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseMockConfig(json, file);
}
