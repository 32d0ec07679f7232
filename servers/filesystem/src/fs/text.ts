import type { FileHandle } from 'node:fs/promises';
import { utf8SliceEnd } from '@mcp-catalog/shared';
import { looksBinary, SNIFF_BYTES } from './binary.js';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/** Whether the open file is binary, judged by its first bytes. */
export async function isBinaryFile(handle: FileHandle): Promise<boolean> {
  const head = Buffer.allocUnsafe(SNIFF_BYTES);
  const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
  return looksBinary(head.subarray(0, bytesRead));
}

/** A run of whole lines of a text file, decoded from exactly the bytes they occupy. */
export interface LinePage {
  /** The lines, byte for byte, including their line endings (so CRLF and a missing final newline survive). */
  content: string;
  /** 1-based number of the first line returned, 0 when none was (or when unknown for a tail). */
  firstLine: number;
  /** 1-based number of the last line returned, 0 when none was (or when unknown for a tail). */
  lastLine: number;
  lineCount: number;
  /** Lines in the whole file, when it was small enough to count. */
  totalLines?: number;
  linesBefore: boolean;
  linesAfter: boolean;
  /** The one line returned was longer than the byte budget, so only its start is in `content`. */
  lineCut: boolean;
}

export interface PageOptions {
  /** Most bytes of content returned. */
  maxBytes: number;
  /** Count every line of files up to this size, so the page can say "of N lines". */
  countLinesUpTo: number;
  /** Checked before each chunk of a scan through the file, which can be long in a huge one. */
  signal?: AbortSignal;
}

/** Lines `offset+1 ...` (at most `limit`) of the file, within `maxBytes`. Reads no further than needed. */
export async function readLines(
  handle: FileHandle,
  size: number,
  { offset, limit, ...options }: PageOptions & { offset: number; limit: number }
): Promise<LinePage> {
  const newlines = newlineScanner(handle, 0, size, options.signal);
  // Byte where line `offset` starts: just after the offset-th newline.
  let start = 0;
  let seen = 0;
  while (seen < offset) {
    const at = await newlines.next();
    if (at === undefined) break;
    start = at + 1;
    seen++;
  }
  if (seen < offset || start >= size) {
    // Past the last line: nothing to return, but say how many lines there are.
    const totalLines = seen + (start < size ? 1 : 0);
    return {
      content: '',
      firstLine: 0,
      lastLine: 0,
      lineCount: 0,
      totalLines,
      linesBefore: totalLines > 0,
      linesAfter: false,
      lineCut: false
    };
  }

  let end = start;
  let lines = 0;
  let lineCut = false;
  while (lines < limit && end < size) {
    const at = await newlines.next();
    const lineEnd = at === undefined ? size : at + 1;
    if (lineEnd - start > options.maxBytes) {
      if (lines === 0) {
        // One line alone is over the budget: return its start, cut.
        lineCut = true;
        end = start + options.maxBytes;
        lines = 1;
      }
      break;
    }
    end = lineEnd;
    lines++;
    if (at === undefined) break;
  }
  const content = await decodeRange(handle, start, end, lineCut);
  const totalLines = size <= options.countLinesUpTo ? await countAllLines(handle, size, options.signal) : undefined;
  return {
    content,
    firstLine: offset + 1,
    lastLine: offset + lines,
    lineCount: lines,
    ...(totalLines === undefined ? {} : { totalLines }),
    linesBefore: offset > 0,
    linesAfter: end < size,
    lineCut
  };
}

/** The last `count` lines of the file, within `maxBytes` (fewer lines if they do not fit). */
export async function readTail(
  handle: FileHandle,
  size: number,
  { count, ...options }: PageOptions & { count: number }
): Promise<LinePage> {
  // A final newline ends the last line rather than starting an empty one.
  const endsWithNewline = size > 0 && (await byteAt(handle, size - 1)) === NEWLINE;
  const scanEnd = endsWithNewline ? size - 1 : size;
  let start = 0;
  let lines = 0;
  let lineCut = false;
  const buffer = Buffer.allocUnsafe(CHUNK);
  let position = scanEnd;
  // Walk backwards over newlines; each one found closes off one more line at the end.
  search: while (position > 0 && lines < count) {
    const from = Math.max(0, position - CHUNK);
    const { bytesRead } = await handle.read(buffer, 0, position - from, from);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (buffer[i] !== NEWLINE) continue;
      const lineStart = from + i + 1;
      if (size - lineStart > options.maxBytes) break search;
      start = lineStart;
      if (++lines === count) break search;
    }
    position = from;
    if (position === 0) {
      if (size > options.maxBytes) break;
      start = 0;
      lines++;
    }
  }
  let end = size;
  if (lines === 0 && size > 0) {
    // The last line alone is over the budget: show its start, cut.
    lineCut = true;
    lines = 1;
    start = await lastLineStart(handle, scanEnd, options.signal);
    end = Math.min(size, start + options.maxBytes);
  }
  const content = await decodeRange(handle, start, end, lineCut);
  const totalLines = size <= options.countLinesUpTo ? await countAllLines(handle, size, options.signal) : undefined;
  const firstLine = totalLines === undefined || lines === 0 ? 0 : totalLines - lines + 1;
  return {
    content,
    firstLine,
    lastLine: totalLines === undefined || lines === 0 ? 0 : totalLines,
    lineCount: lines,
    ...(totalLines === undefined ? {} : { totalLines }),
    linesBefore: start > 0,
    linesAfter: false,
    lineCut
  };
}

/** Yields the positions of newline bytes from `from` on, reading in chunks. */
function newlineScanner(
  handle: FileHandle,
  from: number,
  size: number,
  signal?: AbortSignal
): { next(): Promise<number | undefined> } {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let chunkStart = from;
  let length = 0;
  let index = 0;
  return {
    async next() {
      for (;;) {
        const found = buffer.subarray(0, length).indexOf(NEWLINE, index);
        if (found >= 0) {
          index = found + 1;
          return chunkStart + found;
        }
        chunkStart += length;
        if (chunkStart >= size) return undefined;
        signal?.throwIfAborted();
        ({ bytesRead: length } = await handle.read(buffer, 0, Math.min(CHUNK, size - chunkStart), chunkStart));
        index = 0;
        if (length === 0) return undefined;
      }
    }
  };
}

/** Lines in the file: its newlines, plus one for a last line without a final newline. */
async function countAllLines(handle: FileHandle, size: number, signal?: AbortSignal): Promise<number> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let lines = 0;
  let lastByte = NEWLINE;
  for (let position = 0; position < size;) {
    signal?.throwIfAborted();
    const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, size - position), position);
    if (bytesRead === 0) break;
    const chunk = buffer.subarray(0, bytesRead);
    for (let at = chunk.indexOf(NEWLINE); at >= 0; at = chunk.indexOf(NEWLINE, at + 1)) lines++;
    lastByte = chunk[bytesRead - 1] ?? NEWLINE;
    position += bytesRead;
  }
  return lines + (lastByte === NEWLINE ? 0 : 1);
}

async function decodeRange(handle: FileHandle, start: number, end: number, cut: boolean): Promise<string> {
  // For a cut inside a line, read a few bytes past it to see whether it splits a UTF-8 sequence.
  const length = end - start;
  const bytes = Buffer.allocUnsafe(cut ? length + 4 : length);
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
  const usable = cut ? utf8SliceEnd(bytes.subarray(0, bytesRead), length) : bytesRead;
  return bytes.toString('utf8', 0, usable);
}

async function byteAt(handle: FileHandle, position: number): Promise<number | undefined> {
  const one = Buffer.alloc(1);
  const { bytesRead } = await handle.read(one, 0, 1, position);
  return bytesRead === 1 ? one[0] : undefined;
}

async function lastLineStart(handle: FileHandle, scanEnd: number, signal?: AbortSignal): Promise<number> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let position = scanEnd;
  while (position > 0) {
    signal?.throwIfAborted();
    const from = Math.max(0, position - CHUNK);
    const { bytesRead } = await handle.read(buffer, 0, position - from, from);
    const found = buffer.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (found >= 0) return from + found + 1;
    position = from;
  }
  return 0;
}
