/** The web console's address on a runtime's API port: its home page, or one execution's page. */
export function consoleUrl(endpoint: string, executionArn?: string): string {
  return `${endpoint}/${executionArn ? `executions/${encodeURIComponent(executionArn)}` : ''}`;
}
