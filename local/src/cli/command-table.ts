/**
 * Every command of `sfn-ecs`, in the order the usage text lists them. A new command is its module
 * under commands/ (handler and `defineCommand` entry) plus one line here.
 */
import type { CommandEntry } from './command-spec.js';
import { artifacts } from './commands/artifacts.js';
import { describe, executions, history, redrive, start, stop, watch } from './commands/executions.js';
import { logs } from './commands/logs.js';
import { replay } from './commands/replay.js';
import { run } from './commands/run.js';
import { schedules } from './commands/schedules.js';
import { serve } from './commands/serve.js';
import { taskList, taskRun, taskStatus, taskStop } from './commands/task.js';
import { validate } from './commands/validate.js';

export const COMMANDS: readonly CommandEntry[] = [
  run,
  serve,
  replay,
  schedules,
  validate,
  start,
  watch,
  describe,
  history,
  stop,
  redrive,
  executions,
  logs,
  artifacts,
  taskRun,
  taskStatus,
  taskStop,
  taskList,
];
