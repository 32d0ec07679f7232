import { describe, expect, it } from 'vitest';
import { sliceLines, isBinary } from '../src/github/contents.js';
import { filesFromPatches, pageDiff, parseUnifiedDiff } from '../src/github/diff.js';
import { blobSha } from '../src/github/push.js';

const diff = [
  'diff --git a/a.ts b/a.ts',
  'index 1..2 100644',
  '--- a/a.ts',
  '+++ b/a.ts',
  '@@ -1,2 +1,2 @@',
  '-old',
  '+new',
  ' same',
  '@@ -10,1 +10,2 @@',
  ' ctx',
  '+added',
  'diff --git a/b.ts b/b.ts',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/b.ts',
  '@@ -0,0 +1,1 @@',
  '+hello',
  'diff --git a/logo.png b/logo.png',
  'Binary files a/logo.png and b/logo.png differ',
  ''
].join('\n');

describe('parseUnifiedDiff', () => {
  it('splits files and hunks and counts lines', () => {
    const files = parseUnifiedDiff(diff);
    expect(files.map((f) => [f.path, f.status, f.additions, f.deletions, f.hunks.length])).toEqual([
      ['a.ts', 'modified', 2, 1, 2],
      ['b.ts', 'added', 1, 0, 1],
      ['logo.png', 'binary', 0, 0, 0]
    ]);
  });
});

describe('pageDiff', () => {
  const files = parseUnifiedDiff(diff);
  it('returns everything when it fits', () => {
    const page = pageDiff(files, { fileOffset: 0, hunkOffset: 0, maxBytes: 10_000 });
    expect(page.next).toBeUndefined();
    expect(page.remainingFiles).toBe(0);
    expect(page.text).toContain('+hello');
  });
  it('stops between hunks under the cap and resumes from the cursor without loss', () => {
    const seen: string[] = [];
    let cursor = { fileOffset: 0, hunkOffset: 0 };
    for (let i = 0; i < 10; i++) {
      const page = pageDiff(files, { ...cursor, maxBytes: 100 });
      seen.push(page.text);
      expect(Buffer.byteLength(page.text)).toBeLessThanOrEqual(100);
      if (!page.next) break;
      expect(page.remainingFiles).toBeGreaterThan(0);
      cursor = page.next;
    }
    const all = seen.join('\n');
    for (const line of ['-old', '+new', '+added', '+hello', 'logo.png']) expect(all).toContain(line);
  });
  it('cuts a hunk larger than a page and says so', () => {
    const big = parseUnifiedDiff(
      ['diff --git a/x b/x', '@@ -1 +1,500 @@', ...Array.from({ length: 500 }, (_, i) => `+line ${i}`)].join('\n')
    );
    const page = pageDiff(big, { fileOffset: 0, hunkOffset: 0, maxBytes: 400 });
    expect(page.next).toBeUndefined();
    expect(page.text).toMatch(/more lines of this hunk not shown/);
    expect(Buffer.byteLength(page.text)).toBeLessThanOrEqual(400);
    expect(page.files[0]!.truncated).toBe(true);
  });
  it('counts remaining lines and files when paging from the files API', () => {
    const patches = filesFromPatches([
      { filename: 'x', status: 'modified', additions: 1, deletions: 1, patch: '@@ -1 +1 @@\n-a\n+b' },
      { filename: 'y', status: 'added', additions: 2, deletions: 0, patch: '@@ -0,0 +1,2 @@\n+c\n+d' }
    ]);
    const page = pageDiff(patches, { fileOffset: 30, hunkOffset: 0, maxBytes: 40, baseFileIndex: 30, totalFiles: 300 });
    expect(page.next?.fileOffset).toBe(31);
    expect(page.remainingFiles).toBe(269);
    expect(page.remainingLines).toBe(2);
  });
});

describe('sliceLines', () => {
  const data = Buffer.from(Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
  it('returns a line range and where to continue', () => {
    const s = sliceLines(data, { startLine: 10, endLine: 12, maxBytes: 10_000 });
    expect(s.text).toBe('line 10\nline 11\nline 12');
    expect(s.totalLines).toBe(100);
    expect(s.nextLine).toBe(13);
    expect(s.truncatedBy).toBe('range');
  });
  it('stops at the byte cap', () => {
    const s = sliceLines(data, { startLine: 1, maxBytes: 30 });
    expect(Buffer.byteLength(s.text)).toBeLessThanOrEqual(30);
    expect(s.truncatedBy).toBe('bytes');
    expect(s.nextLine).toBe(s.endLine + 1);
  });
  it('detects binary data', () => {
    expect(isBinary(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]))).toBe(true);
    expect(isBinary(Buffer.from('héllo'))).toBe(false);
  });
});

describe('blobSha', () => {
  it('matches git hash-object', () => {
    // printf 'hello\n' | git hash-object --stdin
    expect(blobSha(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });
});
