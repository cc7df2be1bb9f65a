/**
 * The conformance corpus (test/fixtures/conformance: executions and histories recorded on real AWS)
 * through the Step Functions HTTP API with the corpus's own runner (python3 + boto3), and the same
 * definitions on aws-local-stepfunctions. Every case must match AWS, except the known misses below,
 * each with the evidence for why; and aws-local-stepfunctions' misses must stay the listed ones.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startTestRuntime } from '../../local/src/testing/test-runtime.js';
import { runOnAwsLocalStepFunctions } from '../../scripts/conformance/aws-local-stepfunctions.mjs';
import { loadCorpus, runCorpus } from '../../scripts/conformance/corpus.mjs';

/** Cases sfn-ecs is known not to match, id -> the evidence why. None today. */
const KNOWN_MISSES: Readonly<Record<string, string>> = {};

/** 497 executions through boto3 on a shared two-core machine: minutes, not seconds. */
const CORPUS_TIMEOUT_MS = 20 * 60_000;

describe('conformance corpus recorded on AWS', () => {
  it(
    'sfn-ecs matches every case and history through the HTTP API',
    async () => {
      await using sfn = await startTestRuntime();
      const results = await runCorpus(sfn.runtime.endpoint);
      const misses = Object.fromEntries(
        Object.entries(results)
          .filter(([, result]) => !result.match)
          .map(([id, result]) => [id, result.problem ?? JSON.stringify(result.got)]),
      );
      expect(Object.keys(results)).toHaveLength(497);
      expect(Object.keys(misses).sort()).toEqual(Object.keys(KNOWN_MISSES).sort());
    },
    CORPUS_TIMEOUT_MS,
  );

  it(
    "aws-local-stepfunctions' misses are the listed ones (test/conformance/aws-local-stepfunctions-misses.json)",
    async () => {
      const { cases } = await loadCorpus();
      const results = await runOnAwsLocalStepFunctions(cases);
      const listed = JSON.parse(await readFile(new URL('./aws-local-stepfunctions-misses.json', import.meta.url), 'utf8')) as Record<string, string>;
      const misses = Object.entries(results).filter(([, result]) => !result.match).map(([id]) => id);
      const listedCases = Object.keys(listed).filter((id) => !id.startsWith('history:'));
      expect(misses.sort()).toEqual(listedCases.sort());
    },
    CORPUS_TIMEOUT_MS,
  );
});
