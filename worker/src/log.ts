/** Log levels in increasing severity; the worker logs JSON lines on stderr. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A logger that writes one JSON object per line to stderr with level, time, message and task name.
 * Every value in `secrets` is replaced by "[redacted]" in the written line, whichever field carries it.
 */
export function createLogger(taskName: string, secrets: readonly string[] = []): Logger {
  const hidden = secrets.filter((s) => s.length > 0);
  const log = (level: LogLevel, message: string, fields: Record<string, unknown> = {}): void => {
    let line = JSON.stringify({ level, time: new Date().toISOString(), message, taskName, ...fields });
    for (const secret of hidden) line = line.split(secret).join('[redacted]');
    process.stderr.write(`${line}\n`);
  };
  return {
    log,
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}
