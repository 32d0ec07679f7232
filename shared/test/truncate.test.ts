import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  capItems,
  capRows,
  createTruncator,
  formatBytes,
  formatCount,
  resolveLimits,
  truncateText,
  utf8SliceEnd
} from '../src/truncate/index.js';

const enc = new TextEncoder();
const bytesOf = (s: string): number => enc.encode(s).length;
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Byte offsets at which `s` can be cut, by code point or by grapheme cluster. */
function boundaries(s: string, by: 'codepoint' | 'grapheme'): number[] {
  const parts =
    by === 'codepoint'
      ? Array.from(s)
      : Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s), (x) => x.segment);
  const out = [0];
  for (const p of parts) out.push(out[out.length - 1]! + bytesOf(p));
  return out;
}
const largestAtMost = (list: number[], max: number): number => Math.max(...list.filter((b) => b <= max));

// é precomposed (2 bytes), 中 (3), 😀 (surrogate pair, 4), e + combining acute,
// a thumbs-up with skin tone (two astral code points), a ZWJ family, then ASCII.
const MIXED = 'aé中😀e\u0301👍🏽x👨‍👩‍👧z';

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [12431, '12,431'],
    [2345678, '2,345,678'],
    [-1234567, '-1,234,567'],
    [1234.5, '1,234.5'],
    [100_000, '100,000']
  ])('%d -> %s', (n, s) => expect(formatCount(n)).toBe(s));
});

describe('utf8SliceEnd', () => {
  const buf = enc.encode(MIXED);
  const cps = boundaries(MIXED, 'codepoint');

  it('returns the largest code point boundary <= maxBytes for every cut', () => {
    for (let max = 0; max <= buf.length + 2; max++) {
      const cut = utf8SliceEnd(buf, max);
      expect(cut, `max=${max}`).toBe(largestAtMost(cps, max));
      expect(() => strict.decode(buf.subarray(0, cut))).not.toThrow();
    }
  });

  it('handles empty input and rejects a negative cap', () => {
    expect(utf8SliceEnd(new Uint8Array(), 10)).toBe(0);
    expect(() => utf8SliceEnd(buf, -1)).toThrow(/maxBytes must be a non-negative integer, got -1/);
  });

  it('does not scan far into invalid input', () => {
    const junk = new Uint8Array(100).fill(0x80);
    expect(utf8SliceEnd(junk, 50)).toBe(50);
  });
});

describe('truncateText', () => {
  it('cuts on a grapheme boundary at every position, never splitting a character', () => {
    const graphemes = boundaries(MIXED, 'grapheme');
    const cps = boundaries(MIXED, 'codepoint');
    for (let max = 1; max < bytesOf(MIXED); max++) {
      const { text, truncation } = truncateText(MIXED, max, { appendNotice: false });
      const expected = largestAtMost(graphemes, max) || largestAtMost(cps, max);
      expect(bytesOf(text), `max=${max}`).toBe(expected);
      expect(MIXED.startsWith(text)).toBe(true);
      expect(text).not.toContain('\uFFFD');
      expect(truncation).toMatchObject({ truncated: true, shown: expected, total: bytesOf(MIXED), unit: 'bytes' });
    }
  });

  it('never leaves a base letter without its combining mark', () => {
    const s = 'cafe\u0301 ok';
    expect(truncateText(s, 5, { appendNotice: false }).text).toBe('caf');
    expect(truncateText(s, 6, { appendNotice: false }).text).toBe('cafe\u0301');
  });

  it('keeps a leading BOM', () => {
    expect(truncateText('\uFEFFabcdef', 5, { appendNotice: false }).text).toBe('\uFEFFab');
  });

  it('leaves empty and exactly-at-limit input alone', () => {
    expect(truncateText('', 10)).toEqual({
      text: '',
      truncation: { truncated: false, shown: 0, total: 0, unit: 'bytes' }
    });
    const s = 'ab中de'; // 7 bytes
    expect(truncateText(s, 7)).toEqual({
      text: s,
      truncation: { truncated: false, shown: 7, total: 7, unit: 'bytes' }
    });
    expect(truncateText(s, 6, { appendNotice: false }).text).toBe('ab中d');
  });

  it.each([0, -5, 1.5, Number.NaN])('rejects maxBytes=%d with a clear error', (max) => {
    expect(() => truncateText('abc', max)).toThrow(RangeError);
    expect(() => truncateText('abc', max)).toThrow(`maxBytes must be a positive integer, got ${max}`);
  });

  it('rejects a negative offset', () => {
    expect(() => truncateText('abc', 10, { offset: -1 })).toThrow('offset must be a non-negative integer, got -1');
  });

  it('uses DEFAULT_LIMITS.maxBytes by default', () => {
    const { truncation } = truncateText('x'.repeat(2_345_678), undefined, { appendNotice: false });
    expect(truncation.notice).toBe('output truncated at 100,000 of 2,345,678 bytes; pass offset=100000 for more');
    expect(truncation.nextOffset).toBe(100_000);
  });

  it('words the notice per the continuation options', () => {
    const big = 'x'.repeat(2_345_678);
    const notice = (opts: Parameters<typeof truncateText>[2]): string | undefined =>
      truncateText(big, 100_000, { appendNotice: false, ...opts }).truncation.notice;
    expect(notice({ hint: 'a narrower query', next: { param: 'offset', value: 100_000 } })).toBe(
      'output truncated at 100,000 of 2,345,678 bytes; pass offset=100000 or a narrower query'
    );
    expect(notice({ hint: 'use a narrower query' })).toBe(
      'output truncated at 100,000 of 2,345,678 bytes; use a narrower query'
    );
    expect(notice({ next: { param: 'cursor', value: 'abc' } })).toBe(
      'output truncated at 100,000 of 2,345,678 bytes; pass cursor=abc for more'
    );
    expect(notice({ next: { param: 'cursor', value: 'a+b/=' } })).toBe(
      'output truncated at 100,000 of 2,345,678 bytes; pass cursor="a+b/=" for more'
    );
    expect(notice({ next: false })).toBe('output truncated at 100,000 of 2,345,678 bytes');
  });

  it('places a later chunk with offset, and handles unknown totals', () => {
    expect(truncateText('y'.repeat(200), 50, { offset: 100, appendNotice: false }).truncation.notice).toBe(
      'output truncated at 150 of 300 bytes; pass offset=150 for more'
    );
    const streamed = truncateText('abc', 10, { hasMore: true, appendNotice: false });
    expect(streamed.text).toBe('abc');
    expect(streamed.truncation).toEqual({
      truncated: true,
      shown: 3,
      total: undefined,
      unit: 'bytes',
      nextOffset: 3,
      notice: 'output truncated at 3 bytes; more exist, pass offset=3'
    });
    // A known total larger than what was passed also counts as truncated.
    expect(truncateText('abc', 10, { total: 9, appendNotice: false }).truncation.notice).toBe(
      'output truncated at 3 of 9 bytes; pass offset=3 for more'
    );
  });

  it('appends the notice inside the byte cap, consistent with what was kept', () => {
    const big = '中'.repeat(50_000); // 150,000 bytes
    const { text, truncation } = truncateText(big, 100_000);
    expect(bytesOf(text)).toBeLessThanOrEqual(100_000);
    expect(text.endsWith(`\n\n[${truncation.notice}]`)).toBe(true);
    expect(truncation.shown % 3).toBe(0);
    expect(truncation.notice).toBe(
      `output truncated at ${formatCount(truncation.shown)} of 150,000 bytes; pass offset=${truncation.shown} for more`
    );
    expect(text.slice(0, truncation.shown / 3)).toBe('中'.repeat(truncation.shown / 3));
  });

  it('returns the bare cut when even the notice would not fit', () => {
    const { text, truncation } = truncateText('hello world', 5);
    expect(text).toBe('hello');
    expect(truncation.notice).toBe('output truncated at 5 of 11 bytes; pass offset=5 for more');
  });
});

describe('capRows', () => {
  const rows = Array.from({ length: 12_431 }, (_, i) => ({ id: i }));

  it('caps by count', () => {
    const r = capRows(rows, { maxRows: 200 });
    expect(r.rows).toHaveLength(200);
    expect(r.rows[199]).toEqual({ id: 199 });
    expect(r.truncation).toEqual({
      truncated: true,
      shown: 200,
      total: 12_431,
      unit: 'rows',
      nextOffset: 200,
      notice: 'showing 200 of 12,431 rows; pass offset=200 for more'
    });
  });

  it('defaults to DEFAULT_LIMITS.maxRows', () => {
    expect(capRows(rows).rows).toHaveLength(DEFAULT_LIMITS.maxRows);
  });

  it('leaves empty and exactly-at-limit input alone', () => {
    expect(capRows([])).toEqual({ rows: [], truncation: { truncated: false, shown: 0, total: 0, unit: 'rows' } });
    const r = capRows(rows.slice(0, 200), { maxRows: 200 });
    expect(r.rows).toHaveLength(200);
    expect(r.truncation.truncated).toBe(false);
    expect(r.truncation.notice).toBeUndefined();
  });

  it('caps by bytes, counting each row plus a separator', () => {
    const lines = Array.from({ length: 50 }, () => 'abcdefghij'); // 11 bytes each
    const r = capRows(lines, { maxBytes: 100 });
    expect(r.rows).toHaveLength(9);
    expect(r.truncation.notice).toBe('showing 9 of 50 rows; pass offset=9 for more');
    expect(capRows(lines, { maxBytes: 99 }).rows).toHaveLength(9);
    expect(capRows(lines, { maxBytes: 98 }).rows).toHaveLength(8);
  });

  it('uses a custom measure', () => {
    expect(capRows(rows, { maxBytes: 10, measure: () => 5 }).rows).toHaveLength(2);
  });

  it('names a single row too large for the cap and how to skip it', () => {
    const huge = ['x'.repeat(1000), 'a'];
    expect(capRows(huge, { maxBytes: 100 })).toEqual({
      rows: [],
      truncation: {
        truncated: true,
        shown: 0,
        total: 2,
        unit: 'rows',
        nextOffset: 1,
        notice: 'showing no rows: row 1 alone is 1,001 bytes, over the 100-byte limit; pass offset=1 to skip it'
      }
    });
    expect(
      capRows(huge, { maxBytes: 100, offset: 40, total: 90, hint: 'use a narrower query' }).truncation.notice
    ).toBe('showing no rows: row 41 alone is 1,001 bytes, over the 100-byte limit; use a narrower query');
    const withNext = capRows(huge, {
      maxBytes: 100,
      offset: 40,
      hint: 'use a narrower query',
      next: (n) => ({ param: 'offset', value: n })
    });
    expect(withNext.truncation.notice).toBe(
      'showing no rows: row 41 alone is 1,001 bytes, over the 100-byte limit; pass offset=41 to skip it, or use a narrower query'
    );
    const later = capRows(['a', 'x'.repeat(1000)], { maxBytes: 100 });
    expect(later.rows).toEqual(['a']);
    expect(later.truncation.notice).toBe('showing 1 of 2 rows; pass offset=1 for more');
  });

  it('says "more exist" when the total is unknown', () => {
    const page = rows.slice(0, 200);
    expect(capRows(page, { hasMore: true, maxRows: 200 }).truncation).toEqual({
      truncated: true,
      shown: 200,
      total: undefined,
      unit: 'rows',
      nextOffset: 200,
      notice: 'showing the first 200 rows; more exist, pass offset=200'
    });
    expect(capRows(rows.slice(0, 250), { hasMore: true, maxRows: 200 }).truncation.notice).toBe(
      'showing the first 200 rows; more exist, pass offset=200'
    );
    expect(capRows(page, { hasMore: true, offset: 200 }).truncation.notice).toBe(
      'showing rows 201-400; more exist, pass offset=400'
    );
  });

  it('describes later pages as a range', () => {
    const page = rows.slice(200, 400);
    expect(capRows(page, { offset: 200, total: 12_431 }).truncation.notice).toBe(
      'showing rows 201-400 of 12,431; pass offset=400 for more'
    );
    const last = capRows(rows.slice(12_400), { offset: 12_400, total: 12_431 });
    expect(last.truncation).toEqual({ truncated: false, shown: 31, total: 12_431, unit: 'rows' });
  });

  it('takes the continuation from next, a next function, or a hint', () => {
    expect(capRows(rows, { next: (n) => ({ param: 'cursor', value: `c${n}` }) }).truncation.notice).toBe(
      'showing 200 of 12,431 rows; pass cursor=c200 for more'
    );
    expect(capRows(rows, { hint: 'a narrower query', next: { param: 'offset', value: 200 } }).truncation.notice).toBe(
      'showing 200 of 12,431 rows; pass offset=200 or a narrower query'
    );
    expect(capRows(rows, { hint: 'add a WHERE clause' }).truncation.notice).toBe(
      'showing 200 of 12,431 rows; add a WHERE clause'
    );
    expect(capRows(rows, { hasMore: true, next: false }).truncation.notice).toBe(
      'showing the first 200 rows; more exist'
    );
  });

  it('can count lines', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    expect(capRows(lines, { unit: 'lines' }).truncation.notice).toBe(
      'showing 200 of 1,000 lines; pass offset=200 for more'
    );
  });

  it.each([
    [{ maxRows: 0 }, 'maxRows must be a positive integer, got 0'],
    [{ maxRows: -3 }, 'maxRows must be a positive integer, got -3'],
    [{ maxBytes: 0 }, 'maxBytes must be a positive integer, got 0'],
    [{ offset: -1 }, 'offset must be a non-negative integer, got -1'],
    [{ total: -1 }, 'total must be a non-negative integer, got -1']
  ])('rejects %o', (opts, message) => {
    expect(() => capRows(rows, opts)).toThrow(new RangeError(message));
  });
});

describe('capItems', () => {
  const items = Array.from({ length: 500 }, (_, i) => ({ name: `item-${i}`, tags: ['a', 'é'] }));

  it('caps a JSON array by items', () => {
    const r = capItems(items);
    expect(r.items).toHaveLength(200);
    expect(r.truncation.notice).toBe('showing 200 of 500 items; pass offset=200 for more');
    expect(() => capItems(items, { maxItems: 0 })).toThrow('maxItems must be a positive integer, got 0');
  });

  it('caps by bytes so the serialized array stays within the cap (+1 for the brackets)', () => {
    for (const maxBytes of [40, 100, 1000, 4321]) {
      const r = capItems(items, { maxBytes });
      expect(bytesOf(JSON.stringify(r.items))).toBeLessThanOrEqual(maxBytes + 1);
      const oneMore = items.slice(0, r.items.length + 1);
      expect(bytesOf(JSON.stringify(oneMore))).toBeGreaterThan(maxBytes);
    }
  });
});

describe('limits', () => {
  it('freezes the defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({ maxBytes: 100_000, maxRows: 200, maxItems: 200 });
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
  });

  it('resolves overrides, ignoring undefined, and validates them', () => {
    expect(resolveLimits({ maxBytes: 5000, maxRows: undefined })).toEqual({
      maxBytes: 5000,
      maxRows: 200,
      maxItems: 200
    });
    expect(() => resolveLimits({ maxRows: 0 })).toThrow('maxRows must be a positive integer, got 0');
  });

  it('binds a truncator to a server’s limits, with per-call overrides', () => {
    const t = createTruncator({ maxBytes: 10, maxRows: 3, maxItems: 2 });
    expect(t.truncateText('abcdefghijklmnop', { appendNotice: false }).text).toBe('abcdefghij');
    expect(t.capRows([1, 2, 3, 4, 5]).rows).toEqual([1, 2, 3]);
    expect(t.capRows([1, 2, 3, 4, 5], { maxRows: 4 }).rows).toEqual([1, 2, 3, 4]);
    expect(t.capItems([1, 2, 3]).items).toEqual([1, 2]);
    expect(t.capItems(['aaaa', 'bbbb', 'cccc']).items).toEqual(['aaaa', 'bbbb']);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [512, '512 bytes'],
    [1023, '1,023 bytes'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [2_170_880, '2.1 MB'],
    [50 * 1024 * 1024, '50 MB'],
    [3 * 1024 ** 4, '3.0 TB']
  ])('%d -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
