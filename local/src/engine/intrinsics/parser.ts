/**
 * Parser for intrinsic function calls as written in `.$` fields, e.g.
 * `States.Format('Hello {}', States.ArrayGetItem($.names, 0))`. A tokenizer feeds a recursive-descent
 * parser; arguments are string/number/boolean/null literals, paths ($, $$, $var) or nested calls.
 */
import { STATES_ERRORS, StatesError } from '../errors.js';

export type IntrinsicArgument =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'path'; readonly path: string }
  | IntrinsicCall;
export interface IntrinsicCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly IntrinsicArgument[];
}

type Token =
  | { readonly type: 'name'; readonly text: string }
  | { readonly type: 'string'; readonly text: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'path'; readonly text: string }
  | { readonly type: 'punct'; readonly text: '(' | ')' | ',' };

function fail(source: string, message: string): never {
  throw new StatesError(STATES_ERRORS.IntrinsicFailure, `Invalid intrinsic function '${source}': ${message}`);
}

/** Reads a path up to the `,` or `)` that ends it, skipping brackets and quoted strings inside it. */
function readPath(source: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < source.length) {
    const ch = source[i];
    if (ch === "'" || ch === '"') {
      const close = source.indexOf(ch, i + 1);
      i = close < 0 ? source.length : close + 1;
      continue;
    }
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || (ch === ')' && depth > 0)) depth--;
    else if (depth === 0 && (ch === ',' || ch === ')')) break;
    i++;
  }
  return i;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: 'punct', text: ch });
      i++;
    } else if (ch === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) fail(source, 'unterminated string literal');
        const c = source[i] as string;
        if (c === '\\') {
          const next = source[i + 1];
          if (next === undefined) fail(source, 'dangling escape');
          // \{ and \} stay escaped so States.Format can tell literal braces from placeholders.
          text += next === '{' || next === '}' ? `\\${next}` : next;
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          text += c;
          i++;
        }
      }
      tokens.push({ type: 'string', text });
    } else if (ch === '$') {
      const end = readPath(source, i);
      tokens.push({ type: 'path', text: source.slice(i, end).trim() });
      i = end;
    } else if (/[-\d]/.test(ch)) {
      const match = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(source.slice(i));
      if (!match) fail(source, `unexpected '${ch}' at ${i}`);
      tokens.push({ type: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z]/.test(ch)) {
      const match = /^[A-Za-z][A-Za-z0-9.]*/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'name', text: match[0] });
      i += match[0].length;
    } else {
      fail(source, `unexpected '${ch}' at ${i}`);
    }
  }
  return tokens;
}

/** True when a `.$` value is an intrinsic call rather than a path. */
export function isIntrinsicCall(value: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(value);
}

export function parseIntrinsic(source: string): IntrinsicCall {
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const expectPunct = (text: '(' | ')' | ','): void => {
    const token = tokens[position++];
    if (token?.type !== 'punct' || token.text !== text) fail(source, `expected '${text}'`);
  };
  const parseCall = (): IntrinsicCall => {
    const token = tokens[position++];
    if (token?.type !== 'name' || !token.text.startsWith('States.')) fail(source, 'expected a States.* function name');
    expectPunct('(');
    const args: IntrinsicArgument[] = [];
    if (!(peek()?.type === 'punct' && (peek() as { text: string }).text === ')')) {
      for (;;) {
        args.push(parseArgument());
        const next = peek();
        if (next?.type === 'punct' && next.text === ',') {
          position++;
          continue;
        }
        break;
      }
    }
    expectPunct(')');
    return { kind: 'call', name: token.text, args };
  };
  const parseArgument = (): IntrinsicArgument => {
    const token = peek();
    if (!token) fail(source, 'missing argument');
    switch (token.type) {
      case 'string':
        position++;
        return { kind: 'literal', value: token.text };
      case 'number':
        position++;
        return { kind: 'literal', value: token.value };
      case 'path':
        position++;
        return { kind: 'path', path: token.text };
      case 'name':
        if (token.text === 'true' || token.text === 'false' || token.text === 'null') {
          position++;
          return { kind: 'literal', value: token.text === 'null' ? null : token.text === 'true' };
        }
        return parseCall();
      default:
        return fail(source, `unexpected '${token.text}'`);
    }
  };
  const call = parseCall();
  if (position !== tokens.length) fail(source, 'unexpected text after the call');
  return call;
}
