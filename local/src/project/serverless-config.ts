/**
 * serverless.yml read for the local stage: the parsed document plus the two resolvers the rest of
 * the loader needs (serverless variables, then CloudFormation intrinsics with local values).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCloudFormationYaml } from './cloudformation-yaml.js';
import { resolveIntrinsics } from './local-intrinsics.js';
import type { LocalTemplate, TemplateResource } from './local-intrinsics.js';
import { LOCAL_STAGE } from './local-values.js';
import { ProjectError } from './project-error.js';
import { getPath, resolveVariables } from './serverless-variables.js';
import type { VariableContext } from './serverless-variables.js';

export interface ServerlessConfig {
  readonly file: string;
  /** The document as written (variables and intrinsics unresolved). */
  readonly document: Record<string, unknown>;
  readonly template: LocalTemplate;
  /** Reads a path (a.b.c) and resolves serverless variables in it. */
  read(path: string): unknown;
  /** Resolves serverless variables, then intrinsics, to local values. */
  resolve(value: unknown): unknown;
}

export async function readServerlessConfig(
  rootDir: string,
  identity: { readonly region: string; readonly accountId: string },
): Promise<ServerlessConfig> {
  const file = join(rootDir, 'serverless.yml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ProjectError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  const parsed = parseCloudFormationYaml(text, file);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ProjectError(`${file} must be a YAML mapping`);
  }
  const document = parsed as Record<string, unknown>;
  const params = {
    ...asRecord(getPath(document, 'params.default')),
    ...asRecord(getPath(document, `params.${LOCAL_STAGE}`)),
  };
  const ctx: VariableContext = { config: document, stage: LOCAL_STAGE, params, env: process.env, ...identity };
  const variables = (value: unknown) => resolveVariables(value, ctx);
  const template: LocalTemplate = {
    resources: asRecord(getPath(document, 'resources.Resources')) as Record<string, TemplateResource>,
    parameters: asRecord(getPath(document, 'resources.Parameters')) as LocalTemplate['parameters'],
    conditions: asRecord(getPath(document, 'resources.Conditions')),
    resolveVariables: variables,
    ...identity,
  };
  return {
    file,
    document,
    template,
    read: (path) => variables(getPath(document, path)),
    resolve: (value) => resolveIntrinsics(value, template),
  };
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
