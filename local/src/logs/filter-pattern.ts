/**
 * CloudWatch Logs filter patterns for unstructured text: `ERROR`, `ERROR timeout` (all terms),
 * `"exact phrase"`, `?ERROR ?WARN` (any term), `ERROR -retry` (exclusion). Terms are case-sensitive, as on
 * AWS. JSON (`{ $.x = 1 }`) and space-delimited (`[a, b]`) patterns are refused with AWS's error name.
 */
import { ServiceError } from '../errors/service-error.js';

export type EventMatcher = (message: string) => boolean;

function terms(pattern: string): string[] {
  const found: string[] = [];
  const re = /([?-]?)"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of pattern.matchAll(re)) {
    found.push(match[3] ?? `${match[1]}${match[2]!.replace(/\\(.)/g, '$1')}`);
  }
  return found;
}

/** The matcher for a filter pattern; an absent or blank pattern matches every event. */
export function compileFilterPattern(pattern: string | undefined): EventMatcher {
  const text = pattern?.trim() ?? '';
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw new ServiceError(
      'InvalidParameterException',
      'Invalid filter pattern: the local runtime supports text terms, "phrases", ?any-of and -exclusion, not JSON or space-delimited patterns.',
    );
  }
  const all = terms(text);
  const anyOf = all.filter((t) => t.startsWith('?')).map((t) => t.slice(1)).filter(Boolean);
  const excluded = all.filter((t) => t.startsWith('-') && t.length > 1).map((t) => t.slice(1));
  const required = all.filter((t) => !t.startsWith('?') && !(t.startsWith('-') && t.length > 1));
  return (message) =>
    required.every((t) => message.includes(t)) &&
    (anyOf.length === 0 || anyOf.some((t) => message.includes(t))) &&
    !excluded.some((t) => message.includes(t));
}
