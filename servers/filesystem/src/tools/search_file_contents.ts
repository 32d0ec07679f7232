import { formatCount, pageInput, pageOutput, ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { compileQuery } from '../scan/grep.js';
import type { GrepResult } from '../scan/types.js';
import { contentBudget, fitting, globList, joinDisplay, PATH_HELP, pathArgument, fsOf } from './context.js';
import { scanFrom, walkArguments, walkNotes, walkStats, walkStatsSchema } from './scanning.js';

export const searchFileContents = defineTool({
  name: 'search_file_contents',
  title: 'Search file contents',
  description:
    'Use to find which files contain some text, and on which lines: searches every text file below a directory (or one file) for a literal string or, with regex: true, a JavaScript regular expression; binary and oversized files are skipped and reported. Returns matching lines with line numbers and optional context, paged.',
  seeAlso: {
    search_files: 'to find files by name',
    read_text_file: 'with offset to read around a match'
  },
  input: z.object({
    path: pathArgument(`Directory to search below, or a single file. ${PATH_HELP}`),
    pattern: z
      .string()
      .min(1, 'must not be empty')
      .max(1000, 'must be at most 1000 characters')
      .describe('Text to find: literal unless regex is true.'),
    regex: z
      .boolean()
      .default(false)
      .describe('Treat pattern as a JavaScript regular expression (^ and $ match at line ends).'),
    ignoreCase: z.boolean().default(false).describe('Match case-insensitively.'),
    include: globList(
      'Only search files matching one of these globs, e.g. "*.ts" (a name at any depth) or "src/**/*.md" (a path relative to path).'
    ),
    exclude: walkArguments.exclude,
    respectGitignore: walkArguments.respectGitignore,
    maxDepth: walkArguments.maxDepth.default(100),
    contextLines: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(0)
      .describe('Lines of context to show before and after each matching line.'),
    ...pageInput({ defaultLimit: 100, maxLimit: 1000 })
  }),
  output: z.object({
    path: z.string(),
    files: z
      .array(
        z.object({
          path: z.string(),
          matches: z.array(
            z.object({
              line: z.number().int().describe('1-based line number.'),
              column: z.number().int().describe('1-based column where the match starts.'),
              text: z.string().describe('The matching line (clipped around the match when very long).'),
              before: z.array(z.string()).optional().describe('Context lines before, when contextLines > 0.'),
              after: z.array(z.string()).optional().describe('Context lines after, when contextLines > 0.')
            })
          )
        })
      )
      .describe('Matching lines grouped by file, in the order found; offset and limit count lines.'),
    ...pageOutput,
    filesSearched: z.number().int(),
    filesMatched: z.number().int(),
    skipped: z.object({
      binary: z.number().int(),
      tooLarge: z.number().int().describe("Files over the server's --max-file-bytes."),
      unreadable: z.number().int()
    }),
    stats: walkStatsSchema
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const fs = fsOf(call);
    const args = call.args;
    const ctx = call;
    try {
      compileQuery(args);
    } catch (error) {
      throw new ToolError(`pattern is not a valid regular expression: ${(error as Error).message}.`, {
        hint: 'Fix the expression, escape special characters with a backslash, or set regex: false to search for the text literally.',
        argument: 'pattern'
      });
    }
    const { path, ...search } = args;
    const job = {
      kind: 'grep',
      ...search,
      maxEntries: fs.config.maxScanEntries,
      maxFileBytes: fs.config.maxFileBytes
    } as const;
    const { result, start } = await scanFrom<GrepResult>(fs, path, job, ctx, { allowFile: true });
    const found = result.matches.map((match) => ({ ...match, path: joinDisplay(start, match.path) }));
    // One block of lines per match, headed by its file's path where the file changes.
    const blocks: string[] = [];
    let lastPath: string | undefined;
    for (const match of found) {
      const lines: string[] = [];
      if (match.path !== lastPath) {
        if (lastPath !== undefined && args.contextLines > 0) lines.push('');
        lines.push(match.path);
        lastPath = match.path;
      }
      match.before.forEach((text, i) => lines.push(`  ${match.line - match.before.length + i}-  ${text}`));
      lines.push(`  ${match.line}:${match.column}: ${match.text}`);
      match.after.forEach((text, i) => lines.push(`  ${match.line + 1 + i}-  ${text}`));
      blocks.push(lines.join('\n'));
    }
    const shown = fitting(blocks, contentBudget(fs.resultBytes));
    const matches = found.slice(0, shown);
    const more = result.more || shown < found.length;
    const nextOffset = more ? args.offset + shown : undefined;
    const files: Array<{
      path: string;
      matches: Array<{ line: number; column: number; text: string; before?: string[]; after?: string[] }>;
    }> = [];
    for (const { path: file, before, after, ...hit } of matches) {
      if (files.at(-1)?.path !== file) files.push({ path: file, matches: [] });
      files.at(-1)!.matches.push({
        ...hit,
        ...(before.length ? { before } : {}),
        ...(after.length ? { after } : {})
      });
    }
    const skipped = Object.entries(result.skipped)
      .filter(([, count]) => count > 0)
      .map(([why, count]) => `${formatCount(count)} ${why === 'tooLarge' ? 'too large' : why}`);
    const notes = [
      matches.length === 0 && !more
        ? `no match for ${JSON.stringify(args.pattern)} in ${formatCount(result.filesSearched)} files searched`
        : `${formatCount(matches.length)} matching lines in ${formatCount(new Set(matches.map((m) => m.path)).size)} files (${formatCount(result.filesSearched)} searched)`,
      ...(nextOffset === undefined
        ? []
        : [`more matches exist: pass offset=${nextOffset}, or narrow with include/exclude or a more specific pattern`]),
      ...(skipped.length > 0 ? [`skipped files: ${skipped.join(', ')}`] : []),
      ...walkNotes(result.stats, fs.config)
    ];
    return {
      structured: {
        path: start,
        files,
        ...(nextOffset === undefined ? {} : { nextOffset }),
        filesSearched: result.filesSearched,
        filesMatched: result.filesMatched,
        skipped: result.skipped,
        stats: walkStats(result.stats)
      },
      text: [...blocks.slice(0, shown), ...notes.map((note) => `[${note}]`)].join('\n')
    };
  }
});
