export interface CaseResult {
  readonly match: boolean;
  readonly features: readonly string[];
  readonly got?: unknown;
  readonly problem?: string;
}
export interface CorpusCase {
  readonly id: string;
  readonly definition: Record<string, unknown>;
  readonly input: unknown;
  readonly expect: { readonly status: string; readonly output?: unknown; readonly error?: string; readonly cause?: string };
  readonly features: readonly string[];
}
export interface ScoreRow {
  readonly feature: string;
  readonly total: number;
  readonly counts: Readonly<Record<string, number>>;
}
export const CORPUS_DIR: string;
export function loadCorpus(): Promise<{ cases: CorpusCase[]; histories: CorpusCase[] }>;
export function runCorpus(endpoint: string, options?: { onLine?: (line: string) => void; signal?: AbortSignal }): Promise<Record<string, CaseResult>>;
export function scoreByFeature(resultSets: Record<string, Record<string, CaseResult>>): ScoreRow[];
