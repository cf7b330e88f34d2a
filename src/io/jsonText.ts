/**
 * Parse JSON read from a file, and when it is broken say where (line and
 * column) and why in words, quoting none of its text: V8's messages carry an
 * excerpt of the input ("Unexpected token 'x', "{"a": x}" is not valid JSON")
 * which, for a binary or secret file, puts its bytes on the terminal.
 */

/** Where and why a text is not JSON. */
export interface JsonSyntaxProblem {
  /** Why, in words, without any of the text. */
  problem: string;
  /** Offset of the first character that breaks the JSON (UTF-16 units). */
  offset: number;
  /** Line (from 1) and column (from 1) of that character. */
  line: number;
  column: number;
}

/** The parsed value, or where and why `text` is not JSON. */
export type JsonParse = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxProblem };

/** The problem of a text with nothing but white space. */
const EMPTY = 'it is empty';

/** V8's "at position N", when it says it. */
function statedPosition(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match === null ? undefined : Number(match[1]);
}

/**
 * Whether `prefix` breaks before its end (rather than parsing, or stopping
 * only because it ends): monotone in the prefix's length, so the first
 * breaking character can be found by bisection where V8 does not say where.
 */
function breaksBeforeEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    if (/end of JSON input|Unterminated string/.test(message)) return false;
    const at = statedPosition(message);
    return at === undefined || at < prefix.length;
  }
}

/** The offset of the character that breaks `text`, found by bisection over prefixes. */
function breakingOffset(text: string): number {
  let fine = 0;
  let broken = text.length;
  while (broken - fine > 1) {
    const middle = Math.floor((fine + broken) / 2);
    if (breaksBeforeEnd(text.slice(0, middle))) broken = middle;
    else fine = middle;
  }
  return broken - 1;
}

/** V8's message in words without any of the text it quotes. */
function problemOf(message: string, empty: boolean): string {
  if (/end of JSON input/.test(message)) return empty ? EMPTY : 'it ends too early';
  if (/^Unexpected token/.test(message)) return 'an unexpected character';
  const words = message
    .replace(/ (in JSON )?at position \d+.*$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
  if (words.includes('"')) return 'a syntax error';
  return words.charAt(0).toLowerCase() + words.slice(1);
}

/** Line and column (both from 1) of `offset` in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Parse `text` as JSON; when it is broken, where and why (see {@link JsonSyntaxProblem}). */
export function parseJsonText(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = (error as Error).message;
    const offset = Math.min(
      statedPosition(message) ??
        (/end of JSON input/.test(message) ? text.length : breakingOffset(text)),
      text.length,
    );
    return {
      ok: false,
      error: {
        problem: problemOf(message, text.trim() === ''),
        offset,
        ...lineAndColumn(text, offset),
      },
    };
  }
}

/** A {@link JsonSyntaxProblem} in words: "an unexpected character at line 3, column 14". */
export function jsonProblemText(error: JsonSyntaxProblem): string {
  if (error.problem === EMPTY) return EMPTY;
  return `${error.problem} at line ${error.line}, column ${error.column}`;
}
