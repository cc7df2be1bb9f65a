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
import { artifactFile, artifactKeys, s3UrisIn } from '../artifacts.js';
import { consoleUrl } from '../console-url.js';
import { costLine } from '../execution-cost.js';
import { LiveView } from '../live-view.js';
import { LiveStatus } from '../live-status.js';
import { lastLogLineReader } from '../../clients/task-log-streams.js';
import { reportExecutionFailure } from '../failure-report.js';
import { readHistory } from '../../clients/execution-history.js';
import { createServiceClients } from '../../clients/service-clients.js';
import { openRuntimeOrServe } from '../open-runtime.js';
import { inProcessHost, serveHost, type ExecutionHost } from '../execution-host.js';
import { mockConfigFile, usingServeLine } from '../running-serve.js';
import { explainSdkError, isSdkFailure } from '../../clients/explain-error.js';
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
async function registerFile(host: ExecutionHost, file: string): Promise<string> {
  const name = basename(file).replace(/\.asl\.json$|\.json$/, '');
  let text: string;
  try {
    text = fillPlaceholders(await readFile(file, 'utf8'), host.placeholders);
  } catch (error) {
    throw new UserError(`Cannot use ${file}: ${(error as Error).message}`, 1);
  }
  try {
    return await host.register(name, text);
  } catch (error) {
    if (error instanceof ServiceError) throw new UserError(`${file}: ${error.code}: ${error.message}`, 1);
    throw error;
  }
}

async function machineArn(host: ExecutionHost, target: string, cwd: string): Promise<string> {
  const file = resolve(cwd, target);
  if (target.endsWith('.json') || (target.includes('/') && existsSync(file))) return registerFile(host, file);
  const arn = host.stateMachineArn(target);
  if (!(await host.exists(arn))) {
    const known = (await host.machineNames()).join(', ');
    throw new UserError(`No state machine '${target}'. Known: ${known || 'none'} (or give a path to a .asl.json file).`, 1);
  }
  return arn;
}

/**
 * The runtime in this process, or the running `sfn-ecs serve` that owns the data folder (said in one
 * line): the execution is then that serve's, found by `history` and `logs` like any other.
 */
async function openHost(command: RunCommand, out: Output): Promise<ExecutionHost> {
  const opened = await openRuntimeOrServe(command);
  if ('runtime' in opened) return inProcessHost(opened.runtime);
  const { serve } = opened;
  const wanted = mockConfigFile(command);
  if ((command.mockConfig !== undefined || command.testCase !== undefined) && wanted !== serve.mockConfig) {
    throw new UserError(
      `The sfn-ecs serve running on ${serve.endpoint} (pid ${serve.pid}) owns the data folder and ${serve.mockConfig ? `uses the mock config ${serve.mockConfig}` : 'has no mock config'}: ` +
        `restart it with --mock-config ${wanted ?? 'FILE'}, or run with another --data-dir.`,
      1,
    );
  }
  out.err(usingServeLine(serve));
  if (command.timeScale !== undefined && command.timeScale !== serve.timeScale) out.err(`sfn-ecs: note: the serve's --time-scale ${serve.timeScale} applies, not ${command.timeScale}.`);
  return serveHost(serve, command.root);
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
  const host = await openHost(command, out);
  const view = new LiveView({ failureReportFollows: true });
  // The status line reads the running task's last log line through the runtime's own Logs API.
  const logClients = createServiceClients({ kind: 'local', endpoint: host.endpoint, region: host.region, reason: 'sfn-ecs run' });
  const live = new LiveStatus(view, out, { lastLog: lastLogLineReader(logClients.ecs, logClients.logs) });
  let executionArn: string | undefined;
  const onSignal = (): void => {
    out.err('\nstopping the execution (Ctrl-C again to force)…');
    process.off('SIGINT', onSignal);
    if (executionArn) void host.stop(executionArn, 'User.Interrupted', 'Stopped with Ctrl-C').catch(() => undefined);
  };
  process.on('SIGINT', onSignal);
  try {
    const stateMachineArn = await machineArn(host, command.target, command.root);
    const name = randomUUID();
    if (!command.json) out.err(`sfn-ecs: ${basename(stateMachineArn.slice(stateMachineArn.lastIndexOf(':') + 1))} · execution ${name}`);
    let started;
    try {
      // A mock test case is chosen as Step Functions Local does: <stateMachineArn>#<TestCaseName>.
      const target = command.testCase !== undefined ? `${stateMachineArn}#${command.testCase}` : stateMachineArn;
      started = await host.start({ stateMachineArn: target, name, input }, (event) => {
        if (!command.json) live.event(event);
      });
    } catch (error) {
      if (error instanceof ServiceError) throw new UserError(`${error.code}: ${error.message}`, 1);
      throw error;
    }
    executionArn = started.executionArn;
    if (command.console) live.note(`console: ${consoleUrl(host.endpoint, executionArn)}`);
    const where = `--local${command.dataDir ? ` --data-dir ${command.dataDir}` : ''}`;
    const result = await started.ended.catch((error: unknown) => {
      if (!host.serve || !isSdkFailure(error)) throw error;
      throw new UserError(
        `the sfn-ecs serve on ${host.serve.endpoint} (pid ${host.serve.pid}) stopped answering while execution ${name} ran: ${explainSdkError(error, host.endpoint)}\n` +
          `its record stays in ${host.dataDir}: ${sfnEcs()} describe ${name} ${where}`,
        1,
      );
    });
    await live.finish();
    if (command.json) {
      out.out(JSON.stringify(describeAsJson(result), null, 2));
    } else {
      if (result.output !== undefined) {
        out.out(JSON.stringify(JSON.parse(result.output), null, 2));
        const uris = s3UrisIn(JSON.parse(result.output));
        const keys = await artifactKeys(host.s3Endpoint, host.region, uris);
        // Only what S3 holds: a mocked task or a callback answered by hand names artifacts never written.
        if (keys.length > 0) {
          out.err(`artifacts (each with its file; ${sfnEcs()} artifacts ${name} ${where} lists them later):`);
          for (const uri of keys) {
            const file = await artifactFile(join(host.dataDir, DATA_LAYOUT.s3), uri);
            out.err(file === undefined ? `  ${uri}` : `  ${uri}  ${file}`);
          }
        }
      }
      if (result.status !== 'SUCCEEDED') {
        // The same report as `start --wait`, read through the runtime's own API.
        const clients = createServiceClients({ kind: 'local', endpoint: host.endpoint, region: host.region, reason: 'sfn-ecs run' });
        try {
          await reportExecutionFailure(clients, await readHistory(clients.sfn, executionArn), result, out);
        } finally {
          clients.destroy();
        }
      }
      out.err(`cost:    ${await costLine(host.cost, executionArn)}`);
      out.err(`history: ${sfnEcs()} history ${name} ${where}   logs: ${sfnEcs()} logs ${name} ${where}`);
    }
    // A serve keeps its console up by itself.
    if (command.console && !host.serve) {
      process.off('SIGINT', onSignal);
      out.err(`the console stays up at ${consoleUrl(host.endpoint, executionArn)} until Ctrl-C`);
      const stop = untilStopped();
      if (!stop.aborted) await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
    }
    return result.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    live.stop();
    logClients.destroy();
    process.off('SIGINT', onSignal);
    await host.close();
  }
}

export const run = defineCommand({
  words: 'run',
  section: 'local',
  usage: '<machine|file.asl.json> [--input JSON|@file] [--json] [--time-scale N] [--mock-config FILE --test-case NAME] [--console]',
  summary: `run one execution with a live view (in this process, or on the sfn-ecs serve that owns the
data folder); exit 0 only on SUCCEEDED; --console prints its web console page and keeps it up
until Ctrl-C`,
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
