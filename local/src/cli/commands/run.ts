/**
 * `sfn-ecs run <machine|file.asl.json>`: starts the embedded runtime, runs one execution with a live
 * view on stderr, then prints the output and the artifacts. Exit status 0 only on SUCCEEDED.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ServiceError } from '../../errors/service-error.js';
import { fillPlaceholders } from '../../project/placeholders.js';
import { DATA_LAYOUT } from '../../runtime/execution-reader.js';
import type { Runtime } from '../../app/runtime-types.js';
import { artifactFile, artifactKeys, s3UrisIn } from '../artifacts.js';
import { consoleUrl } from '../console-url.js';
import { costLine, describeTasksByCluster } from '../execution-cost.js';
import { LiveView } from '../live-view.js';
import { LiveStatus } from '../live-status.js';
import { lastLogLineReader } from '../../clients/task-log-streams.js';
import { reportExecutionFailure } from '../failure-report.js';
import { readHistory } from '../../clients/execution-history.js';
import { createServiceClients } from '../../clients/service-clients.js';
import { openRuntime } from '../open-runtime.js';
import { readInput } from '../read-input.js';
import { defineCommand } from '../command-spec.js';
import { common, MOCK_HELP, type Common } from '../shared-options.js';
import { describeAsJson, type Output } from '../output.js';
import { sfnEcs } from '../invocation.js';
import { UserError } from '../user-error.js';

interface RunCommand extends Common {
  readonly name: 'run';
  readonly target: string;
  readonly input?: string;
  readonly json: boolean;
  readonly testCase?: string;
  readonly mockConfig?: string;
  readonly console: boolean;
}

/** Registers a definition file (placeholders filled from the project) under its file name. */
async function registerFile(runtime: Runtime, file: string): Promise<string> {
  const name = basename(file).replace(/\.asl\.json$|\.json$/, '');
  let text: string;
  try {
    text = fillPlaceholders(await readFile(file, 'utf8'), runtime.project.placeholders);
  } catch (error) {
    throw new UserError(`Cannot use ${file}: ${(error as Error).message}`, 1);
  }
  const stateMachineArn = runtime.stateMachineArn(name);
  await runtime.deleteStateMachine({ stateMachineArn });
  try {
    await runtime.createStateMachine({ name, definition: text, roleArn: `arn:aws:iam::${runtime.accountId}:role/sfn-ecs-local` });
  } catch (error) {
    if (error instanceof ServiceError) throw new UserError(`${file}: ${error.code}: ${error.message}`, 1);
    throw error;
  }
  return stateMachineArn;
}

async function machineArn(runtime: Runtime, target: string, cwd: string): Promise<string> {
  const file = resolve(cwd, target);
  if (target.endsWith('.json') || (target.includes('/') && existsSync(file))) return registerFile(runtime, file);
  const arn = runtime.stateMachineArn(target);
  try {
    await runtime.describeStateMachine({ stateMachineArn: arn });
  } catch {
    const known = (await runtime.listStateMachines({})).stateMachines?.map((m) => m.name).join(', ');
    throw new UserError(`No state machine '${target}'. Known: ${known || 'none'} (or give a path to a .asl.json file).`, 1);
  }
  return arn;
}

/** An EventBridge event (what a schedule's rule sends), recognised by its envelope. */
function isEventBridgeEvent(input: string): boolean {
  const value = JSON.parse(input) as Record<string, unknown>;
  return value !== null && typeof value === 'object' && typeof value['detail-type'] === 'string' && 'source' in value && 'detail' in value;
}

/**
 * With --console, the console's page of the execution is printed at the start and the runtime stays
 * up after the run until `untilStopped()` (Ctrl-C), so the page can still be read.
 */
/** The cost estimate's inputs read from the runtime in this process (the same calls as the APIs). */
function runtimeCostSource(runtime: Runtime) {
  return {
    history: async (executionArn: string) => (await runtime.getExecutionHistory({ executionArn, maxResults: 1000, includeExecutionData: true })).events ?? [],
    describeTasks: (taskArns: readonly string[]) => describeTasksByCluster(async (cluster, tasks) => (await runtime.ecs.describeTasks({ cluster, tasks })).tasks ?? [], taskArns),
  };
}

async function runCommand(command: RunCommand, out: Output, untilStopped: () => AbortSignal = () => AbortSignal.abort()): Promise<number> {
  if (command.testCase !== undefined && command.mockConfig === undefined && !process.env.SFN_MOCK_CONFIG) {
    throw new UserError(`--test-case ${command.testCase} needs a mock configuration: add --mock-config FILE (or set SFN_MOCK_CONFIG)\nsee ${sfnEcs()} run --help`);
  }
  const input = await readInput(command.input, process.cwd());
  if (isEventBridgeEvent(input)) {
    out.err(
      `sfn-ecs: note: ${command.input} is an EventBridge event; a schedule's rule passes its constant Input to the machine, not the event.` +
        ` To run it as EventBridge would: ${sfnEcs()} replay ${command.input?.replace(/^@/, '')}  or  ${sfnEcs()} schedules --fire <name>`,
    );
  }
  const runtime = await openRuntime(command);
  const view = new LiveView({ failureReportFollows: true });
  // The status line reads the running task's last log line through the runtime's own Logs API.
  const logClients = createServiceClients({ kind: 'local', endpoint: runtime.endpoint, region: runtime.region, reason: 'sfn-ecs run' });
  const live = new LiveStatus(view, out, { lastLog: lastLogLineReader(logClients.ecs, logClients.logs) });
  let executionArn: string | undefined;
  const onSignal = (): void => {
    out.err('\nstopping the execution (Ctrl-C again to force)…');
    process.off('SIGINT', onSignal);
    if (executionArn) void runtime.stopExecution({ executionArn, error: 'User.Interrupted', cause: 'Stopped with Ctrl-C' }).catch(() => undefined);
  };
  process.on('SIGINT', onSignal);
  try {
    const stateMachineArn = await machineArn(runtime, command.target, command.root);
    const name = randomUUID();
    const expected = stateMachineArn.replace(':stateMachine:', ':execution:') + `:${name}`;
    const unsubscribe = command.json
      ? () => undefined
      : runtime.onHistoryEvent((event, arn) => {
          if (arn === expected) live.event(event);
        });
    if (!command.json) out.err(`sfn-ecs: ${basename(stateMachineArn.slice(stateMachineArn.lastIndexOf(':') + 1))} · execution ${name}`);
    let started;
    try {
      // A mock test case is chosen as Step Functions Local does: <stateMachineArn>#<TestCaseName>.
      const target = command.testCase !== undefined ? `${stateMachineArn}#${command.testCase}` : stateMachineArn;
      started = await runtime.startExecution({ stateMachineArn: target, name, input });
    } catch (error) {
      if (error instanceof ServiceError) throw new UserError(`${error.code}: ${error.message}`, 1);
      throw error;
    }
    executionArn = started.executionArn!;
    if (command.console) live.note(`console: ${consoleUrl(runtime.endpoint, executionArn)}`);
    const result = await runtime.waitForExecution(executionArn);
    unsubscribe();
    await live.finish();
    if (command.json) {
      out.out(JSON.stringify(describeAsJson(result), null, 2));
    } else {
      const where = `--local${command.dataDir ? ` --data-dir ${command.dataDir}` : ''}`;
      if (result.output !== undefined) {
        out.out(JSON.stringify(JSON.parse(result.output), null, 2));
        const uris = s3UrisIn(JSON.parse(result.output));
        const keys = await artifactKeys(runtime.s3Endpoint, runtime.region, uris);
        // Only what S3 holds: a mocked task or a callback answered by hand names artifacts never written.
        if (keys.length > 0) {
          out.err(`artifacts (each with its file; ${sfnEcs()} artifacts ${name} ${where} lists them later):`);
          for (const uri of keys) {
            const file = await artifactFile(join(runtime.dataDir, DATA_LAYOUT.s3), uri);
            out.err(file === undefined ? `  ${uri}` : `  ${uri}  ${file}`);
          }
        }
      }
      if (result.status !== 'SUCCEEDED') {
        // The same report as `start --wait`, read through the runtime's own API.
        const clients = createServiceClients({ kind: 'local', endpoint: runtime.endpoint, region: runtime.region, reason: 'sfn-ecs run' });
        try {
          await reportExecutionFailure(clients, await readHistory(clients.sfn, executionArn), result, out);
        } finally {
          clients.destroy();
        }
      }
      out.err(`cost:    ${await costLine(runtimeCostSource(runtime), executionArn)}`);
      out.err(`history: ${sfnEcs()} history ${name} ${where}   logs: ${sfnEcs()} logs ${name} ${where}`);
    }
    if (command.console) {
      process.off('SIGINT', onSignal);
      out.err(`the console stays up at ${consoleUrl(runtime.endpoint, executionArn)} until Ctrl-C`);
      const stop = untilStopped();
      if (!stop.aborted) await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
    }
    return result.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    live.stop();
    logClients.destroy();
    process.off('SIGINT', onSignal);
    await runtime.close();
  }
}

export const run = defineCommand({
  words: 'run',
  section: 'local',
  usage: '<machine|file.asl.json> [--input JSON|@file] [--json] [--time-scale N] [--mock-config FILE --test-case NAME] [--console]',
  summary: `run one execution in this process with a live view; exit 0 only on SUCCEEDED;
--console prints its web console page and keeps it up until Ctrl-C`,
  notes: [MOCK_HELP],
  options: { input: 'string', json: 'boolean', 'time-scale': 'string', 'test-case': 'string', 'mock-config': 'string', console: 'boolean' },
  parse: (args): RunCommand => {
    const input = args.string('input');
    const testCase = args.string('test-case');
    const mockConfig = args.string('mock-config');
    return {
      name: 'run',
      target: args.one('state machine name or .asl.json file'),
      json: args.boolean('json'),
      console: args.boolean('console'),
      ...(input !== undefined ? { input } : {}),
      ...(testCase !== undefined ? { testCase } : {}),
      ...(mockConfig !== undefined ? { mockConfig } : {}),
      ...common(args),
    };
  },
  run: (command, { out, shutdown }) => runCommand(command, out, shutdown),
});
