import { describe, expect, it } from 'vitest';
import { jsonProblemText, parseJsonText } from '../../src/io/jsonText.ts';

/** The problem text of a broken `text`. */
function problem(text: string): string {
  const parsed = parseJsonText(text);
  if (parsed.ok) throw new Error(`parsed: ${text}`);
  return jsonProblemText(parsed.error);
}

describe('parseJsonText', () => {
  it('parses JSON', () => {
    expect(parseJsonText('{"a": [1, "b"]}')).toEqual({ ok: true, value: { a: [1, 'b'] } });
  });

  it('says where JSON breaks, by line and column, whether V8 gives a position or not', () => {
    // V8 gives no position for an unexpected token: found by bisection.
    expect(problem('{"a": x}')).toBe('an unexpected character at line 1, column 7');
    // "tru" is broken by the line's end.
    expect(problem('{\n  "a": 1,\n  "b": tru\n}')).toBe(
      'an unexpected character at line 3, column 11',
    );
    expect(problem('[1, 2,\n  3]]')).toBe(
      'unexpected non-whitespace character after JSON at line 2, column 5',
    );
    expect(problem('{\n  "a": 1,\n}')).toBe(
      'expected double-quoted property name at line 3, column 1',
    );
    expect(problem('{"a": 1')).toBe("expected ',' or '}' after property value at line 1, column 8");
    expect(problem('[1, 2')).toBe("expected ',' or ']' after array element at line 1, column 6");
    expect(problem('[1,')).toBe('it ends too early at line 1, column 4');
    expect(problem('{"a": "b')).toBe('unterminated string at line 1, column 9');
    expect(problem('  \n ')).toBe('it is empty');
  });

  it('quotes none of the text', () => {
    for (const text of [
      '{"password": hunter2}',
      'hunter2',
      '{"a": "hunter2\u0001"}',
      '[hunter2]',
    ]) {
      expect(problem(text)).not.toMatch(/hunter|h'/);
    }
  });
});
