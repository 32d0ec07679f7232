import { formatCount, pageInput, pageOf, pageOutput } from '@mcp-catalog/shared';
import { MARKED_PATH_HELP, TYPE_MARK } from '../fs/entry-type.js';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import type { FindResult } from '../scan/types.js';
import { contentBudget, fitting, joinDisplay, pageRange, PATH_HELP, pathArgument, fsOf } from './context.js';
import { scanFrom, walkArguments, walkNotes, walkStats, walkStatsSchema } from './scanning.js';

export const searchFiles = defineTool({
  name: 'search_files',
  title: 'Search files by name',
  description:
    'Use to find files or directories by name anywhere below a directory, with a glob: "*.ts" or "README*" match names at any depth, "src/**/*.test.ts" matches paths relative to path. Returns full paths, counted and paged.',
  seeAlso: {
    search_file_contents: 'to find text inside files'
  },
  input: z.object({
    path: pathArgument(`Directory to search below. ${PATH_HELP}`),
    pattern: z
      .string()
      .min(1, 'must not be empty')
      .max(500, 'must be at most 500 characters')
      .describe('Glob to match: names without "/", relative paths with it. Supports *, **, ?, [abc] and {a,b}.'),
    type: z.enum(['any', 'file', 'directory']).default('any').describe('Only files, only directories, or both.'),
    ignoreCase: z.boolean().default(false).describe('Match the pattern case-insensitively.'),
    exclude: walkArguments.exclude,
    respectGitignore: walkArguments.respectGitignore,
    maxDepth: walkArguments.maxDepth.default(100),
    ...pageInput({ defaultLimit: 200, maxLimit: 10_000 })
  }),
  output: z.object({
    path: z.string(),
    matches: z.array(z.string()).describe(`Full paths of the matching entries. ${MARKED_PATH_HELP}`),
    ...pageOutput,
    stats: walkStatsSchema
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const fs = fsOf(call);
    const { path, pattern, type, ignoreCase, exclude, respectGitignore, maxDepth, offset, limit } = call.args;
    const ctx = call;
    const job = {
      kind: 'find',
      pattern,
      type,
      ignoreCase,
      exclude,
      respectGitignore,
      maxDepth,
      maxEntries: fs.config.maxScanEntries,
      offset,
      limit
    } as const;
    const { result, start } = await scanFrom<FindResult>(fs, path, job, ctx, { allowFile: false });
    const lines = result.matches.map((match) => joinDisplay(start, match.path) + TYPE_MARK[match.type]);
    const shown = fitting(lines, contentBudget(fs.resultBytes));
    const matches = lines.slice(0, shown);
    const page = pageOf({ offset, limit }, shown, result.total);
    const nextOffset = page.nextOffset;
    const notes = [
      result.total === 0
        ? `no entry below ${start} matches ${JSON.stringify(pattern)}`
        : `${formatCount(result.total)} ${result.total === 1 ? 'match' : 'matches'}${pageRange(offset, shown, result.total)}`,
      ...(nextOffset === undefined ? [] : [`pass offset=${nextOffset} for more, or use a narrower pattern`]),
      ...walkNotes(result.stats, fs.config)
    ];
    return {
      structured: {
        path: start,
        matches,
        ...page,
        stats: walkStats(result.stats)
      },
      text: [...matches, ...notes.map((note) => `[${note}]`)].join('\n')
    };
  }
});
