/** The ${Name} placeholders of an ASL file: filled by CloudFormation on AWS, by the local runtime here. */
import { ProjectError } from './project-error.js';

/** Same shape as CloudFormation's DefinitionSubstitutions keys: ${Name}, no dots or colons. */
const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** Every distinct placeholder name in the text, in order of first use. */
export function findPlaceholders(definitionText: string): string[] {
  return [...new Set([...definitionText.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/** Replaces every ${Name}; throws an Error naming each unbound placeholder. */
export function fillPlaceholders(definitionText: string, placeholders: Record<string, string>): string {
  const unbound = findPlaceholders(definitionText).filter((name) => !Object.hasOwn(placeholders, name));
  if (unbound.length > 0) {
    throw new ProjectError(
      `Unbound placeholder${unbound.length > 1 ? 's' : ''} ${unbound.map((n) => '${' + n + '}').join(', ')}: ` +
        `known are ${Object.keys(placeholders).join(', ') || 'none'}`,
    );
  }
  return definitionText.replace(PLACEHOLDER, (_match, name: string) => placeholders[name] as string);
}
