/**
 * `sfn-ecs validate`: asl-validator (through the runtime's validation, where AWS's grammar wins over
 * the library's schema) plus the rules in rules.ts, over definition files with the project's
 * placeholders. Errors make the exit status non-zero; warnings are listed.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { taskProblems, validateStructure } from '../validation/validate.js';
import { ECS_RUN_TASK_CONTRACT } from '../integrations/ecs/run-task-integration.js';
import { integrationResolver, integrationTable, type IntegrationContract } from '../integrations/registry.js';
import { findPlaceholders } from '../project/placeholders.js';
import { ruleFindings, unboundPlaceholders, type LintFinding, type LintSeverity } from './rules.js';

export type { LintFinding, LintSeverity };

export interface FileReport {
  readonly file: string;
  readonly findings: readonly LintFinding[];
}

/**
 * The integrations every runtime has. A library user may register more (RuntimeOptions.integrations)
 * and a mock configuration may answer any resource, so a resource outside these is a warning here.
 */
const BUILT_IN_INTEGRATIONS = integrationResolver(integrationTable<IntegrationContract>([ECS_RUN_TASK_CONTRACT]));

/** Placeholder values stand in for `${Name}` so the schema sees what AWS would see after substitution. */
function substitute(text: string, placeholders: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, name: string) => placeholders[name] ?? match);
}

/** Lints one parsed definition; `placeholders` are the bound ${Name} values (undefined: not checked). */
export function lintDefinition(definition: unknown, placeholders?: Readonly<Record<string, string>>): LintFinding[] {
  const findings: LintFinding[] = [];
  if (placeholders) findings.push(...unboundPlaceholders(definition, new Set(Object.keys(placeholders))));
  const filled = placeholders ? JSON.parse(substitute(JSON.stringify(definition), placeholders)) : definition;
  const verdict = validateStructure(filled);
  for (const problem of taskProblems(filled, { integrations: BUILT_IN_INTEGRATIONS })) {
    if (problem.kind === 'parameters') {
      findings.push({ severity: 'error', rule: 'integration-parameters', path: problem.path, message: problem.message, fix: 'Remove or rename the field: AWS refuses it at CreateStateMachine.' });
    } else if (problem.kind === 'unknown-resource') {
      findings.push({ severity: 'error', rule: 'unknown-resource', path: problem.path, message: problem.message, fix: 'Use a service integration, Lambda function or activity ARN: AWS refuses this one at CreateStateMachine.' });
    } else {
      findings.push({
        severity: 'warning',
        rule: 'resource-not-local',
        path: problem.path,
        message: problem.message,
        fix: 'Register a handler for it in RuntimeOptions.integrations, or mock this state in the mock configuration; otherwise a local execution fails when it reaches this state.',
      });
    }
  }
  if (!verdict.ok) {
    for (const error of verdict.errors) {
      // The unreachable-state rule says the same with a fix.
      if (/is not reachable/.test(error.message)) continue;
      findings.push({ severity: 'error', rule: 'asl', path: error.path || '/', message: error.message, fix: 'Correct the definition as the message says (AWS refuses it at CreateStateMachine).' });
    }
  }
  if (typeof filled === 'object' && filled !== null && !Array.isArray(filled)) findings.push(...ruleFindings(filled as Record<string, unknown>));
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\u0000${f.path}\u0000${f.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Lints files; a file that cannot be read or parsed reports one error. */
export async function lintFiles(files: readonly string[], options: { rootDir: string; placeholders?: Readonly<Record<string, string>> }): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const file of files) {
    const name = relative(options.rootDir, file) || file;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      reports.push({ file: name, findings: [{ severity: 'error', rule: 'read', path: '/', message: (error as Error).message, fix: 'Check the path.' }] });
      continue;
    }
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch (error) {
      reports.push({ file: name, findings: [{ severity: 'error', rule: 'json', path: '/', message: `Not valid JSON: ${(error as Error).message}`, fix: 'Fix the JSON syntax.' }] });
      continue;
    }
    const placeholders = options.placeholders ?? (findPlaceholders(text).length > 0 ? {} : undefined);
    reports.push({ file: name, findings: lintDefinition(definition, placeholders) });
  }
  return reports;
}

/** Counts by severity over reports. */
export function countFindings(reports: readonly FileReport[]): Record<LintSeverity, number> {
  const counts: Record<LintSeverity, number> = { error: 0, warning: 0 };
  for (const report of reports) for (const finding of report.findings) counts[finding.severity] += 1;
  return counts;
}
