/** Where CLI commands write (injected so tests can capture it), and JSON shapes for --json. */
export interface Output {
  /** Results: stdout. */
  out(line: string): void;
  /** Progress and diagnostics: stderr. */
  err(line: string): void;
  /** The stream `err` writes to, when the live view may update a status line in place on it (a terminal). */
  readonly terminal?: { readonly isTTY?: boolean; readonly columns?: number; write(text: string): unknown };
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  terminal: process.stderr,
};

/** An API result as JSON text would show it (dates as ISO strings, like the AWS CLI v2; no SDK `$metadata`). */
export function describeAsJson(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === '$metadata' ? undefined : v))) as Record<string, unknown>;
}
