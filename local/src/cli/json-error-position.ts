/**
 * Where JSON text stops being valid, as a line and column for an error message. Node's JSON.parse
 * names the offending token but, for the commonest mistakes ("Unexpected token"), not where it is, and
 * no installed library reports it; hence this small scanner of the JSON grammar (RFC 8259).
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9a-fA-F]{4}$/;

/** The offset of the first character that makes `text` invalid JSON; undefined when it is valid (or too deep to scan). */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const stop = { at: 0 };
  const fail = (): never => {
    stop.at = i;
    throw stop;
  };
  const skipWhitespace = (): void => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i += 1;
  };
  const expect = (char: string): void => {
    if (text[i] !== char) fail();
    i += 1;
  };
  const word = (literal: string): void => {
    for (const char of literal) expect(char);
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const char = text[i];
      if (char === undefined || char < ' ') fail();
      if (char === '"') {
        i += 1;
        return;
      }
      if (char !== '\\') {
        i += 1;
        continue;
      }
      i += 1;
      const escape = text[i];
      if (escape === 'u') {
        if (!HEX.test(text.slice(i + 1, i + 5))) fail();
        i += 5;
      } else if (escape !== undefined && ESCAPES.has(escape)) {
        i += 1;
      } else {
        fail();
      }
    }
  };
  const value = (): void => {
    skipWhitespace();
    const char = text[i];
    if (char === '{') {
      i += 1;
      skipWhitespace();
      if (text[i] === '}') return void (i += 1);
      for (;;) {
        skipWhitespace();
        string();
        skipWhitespace();
        expect(':');
        value();
        skipWhitespace();
        if (text[i] === '}') return void (i += 1);
        expect(',');
      }
    }
    if (char === '[') {
      i += 1;
      skipWhitespace();
      if (text[i] === ']') return void (i += 1);
      for (;;) {
        value();
        skipWhitespace();
        if (text[i] === ']') return void (i += 1);
        expect(',');
      }
    }
    if (char === '"') return string();
    if (char === 't') return word('true');
    if (char === 'f') return word('false');
    if (char === 'n') return word('null');
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (!number) fail();
    i += number![0].length;
  };
  try {
    value();
    skipWhitespace();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (error === stop) return stop.at;
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** "line L column C" (both from 1) of an offset in text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
