import type { CaseResult, CorpusCase } from './corpus.mjs';
export function runOnAwsLocalStepFunctions(cases: readonly CorpusCase[]): Promise<Record<string, CaseResult>>;
