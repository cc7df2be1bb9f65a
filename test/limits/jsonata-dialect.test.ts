/**
 * JSONata as Step Functions runs it (reference section 9): the 2.0.x dialect, no `$eval`, no 2.1
 * operators, the Step Functions functions, and States.QueryEvaluationError where an expression fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError, startTestRuntime, type TestRuntime } from '../../local/src/index.js';

let sfn: TestRuntime;
const ROLE = 'arn:aws:iam::123456789012:role/sfn-ecs-local';
let count = 0;

beforeAll(async () => {
  sfn = await startTestRuntime();
}, 60_000);
afterAll(async () => {
  await sfn?.close();
});

async function evaluate(expression: string, input: unknown = {}) {
  const name = `jsonata-${count++}`;
  const definition = { QueryLanguage: 'JSONata', StartAt: 'E', States: { E: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } } };
  await sfn.runtime.createStateMachine({ name, definition: JSON.stringify(definition), roleArn: ROLE });
  return sfn.run(name, input);
}

describe('JSONata dialect', () => {
  it.each([
    ['$range(0, 6, 2)', [0, 2, 4, 6]],
    ['$partition([1, 2, 3, 4, 5], 2)', [[1, 2], [3, 4], [5]]],
    ['$hash("abc", "MD5")', '900150983cd24fb0d6963f7d28e17f72'],
    ['$random(42)', 0.7275636800328681],
    ['$parse(\'{"a":1}\').a', 1],
    ['$count([$uuid(), $uuid()].$match(/^[0-9a-f-]{36}$/))', 2],
  ])('%s = %j', async (expression, expected) => {
    const run = await evaluate(expression);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual(expected);
  });

  it.each([['$states.input.a ?? 1'], ['$states.input.a ?: 1']])('refuses the JSONata 2.1 operator in %s at CreateStateMachine', async (expression) => {
    const error = await evaluate(expression).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('InvalidDefinition');
  });

  it.each([
    ['$eval("1 + 1")', /\$eval is not available/],
    ['1 + "a"', /threw an error during evaluation\. T2002: The right side of the "\+" operator must evaluate to a number$/],
    ['$states.input.missing', /returned nothing/],
    ['$hash("abc", "SHA-3")', /algorithm/],
  ])('fails %s with States.QueryEvaluationError', async (expression, cause) => {
    const run = await evaluate(expression);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('States.QueryEvaluationError');
    expect(run.cause).toMatch(cause);
  });
});
