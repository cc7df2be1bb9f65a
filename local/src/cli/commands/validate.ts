/**
 * `sfn-ecs validate [FILE|DIR ...] [--json] [--root DIR]`: lints state machine definitions
 * (default: <root>/statemachines) with asl-validator plus the rules in local/src/lint, the project's
 * ${...} placeholders bound as serverless.yml binds them. Exit status 1 when any error is found, 0
 * otherwise (warnings are listed); 2 on usage errors.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { countFindings, lintFiles, type FileReport } from '../../lint/lint.js';
import { loadProject } from '../../project/load-project.js';
import { defineCommand } from '../command-spec.js';
import type { Output } from '../output.js';
import { common, type Common } from '../shared-options.js';
import { UserError } from '../user-error.js';

interface ValidateCommand extends Common {
  readonly name: 'validate';
  readonly files: readonly string[];
  readonly json: boolean;
}

async function definitionFiles(targets: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  // `validate a.asl.json statemachines/` names a.asl.json twice: each file is linted and reported once.
  const add = async (file: string): Promise<void> => {
    const real = await realpath(file);
    if (seen.has(real)) return;
    seen.add(real);
    files.push(file);
  };
  for (const target of targets) {
    let info;
    try {
      info = await stat(target);
    } catch {
      throw new UserError(`No such file or folder: ${target}`, 2);
    }
    if (info.isDirectory()) {
      const names = (await readdir(target)).filter((n) => n.endsWith('.asl.json')).sort();
      for (const name of names) await add(join(target, name));
    } else {
      await add(target);
    }
  }
  return files;
}

function print(reports: readonly FileReport[], out: Output): void {
  for (const report of reports) {
    if (report.findings.length === 0) {
      out.out(`ok       ${report.file}`);
      continue;
    }
    for (const finding of report.findings) {
      out.out(`${finding.severity.padEnd(8)} ${report.file}:${finding.path}  ${finding.message} [${finding.rule}]`);
      out.out(`         fix: ${finding.fix}`);
    }
  }
}

async function validateCommand(command: ValidateCommand, out: Output, cwd = process.cwd()): Promise<number> {
  const root = resolve(cwd, command.root);
  const targets = command.files.length > 0 ? command.files.map((p) => resolve(cwd, p)) : [join(root, 'statemachines')];
  const files = await definitionFiles(targets);
  if (files.length === 0) throw new UserError(`No *.asl.json files in ${targets.map((t) => relative(cwd, t) || '.').join(', ')}`, 2);
  // The project binds the placeholders; without one (a lone file), every placeholder is unbound.
  const placeholders = await loadProject(root).then(
    (project) => project.placeholders,
    () => ({}),
  );
  const reports = await lintFiles(files, { rootDir: cwd, placeholders });
  const counts = countFindings(reports);
  if (command.json) {
    out.out(JSON.stringify({ files: reports, errors: counts.error, warnings: counts.warning }, null, 2));
  } else {
    print(reports, out);
    out.err(`${files.length} file${files.length === 1 ? '' : 's'}: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}`);
  }
  return counts.error > 0 ? 1 : 0;
}

export const validate = defineCommand({
  words: 'validate',
  section: 'local',
  usage: '[FILE|DIR ...] [--json]',
  summary: 'lint state machines (default statemachines/); exit 1 on errors',
  details: `Lints state machine definitions (default: <root>/statemachines/*.asl.json): asl-validator, plus
callback states without a timeout, ErrorEquals names that never match, tasks without Catch,
retries of invalid input, unreachable states and unbound \${...} placeholders.`,
  options: { json: 'boolean' },
  parse: (args): ValidateCommand => ({ name: 'validate', files: [...args.rest], json: args.boolean('json'), ...common(args) }),
  run: (command, { out }) => validateCommand(command, out),
});
