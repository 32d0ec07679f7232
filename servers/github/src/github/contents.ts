/** File contents as GitHub's contents API returns them, decoded and cut to a line range and byte cap. */

export interface FileSlice {
  text: string;
  startLine: number;
  endLine: number;
  totalLines: number;
  /** Bytes of the whole file. */
  size: number;
  /** First line not shown, when the cap or the range stopped early. */
  nextLine?: number;
  truncatedBy?: 'bytes' | 'range';
}

/** Decodes the base64 `content` of a contents-API file. */
export function decodeContent(content: string, encoding: string): Buffer | undefined {
  if (encoding !== 'base64') return undefined;
  return Buffer.from(content.replace(/\n/g, ''), 'base64');
}

/** Binary when it has a NUL in the first 8 KB or is not valid UTF-8 (git's own heuristic, plus UTF-8). */
export function isBinary(data: Buffer): boolean {
  if (data.subarray(0, 8192).includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return false;
  } catch {
    return true;
  }
}

/** Lines `startLine`..`endLine` (1-based, inclusive), stopping before `maxBytes`. */
export function sliceLines(
  data: Buffer,
  options: { startLine: number; endLine?: number; maxBytes: number }
): FileSlice {
  const text = data.toString('utf8');
  const lines = text.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const totalLines = text === '' ? 0 : lines.length;
  const start = Math.max(1, options.startLine);
  const end = Math.min(totalLines, options.endLine ?? totalLines);
  const kept: string[] = [];
  let bytes = 0;
  let line = start;
  for (; line <= end; line++) {
    const l = lines[line - 1]!;
    const cost = Buffer.byteLength(l) + 1;
    if (bytes + cost > options.maxBytes) {
      if (kept.length === 0) {
        // One line longer than the cap (minified code): show its start.
        kept.push(
          Buffer.from(l)
            .subarray(0, options.maxBytes)
            .toString('utf8')
            .replace(/\uFFFD$/, '')
        );
        line++;
      }
      break;
    }
    kept.push(l);
    bytes += cost;
  }
  const shownEnd = start + kept.length - 1;
  const nextLine = line <= totalLines ? line : undefined;
  return {
    text: kept.join('\n'),
    startLine: start,
    endLine: Math.max(shownEnd, start - 1),
    totalLines,
    size: data.length,
    ...(nextLine !== undefined && line <= end ? { nextLine, truncatedBy: 'bytes' as const } : {}),
    ...(nextLine !== undefined && line > end ? { nextLine, truncatedBy: 'range' as const } : {})
  };
}
