import { describe, expect, it } from 'vitest';
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
