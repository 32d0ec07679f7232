import type { LineHit } from './types.js';

/** Longest line text returned; longer lines show a window around the match. */
export const MAX_LINE_CHARS = 240;
const LEAD_CHARS = 60;

export interface TextQuery {
  pattern: string;
  regex: boolean;
  ignoreCase: boolean;
}

export interface CompiledQuery {
  regex: RegExp;
  /** For a case-sensitive literal: its bytes, to skip files without decoding them. */
  needle?: Buffer;
}

/**
 * Compile a query into a global, multiline regex (`^`/`$` match at line boundaries). A literal is
 * escaped, so it can never backtrack.
 * @throws SyntaxError for an invalid regular expression.
 */
export function compileQuery({ pattern, regex, ignoreCase }: TextQuery): CompiledQuery {
  const source = regex ? pattern : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const compiled = new RegExp(source, `gm${ignoreCase ? 'i' : ''}`);
  return !regex && !ignoreCase ? { regex: compiled, needle: Buffer.from(pattern, 'utf8') } : { regex: compiled };
}

/**
 * The lines of `text` where `regex` matches, first match per line (as grep reports lines), at
 * most `limit`, each with `contextLines` lines before and after. Long lines are clipped to a
 * window around the match.
 */
export function searchText(
  text: string,
  regex: RegExp,
  { contextLines, limit }: { contextLines: number; limit: number }
): LineHit[] {
  const hits: LineHit[] = [];
  let line = 1;
  let counted = 0;
  regex.lastIndex = 0;
  while (hits.length < limit) {
    const match = regex.exec(text);
    if (match === null) break;
    const at = match.index;
    line += countNewlines(text, counted, at);
    counted = at;
    const start = at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    hits.push({
      line,
      column: at - start + 1,
      text: clip(text, start, end, at),
      before: linesBefore(text, start, contextLines),
      after: linesAfter(text, end, contextLines)
    });
    if (newline < 0) break;
    // One hit per line; this also steps past empty matches.
    regex.lastIndex = newline + 1;
  }
  return hits;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** The line `[start, end)` without its `\r`, clipped to a window that shows `focus`. */
function clip(text: string, start: number, end: number, focus = start): string {
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  if (end - start <= MAX_LINE_CHARS) return text.slice(start, end);
  const from = Math.max(start, Math.min(focus - LEAD_CHARS, end - MAX_LINE_CHARS));
  const to = Math.min(end, from + MAX_LINE_CHARS);
  return `${from > start ? '…' : ''}${text.slice(from, to)}${to < end ? '…' : ''}`;
}

function linesBefore(text: string, lineStart: number, count: number): string[] {
  const lines: string[] = [];
  let end = lineStart - 1;
  while (lines.length < count && end >= 0) {
    const start = end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
    lines.unshift(clip(text, start, end));
    end = start - 1;
  }
  return lines;
}

function linesAfter(text: string, lineEnd: number, count: number): string[] {
  const lines: string[] = [];
  let start = lineEnd + 1;
  while (lines.length < count && start <= text.length && lineEnd < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (newline < 0 && start === text.length) break;
    lines.push(clip(text, start, end));
    if (newline < 0) break;
    start = end + 1;
  }
  return lines;
}
