/**
 * The little XML the local S3 speaks: answers built from nested arrays, and the three request bodies
 * S3 clients send (CompleteMultipartUpload, Delete, CreateBucketConfiguration) read into elements.
 *
 * Hand-written because no XML library is a dependency of this project: fast-xml-parser and xml2js in
 * node_modules come only with s3rver (being removed) and the serverless devDependency, and the AWS
 * SDK's own parser (@aws-sdk/xml-builder) is marked internal. S3's request bodies are flat and small;
 * DOCTYPE (entity expansion) is refused.
 */

const NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** An element: name and either text or child elements; undefined children are left out. */
export type XmlValue = string | number | boolean | undefined | XmlElement | readonly XmlElement[];
export type XmlElement = readonly [name: string, value: XmlValue];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/** Element text as S3 writes it (`"` as &quot;, as in its ETags); control characters as numeric references. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"\r]|[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => ESCAPES[c] ?? `&#${c.charCodeAt(0)};`);
}

function render(element: XmlElement): string {
  const [name, value] = element;
  if (value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return `<${name}>${escapeXml(String(value))}</${name}>`;
  const children = isElementList(value) ? value : [value];
  return `<${name}>${children.map(render).join('')}</${name}>`;
}

function isElementList(value: XmlElement | readonly XmlElement[]): value is readonly XmlElement[] {
  return value.length === 0 || Array.isArray(value[0]);
}

/** A whole S3 answer document: declaration, root element in S3's namespace. */
export function xmlDocument(root: string, children: readonly XmlElement[], withNamespace = true): string {
  const open = withNamespace ? `<${root} xmlns="${NAMESPACE}">` : `<${root}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${children.map(render).join('')}</${root}>`;
}

/** A document whose root holds only text (GetBucketLocation's LocationConstraint). */
export function xmlTextDocument(root: string, text: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NAMESPACE}">${escapeXml(text)}</${root}>`;
}

/** A parsed request element. */
export interface ParsedElement {
  readonly name: string;
  readonly children: ParsedElement[];
  text: string;
}

/** The first child named `name`, its text, or undefined. */
export function childText(element: ParsedElement, name: string): string | undefined {
  return element.children.find((c) => c.name === name)?.text;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    const named = NAMED_ENTITIES[entity];
    if (named === undefined) throw new SyntaxError(`unknown entity ${whole}`);
    return named;
  });
}

/** Parses a request body; throws SyntaxError when it is not well-formed. Namespace prefixes are dropped. */
export function parseXml(source: string): ParsedElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new SyntaxError(`${why} at offset ${at}`);
  };
  const past = (end: string): number => {
    const found = source.indexOf(end, at);
    return found < 0 ? fail(`missing ${end}`) : found + end.length;
  };
  const skipMisc = (): void => {
    for (;;) {
      while (/\s/.test(source[at] ?? '')) at += 1;
      if (source.startsWith('<?', at)) at = past('?>');
      else if (source.startsWith('<!--', at)) at = past('-->');
      else if (source.startsWith('<!', at) && !source.startsWith('<![CDATA[', at)) fail('DOCTYPE is not accepted');
      else return;
    }
  };
  const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

  const element = (): ParsedElement => {
    const open = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(source.slice(at, at + 4096));
    if (!open) return fail('expected an element');
    const [whole, name, , selfClosing] = open as unknown as [string, string, string, string];
    at += whole.length;
    const parsed: ParsedElement = { name: localName(name), children: [], text: '' };
    if (selfClosing) return parsed;
    for (;;) {
      const next = source.indexOf('<', at);
      if (next < 0) fail(`unclosed <${name}>`);
      parsed.text += decodeEntities(source.slice(at, next));
      at = next;
      if (source.startsWith(`</`, at)) {
        const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(source.slice(at, at + 1024));
        if (!close || close[1] !== name) fail(`mismatched closing tag for <${name}>`);
        at += close![0].length;
        return parsed;
      }
      if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) fail('unclosed CDATA');
        parsed.text += source.slice(at + 9, end);
        at = end + 3;
      } else if (source.startsWith('<!--', at) || source.startsWith('<?', at)) {
        skipMisc();
      } else {
        parsed.children.push(element());
      }
    }
  };

  skipMisc();
  const root = element();
  skipMisc();
  if (at !== source.length) fail('content after the root element');
  return root;
}
