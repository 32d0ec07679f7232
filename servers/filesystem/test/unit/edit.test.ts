import { describe, expect, it } from 'vitest';
import { createTwoFilesPatch } from 'diff';
import { applyEdits, EditError, unifiedDiff } from '../../src/fs/edit.js';

const edit = (oldText: string, newText: string, replaceAll = false) => ({ oldText, newText, replaceAll });

function failure(run: () => unknown): EditError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EditError);
    return error as EditError;
  }
  throw new Error('expected an EditError');
}

describe('applyEdits', () => {
  it('replaces exact text once, in order, each edit seeing the previous result', () => {
    expect(applyEdits('alpha beta gamma', [edit('beta', 'BETA'), edit('BETA gamma', 'done')])).toEqual({
      text: 'alpha done',
      replacements: 2
    });
  });

  it('treats replacement text literally ($& and friends are not patterns)', () => {
    expect(applyEdits('price: X', [edit('X', '$& $1 $$')]).text).toBe('price: $& $1 $$');
  });

  it('refuses a batch whose result would exceed maxBytes before building it', () => {
    // 100 edits that each double the text would need 2^100 characters: refused at the limit.
    const doubling = Array.from({ length: 100 }, () => edit('a', 'aa', true));
    const error = failure(() => applyEdits('a', doubling, { maxBytes: 1024 }));
    expect(error.index).toBe(10);
    expect(error.message).toMatch(/edits\[10\] would make the file larger than this server's 1,024-byte limit/);
    expect(failure(() => applyEdits('x', [edit('x', 'é'.repeat(600))], { maxBytes: 1024 })).message).toMatch(
      /1,024-byte limit/
    );
    expect(applyEdits('x', [edit('x', 'é'.repeat(512))], { maxBytes: 1024 }).text).toHaveLength(512);
  });

  it('refuses missing text and points at a whitespace near miss', () => {
    const error = failure(() => applyEdits('function f() {\n\treturn 1;\n}\n', [edit('    return 1;', 'return 2;')]));
    expect(error.index).toBe(0);
    expect(error.message).toBe('edits[0].oldText was not found in the file');
    expect(error.hint).toMatch(/^Line\(s\) 2 match its first line/);
    expect(failure(() => applyEdits('abc', [edit('a', 'b'), edit('zzz', 'y')])).hint).toMatch(/may have changed/);
  });

  it('refuses ambiguous text unless replaceAll, naming where it occurs', () => {
    const text = 'x = 1\ny = 1\nz = 1\n';
    const error = failure(() => applyEdits(text, [edit(' = 1', ' = 2')]));
    expect(error.message).toBe('edits[0].oldText appears 3 times (at lines 1, 2, 3)');
    expect(applyEdits(text, [edit(' = 1', ' = 2', true)])).toEqual({ text: 'x = 2\ny = 2\nz = 2\n', replacements: 3 });
  });

  it('keeps CRLF line endings when edits are written with LF', () => {
    const text = 'one\r\ntwo\r\nthree\r\n';
    expect(applyEdits(text, [edit('one\ntwo', 'uno\ndos\nextra')]).text).toBe('uno\r\ndos\r\nextra\r\nthree\r\n');
    expect(applyEdits(text, [edit('two\r\n', 'deux\r\n')]).text).toBe('one\r\ndeux\r\nthree\r\n');
  });

  it('leaves LF files with LF', () => {
    expect(applyEdits('a\nb\n', [edit('a\nb', 'c\nd')]).text).toBe('c\nd\n');
  });
});

describe('unifiedDiff', () => {
  it('shows removed and added lines with the path', () => {
    const diff = unifiedDiff('/r/f.txt', 'a\nb\n', 'a\nc\n');
    expect(diff).toContain('--- /r/f.txt');
    expect(diff).toContain('-b\n+c');
  });
});

describe('unifiedDiff on large or hostile input (bounded, on the main thread)', () => {
  const lines = (count: number, line: (i: number) => string) =>
    Array.from({ length: count }, (_, i) => `${line(i)}\n`).join('');

  it('matches the full diff for local changes in a large file, with the right line numbers', () => {
    const before = lines(20_000, (i) => `line ${i}`);
    const after = before.replace('line 15000\n', 'changed 15000\n').replace('line 15010\n', '');
    const diff = unifiedDiff('/r/big.txt', before, after);
    expect(diff).toBe(
      createTwoFilesPatch('/r/big.txt', '/r/big.txt', before, after, 'original', 'modified', { context: 3 })
    );
    expect(diff).toContain('@@ -14998,7 +14998,7 @@');
    expect(diff).toContain('@@ -15008,7 +15008,6 @@');
  });

  it.each<[string, string, string]>([
    ['at the start', 'x\ny\n', 'z\ny\n'],
    ['at the end without a final newline', 'a\nb\nc', 'a\nb\nd'],
    ['adding a final newline', 'a\nb', 'a\nb\n'],
    ['into an empty file', '', 'a\n'],
    ['to an empty file', 'a\nb\n', ''],
    ['with CRLF endings', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n'],
    ['with nothing changed', 'same\n', 'same\n']
  ])('matches the full diff for a change %s', (_label, before, after) => {
    const padded = (text: string) => lines(50, (i) => `pre ${i}`) + text;
    for (const [b, a] of [
      [before, after],
      [padded(before), padded(after)]
    ] as const) {
      expect(unifiedDiff('f', b, a)).toBe(createTwoFilesPatch('f', 'f', b, a, 'original', 'modified', { context: 3 }));
    }
  });

  it.each<[string, string, string]>([
    ['every line of 60 KB changed', lines(30_000, () => 'a'), lines(30_000, () => 'b')],
    [
      '60 KB of interleaved changes',
      lines(30_000, (i) => (i % 2 ? 'x' : 'y')),
      lines(30_000, (i) => (i % 3 ? 'x' : 'y'))
    ]
  ])('finishes quickly for %s and says when the diff was left out', (_label, before, after) => {
    const started = performance.now();
    const diff = unifiedDiff('/r/f.txt', before, after);
    const took = performance.now() - started;
    // Unbounded, these took minutes (the first over 5 minutes); the bound is well under a second.
    expect(took).toBeLessThan(3_000);
    expect(diff).toContain('--- /r/f.txt');
    if (!diff.includes('\n-')) expect(diff).toMatch(/too large to show/);
  });

  it('keeps a timer (like an HTTP /healthz) firing while a worst-case dry run is diffed', async () => {
    const before = lines(30_000, () => 'a');
    const after = lines(30_000, () => 'b');
    let last = performance.now();
    let worstGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 5);
    try {
      for (let i = 0; i < 3; i++) {
        unifiedDiff('/r/f.txt', before, after);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      clearInterval(timer);
    }
    expect(worstGap).toBeLessThan(3_000);
  });
});
