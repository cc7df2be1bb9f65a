/**
 * The nesting limit on JSON text the runtime accepts as execution input. Step Functions runs on the
 * JVM and its JSON reader refuses documents deeper than Jackson's StreamReadConstraints default,
 * 1000 levels ("Depth (1001) exceeds the maximum allowed nesting depth (1000)"). Locally the limit
 * also keeps every later step (JSON.stringify, JSONPath, the history) off a stack overflow: a
 * too-deep input is refused before anything is recorded, never half-run.
 */

/** Jackson's StreamReadConstraints.DEFAULT_MAX_DEPTH (jackson-core 2.15+). */
export const MAX_JSON_NESTING_DEPTH = 1000;

/** The deepest nesting of objects and arrays in JSON text (scanned, not parsed: no recursion, no stack). */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i += 1;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth -= 1;
    }
  }
  return deepest;
}

/** Jackson's words for a document over the limit, or undefined when the text is within it. */
export function nestingProblem(text: string, limit: number = MAX_JSON_NESTING_DEPTH): string | undefined {
  const depth = jsonNestingDepth(text);
  return depth > limit ? `Depth (${limit + 1}) exceeds the maximum allowed nesting depth (${limit})` : undefined;
}
