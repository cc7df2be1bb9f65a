/**
 * Runs the benchmark machine many times on our engine and on aws-local-stepfunctions (JSONPath
 * interpreter) in one process, and prints mean time per execution and the ratio.
 * Run: node bench/engine/run.mjs [executions]
 */
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { runExecution } from '../../local/src/engine/run-execution.js';
import { TaskTokenRegistry } from '../../local/src/engine/task-tokens.js';
import { integrationResolver, integrationTable } from '../../local/src/integrations/registry.js';
import { validateDefinition } from '../../local/src/validation/validate.js';
import { BENCH_INPUT, BENCH_MACHINE } from './machine.js';

const executions = Number(process.argv[2] ?? 2000);
const WARMUP = 100;

const context = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:bench:run',
  executionName: 'run',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:bench',
  stateMachineName: 'bench',
  roleArn: 'arn:aws:iam::123456789012:role/bench',
  startTime: new Date().toISOString(),
  region: 'us-east-1',
};
const integrations = integrationResolver(integrationTable([]));
const validated = validateDefinition(BENCH_MACHINE);
if (!validated.ok) throw new Error(`the benchmark machine is invalid: ${JSON.stringify(validated.errors)}`);
const definition = validated.definition;
const taskTokens = new TaskTokenRegistry();

async function ours(): Promise<string> {
  let events = 0;
  const outcome = await runExecution({
    definition,
    input: BENCH_INPUT,
    context,
    integrations,
    taskTokens,
    signal: new AbortController().signal,
    onEvent: () => {
      events++;
    },
  });
  if (outcome.status !== 'SUCCEEDED') throw new Error(`ours failed: ${JSON.stringify(outcome)}`);
  return outcome.output;
}

const theirMachine = new StateMachine(BENCH_MACHINE as unknown as StateMachineDefinition);
async function theirs(): Promise<string> {
  return JSON.stringify(await theirMachine.run(BENCH_INPUT).result);
}

async function measure(name: string, fn: () => Promise<string>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < executions; i++) await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${name.padEnd(26)} ${executions} executions in ${ms.toFixed(0)} ms = ${(ms / executions).toFixed(3)} ms/execution`);
  return ms;
}

const [a, b] = [await ours(), await theirs()];
if (a !== b) throw new Error(`outputs differ:\nours   ${a}\ntheirs ${b}`);
const oursMs = await measure('sfn-ecs engine', ours);
const theirsMs = await measure('aws-local-stepfunctions', theirs);
console.log(`ratio (ours / theirs): ${(oursMs / theirsMs).toFixed(2)}`);
