import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { looksBinary } from '../../src/fs/binary.js';
import { readLines, readTail, type LinePage } from '../../src/fs/text.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fs-text-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LARGE = { maxBytes: 1_000_000, countLinesUpTo: 10_000_000 };

async function withFile<T>(
  content: string | Buffer,
  run: (handle: Awaited<ReturnType<typeof open>>, size: number) => Promise<T>
): Promise<T> {
  const path = join(dir, `f-${Math.random().toString(36).slice(2)}`);
  await writeFile(path, content);
  const handle = await open(path, 'r');
  try {
    return await run(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

const lines = (content: string, options: { offset?: number; limit?: number; maxBytes?: number } = {}) =>
  withFile(content, (handle, size) =>
    readLines(handle, size, {
      offset: options.offset ?? 0,
      limit: options.limit ?? Number.MAX_SAFE_INTEGER,
      ...LARGE,
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {})
    })
  );
const tail = (content: string, count: number, maxBytes = LARGE.maxBytes) =>
  withFile(content, (handle, size) => readTail(handle, size, { count, ...LARGE, maxBytes }));

/** Deterministic text with multi-byte characters of every width, some lines long. */
function sampleText(lineCount: number, seed = 7): string {
  const pieces = ['a', 'é', '€', '😀', ' ', 'z', 'ü', '漢', '\t'];
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: lineCount }, () =>
    Array.from({ length: next() % 90 }, () => pieces[next() % pieces.length]).join('')
  ).join('\n');
}

describe('readLines', () => {
  it('returns a whole file byte for byte, with or without a final newline, CRLF kept', async () => {
    for (const text of ['one\ntwo\n', 'one\ntwo', 'one\r\ntwo\r\n', '\n', 'x']) {
      const page = await lines(text);
      expect(page.content).toBe(text);
      expect(page.linesAfter).toBe(false);
    }
    expect(await lines('one\ntwo\n')).toMatchObject({ firstLine: 1, lastLine: 2, lineCount: 2, totalLines: 2 });
    expect(await lines('one\ntwo')).toMatchObject({ lastLine: 2, lineCount: 2 });
    expect((await lines('one\ntwo')).totalLines).toBe(2);
    expect((await lines('\n')).totalLines).toBe(1);
  });

  it('says an empty file has no lines', async () => {
    expect(await lines('')).toMatchObject({ content: '', lineCount: 0, totalLines: 0, linesAfter: false });
  });

  it('pages with offset and limit and numbers lines from 1', async () => {
    const page = await lines('l1\nl2\nl3\nl4\nl5\n', { offset: 1, limit: 2 });
    expect(page).toMatchObject({
      content: 'l2\nl3\n',
      firstLine: 2,
      lastLine: 3,
      totalLines: 5,
      linesBefore: true,
      linesAfter: true
    });
    expect(await lines('l1\nl2', { offset: 1, limit: 5 })).toMatchObject({
      content: 'l2',
      firstLine: 2,
      lastLine: 2,
      linesAfter: false
    });
  });

  it('says where the file ends when the offset is past it', async () => {
    expect(await lines('a\nb\n', { offset: 5 })).toMatchObject({
      content: '',
      lineCount: 0,
      totalLines: 2,
      linesBefore: true
    });
    expect(await lines('a\nb', { offset: 2 })).toMatchObject({ content: '', lineCount: 0, totalLines: 2 });
  });

  it('reassembles any file exactly from pages cut by a small byte budget, across 64 KiB chunk boundaries', async () => {
    const text = sampleText(6000);
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 * 64 * 1024);
    await withFile(text, async (handle, size) => {
      let offset = 0;
      let rebuilt = '';
      for (let pages = 0; pages < 10_000; pages++) {
        const page: LinePage = await readLines(handle, size, {
          offset,
          limit: 1000,
          maxBytes: 7000,
          countLinesUpTo: size
        });
        expect(page.lineCut).toBe(false);
        expect(Buffer.byteLength(page.content)).toBeLessThanOrEqual(7000);
        expect(page.content).not.toContain('\uFFFD');
        rebuilt += page.content;
        if (!page.linesAfter) break;
        offset = page.lastLine;
      }
      expect(rebuilt).toBe(text);
    });
  });

  it('cuts a line longer than the budget on a character boundary and says so', async () => {
    const long = '😀'.repeat(100); // 400 bytes
    const page = await lines(`${long}\nnext\n`, { maxBytes: 101 });
    expect(page.lineCut).toBe(true);
    expect(page.content).toBe('😀'.repeat(25));
    expect(page).toMatchObject({ firstLine: 1, lastLine: 1, linesAfter: true });
    const rest = await lines(`${long}\nnext\n`, { offset: 1, maxBytes: 101 });
    expect(rest.content).toBe('next\n');
  });

  it('does not count lines of files larger than the counting limit', async () => {
    await withFile('a\nb\nc\n', async (handle, size) => {
      const page = await readLines(handle, size, { offset: 0, limit: 1, maxBytes: 100, countLinesUpTo: 2 });
      expect(page.totalLines).toBeUndefined();
      expect(page.linesAfter).toBe(true);
    });
  });
});

describe('cancellation', () => {
  it('stops scanning a large file when the signal is aborted', async () => {
    const text = `${'x'.repeat(100)}\n`.repeat(5000);
    const signal = AbortSignal.abort();
    const options = { ...LARGE, signal };
    await withFile(text, async (handle, size) => {
      await expect(readLines(handle, size, { offset: 4000, limit: 1, ...options })).rejects.toThrow(/abort/i);
      await expect(readTail(handle, size, { count: 1, ...options })).rejects.toThrow(/abort/i);
    });
  });
});

describe('readTail', () => {
  it('returns the last lines, with or without a final newline', async () => {
    expect(await tail('a\nb\nc\n', 2)).toMatchObject({
      content: 'b\nc\n',
      firstLine: 2,
      lastLine: 3,
      totalLines: 3,
      linesBefore: true
    });
    expect(await tail('a\nb\nc', 2)).toMatchObject({ content: 'b\nc', firstLine: 2, lastLine: 3 });
    expect(await tail('a\nb\nc', 10)).toMatchObject({ content: 'a\nb\nc', firstLine: 1, linesBefore: false });
    expect(await tail('\n\n', 1)).toMatchObject({ content: '\n', lineCount: 1, totalLines: 2 });
    expect(await tail('', 3)).toMatchObject({ content: '', lineCount: 0 });
  });

  it('matches the end of the file across chunk boundaries with multi-byte text', async () => {
    const text = `${sampleText(5000, 11)}\n`;
    const all = text.split('\n').slice(0, -1);
    for (const count of [1, 7, 2500, 4999]) {
      const page = await tail(text, count, 10_000_000);
      expect(page.content).toBe(`${all.slice(-count).join('\n')}\n`);
      expect(page.firstLine).toBe(all.length - count + 1);
    }
  });

  it('returns fewer lines when they do not fit the budget, and cuts a last line that alone does not', async () => {
    const page = await tail('aaaa\nbbbb\ncccc\n', 3, 11);
    expect(page).toMatchObject({ content: 'bbbb\ncccc\n', lineCount: 2, linesBefore: true });
    const cut = await tail(`x\n${'é'.repeat(50)}`, 1, 11);
    expect(cut).toMatchObject({ content: 'é'.repeat(5), lineCut: true });
  });
});

describe('looksBinary', () => {
  it('flags a NUL in the first 8000 bytes only', () => {
    expect(looksBinary(Buffer.from('plain text é'))).toBe(false);
    expect(looksBinary(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]))).toBe(true);
    expect(looksBinary(Buffer.concat([Buffer.alloc(8000, 0x61), Buffer.from([0])]))).toBe(false);
  });
});
