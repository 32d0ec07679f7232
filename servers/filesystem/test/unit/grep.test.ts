import { describe, expect, it } from 'vitest';
import { compileQuery, MAX_LINE_CHARS, searchText } from '../../src/scan/grep.js';

const search = (
  text: string,
  pattern: string,
  options: { regex?: boolean; ignoreCase?: boolean; contextLines?: number; limit?: number } = {}
) =>
  searchText(
    text,
    compileQuery({ pattern, regex: options.regex ?? false, ignoreCase: options.ignoreCase ?? false }).regex,
    {
      contextLines: options.contextLines ?? 0,
      limit: options.limit ?? 100
    }
  );

describe('compileQuery', () => {
  it('escapes literals, so regex syntax in them is plain text', () => {
    expect(search('a.b\naxb\n(x)+\n', 'a.b').map((hit) => hit.line)).toEqual([1]);
    expect(search('(x)+\n', '(x)+').map((hit) => hit.line)).toEqual([1]);
    expect(compileQuery({ pattern: 'x', regex: false, ignoreCase: false }).needle?.toString()).toBe('x');
    expect(compileQuery({ pattern: 'x', regex: false, ignoreCase: true }).needle).toBeUndefined();
  });

  it('throws on an invalid regular expression', () => {
    expect(() => compileQuery({ pattern: '(unclosed', regex: true, ignoreCase: false })).toThrow(SyntaxError);
  });
});

describe('searchText', () => {
  it('reports each matching line once with 1-based line and column', () => {
    expect(search('no\nfoo foo\n  foo\n', 'foo')).toEqual([
      { line: 2, column: 1, text: 'foo foo', before: [], after: [] },
      { line: 3, column: 3, text: '  foo', before: [], after: [] }
    ]);
  });

  it('anchors ^ and $ at line ends, ignores case on request, and survives empty matches', () => {
    expect(search('ab\nba\n', '^b', { regex: true }).map((hit) => hit.line)).toEqual([2]);
    expect(search('ab\r\nba\r\n', 'a\\r?$', { regex: true }).map((hit) => hit.line)).toEqual([2]);
    expect(search('FOO\nfoo\n', 'foo', { ignoreCase: true }).map((hit) => hit.line)).toEqual([1, 2]);
    expect(search('a\n\nb', 'x*', { regex: true }).map((hit) => hit.line)).toEqual([1, 2, 3]);
  });

  it('adds context lines without the CR of CRLF files, clipped at the file edges', () => {
    const [hit] = search('l1\r\nl2\r\nHIT\r\nl4\r\n', 'HIT', { contextLines: 5 });
    expect(hit).toEqual({ line: 3, column: 1, text: 'HIT', before: ['l1', 'l2'], after: ['l4'] });
    expect(search('\nHIT', 'HIT', { contextLines: 1 })[0]?.before).toEqual(['']);
  });

  it('clips very long lines around the match', () => {
    const line = `${'x'.repeat(5000)}NEEDLE${'y'.repeat(5000)}`;
    const [hit] = search(line, 'NEEDLE');
    expect(hit?.column).toBe(5001);
    expect(hit?.text).toContain('NEEDLE');
    expect(hit?.text.length).toBeLessThanOrEqual(MAX_LINE_CHARS + 2);
    expect(hit?.text.startsWith('…') && hit.text.endsWith('…')).toBe(true);
  });

  it('stops at the limit', () => {
    expect(search('a\na\na\n', 'a', { limit: 2 })).toHaveLength(2);
  });
});
