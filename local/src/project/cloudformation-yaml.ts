/**
 * Parses serverless.yml: YAML with CloudFormation's short-form intrinsics (!Ref, !GetAtt, !Sub, ...)
 * and YAML merge keys (<<: *anchor). Each short form becomes its long form ({ Ref }, { "Fn::GetAtt" }),
 * exactly as serverless and CloudFormation read them.
 */
import { parse } from 'yaml';
import type { CollectionTag, ScalarTag, YAMLMap, YAMLSeq } from 'yaml';
import { ProjectError } from './project-error.js';

/** Short forms whose long form is `Fn::<Name>`; !Ref and !Condition are special. */
const FN_TAGS = [
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAZs', 'If', 'ImportValue', 'Join', 'Not', 'Or',
  'Select', 'Split', 'Sub', 'Transform', 'GetAtt',
] as const;

function longForm(name: string, value: unknown): Record<string, unknown> {
  if (name === 'Ref') return { Ref: value };
  if (name === 'Condition') return { Condition: value };
  // !GetAtt Resource.Attribute is the scalar spelling of ["Resource", "Attribute"].
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function tagsFor(name: string): (ScalarTag | CollectionTag)[] {
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: string) => longForm(name, value) },
    { tag, collection: 'seq', resolve: (seq: YAMLSeq.Parsed) => longForm(name, seq.toJSON()) },
    { tag, collection: 'map', resolve: (map: YAMLMap.Parsed) => longForm(name, map.toJSON()) },
  ] as (ScalarTag | CollectionTag)[];
}

const CLOUDFORMATION_TAGS = ['Ref', 'Condition', ...FN_TAGS].flatMap(tagsFor);

/** The document as plain JSON values; throws ProjectError with the YAML error's position. */
export function parseCloudFormationYaml(text: string, fileName: string): unknown {
  try {
    return parse(text, { customTags: CLOUDFORMATION_TAGS, merge: true, prettyErrors: true });
  } catch (error) {
    throw new ProjectError(`${fileName} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
}
