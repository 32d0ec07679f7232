import { formatCount, ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { isBinaryFile, readLines, readTail, type LinePage } from '../fs/text.js';
import { currentGuard, contentBudget, PATH_HELP, pathArgument, fsOf } from './context.js';

const lines = (description: string) => z.number().int().min(1).max(1_000_000).optional().describe(description);

export const readTextFile = defineTool({
  name: 'read_text_file',
  title: 'Read text file',
  description:
    'Use to read a text file, whole or a range of lines (offset/limit, head, tail); long files come back in pages that say how to continue. Binary files are refused.',
  seeAlso: {
    read_media_file: 'for images and audio',
    read_multiple_files: 'for several small files at once',
    search_file_contents: 'to find where something is before reading around it'
  },
  input: z.object({
    path: pathArgument(`File to read. ${PATH_HELP}`),
    offset: z
      .number()
      .int()
      .min(0)
      .max(1_000_000_000)
      .optional()
      .describe(
        'Lines to skip from the start (so 0 starts at line 1). Pass the nextOffset of a previous page to continue.'
      ),
    limit: lines('Most lines to return (default: as many as fit in one result).'),
    head: lines('Return only the first N lines (same as offset 0 with limit N).'),
    tail: lines('Return only the last N lines.')
  }),
  output: z.object({
    path: z.string(),
    content: z.string().describe('The lines exactly as stored, line endings included.'),
    firstLine: z
      .number()
      .int()
      .describe('1-based number of the first line returned; 0 when none (or unknown for a tail of a very large file).'),
    lastLine: z.number().int(),
    lineCount: z.number().int(),
    total: z.number().int().optional().describe('Lines in the whole file, when it is small enough to count.'),
    size: z.number().int().describe('File size in bytes.'),
    truncated: z.boolean().describe('True when the file has lines outside this page.'),
    nextOffset: z.number().int().optional().describe('Pass as offset to read the lines after this page.')
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const { scope, config, resultBytes } = fsOf(call);
    const { path, offset, limit, head, tail } = call.args;
    const ctx = call;
    if (tail !== undefined && (head !== undefined || offset !== undefined || limit !== undefined)) {
      throw new ToolError('tail cannot be combined with head, offset or limit.', {
        hint: 'Pass tail alone for the end of the file, or offset/limit for a range.',
        argument: 'tail'
      });
    }
    if (head !== undefined && (offset !== undefined || limit !== undefined)) {
      throw new ToolError('head cannot be combined with offset or limit.', {
        hint: 'head N is offset 0 with limit N; pass one form only.',
        argument: 'head'
      });
    }
    const guard = await currentGuard(scope, ctx.request);
    const { handle, realPath } = await guard.openForRead(path);
    try {
      const size = (await handle.stat()).size;
      if (await isBinaryFile(handle)) {
        throw new ToolError(`path ${JSON.stringify(path)} is a binary file (it contains NUL bytes), not text.`, {
          hint: 'Use read_media_file for images and audio, or get_file_info for its size and type.',
          argument: 'path'
        });
      }
      const options = {
        maxBytes: contentBudget(resultBytes),
        countLinesUpTo: config.maxFileBytes,
        signal: ctx.signal
      };
      const page =
        tail !== undefined
          ? await readTail(handle, size, { count: tail, ...options })
          : await readLines(handle, size, {
              offset: offset ?? 0,
              limit: head ?? limit ?? Number.MAX_SAFE_INTEGER,
              ...options
            });
      const nextOffset = page.linesAfter ? page.lastLine : undefined;
      const notice = describePage(page, offset ?? 0, tail !== undefined, options.maxBytes);
      return {
        structured: {
          path: guard.toDisplayPath(realPath),
          content: page.content,
          firstLine: page.firstLine,
          lastLine: page.lastLine,
          lineCount: page.lineCount,
          ...(page.totalLines === undefined ? {} : { total: page.totalLines }),
          size,
          truncated: page.linesBefore || page.linesAfter || page.lineCut,
          ...(nextOffset === undefined ? {} : { nextOffset })
        },
        text: notice
          ? `${page.content}${page.content === '' ? '' : page.content.endsWith('\n') ? '\n' : '\n\n'}[${notice}]`
          : page.content
      };
    } finally {
      await handle.close();
    }
  }
});

/** The bracketed notice after the content, or undefined when the whole file was returned. */
function describePage(page: LinePage, offset: number, isTail: boolean, maxBytes: number): string | undefined {
  const total = page.totalLines === undefined ? '' : ` of ${formatCount(page.totalLines)}`;
  if (page.lineCount === 0) {
    if (page.totalLines === 0) return 'empty file';
    return page.linesBefore
      ? `offset ${formatCount(offset)} is past the end: the file has ${formatCount(page.totalLines ?? 0)} lines`
      : undefined;
  }
  const range =
    page.firstLine > 0
      ? `lines ${formatCount(page.firstLine)}-${formatCount(page.lastLine)}${total}`
      : `the last ${formatCount(page.lineCount)} lines`;
  if (page.lineCut) {
    return `line ${page.firstLine > 0 ? formatCount(page.firstLine) : '(last)'} is longer than ${formatCount(maxBytes)} bytes; only its start is shown. Use search_file_contents to find text in it${page.linesAfter ? `, or pass offset=${page.lastLine} for the lines after it` : ''}`;
  }
  if (page.linesAfter) return `${range}; pass offset=${page.lastLine} for more`;
  if (page.linesBefore) {
    return isTail ? `${range}; read earlier lines with offset and limit` : `${range}; the file ends here`;
  }
  return undefined;
}
