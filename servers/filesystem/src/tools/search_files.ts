import { defineTool, formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { FindResult } from '../scan/types.js';
import { contentBudget, fitting, joinDisplay, pageRange, PATH_HELP, pathArgument, type FsContext } from './context.js';
import { scanFrom, walkArguments, walkNotes, walkStats, walkStatsSchema } from './scanning.js';

export const searchFiles = (fs: FsContext) =>
  defineTool({
    name: 'search_files',
    title: 'Search files by name',
    description:
      'Use to find files or directories by name anywhere below a directory, with a glob: "*.ts" or "README*" match names at any depth, ' +
      '"src/**/*.test.ts" matches paths relative to path. Returns full paths, counted and paged. ' +
      'To find text inside files use search_file_contents.',
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
      respectGitignore: z
        .boolean()
        .default(false)
        .describe('Skip what .gitignore files (at and below path) ignore, and .git directories.'),
      maxDepth: walkArguments.maxDepth.default(100),
      offset: z.number().int().min(0).max(100_000_000).default(0).describe('Matches to skip, for the next page.'),
      limit: z.number().int().min(1).max(10_000).default(200).describe('Most matches to return.')
    }),
    output: z.object({
      path: z.string(),
      matches: z.array(z.object({ path: z.string(), type: z.enum(['file', 'directory', 'symlink', 'other']) })),
      total: z.number().int().describe('Matches found (partial if the walk stopped early).'),
      nextOffset: z.number().int().optional(),
      stats: walkStatsSchema
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async handler({ path, pattern, type, ignoreCase, exclude, respectGitignore, maxDepth, offset, limit }, ctx) {
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
      const found = result.matches.map((match) => ({ path: joinDisplay(start, match.path), type: match.type }));
      const lines = found.map((match) => (match.type === 'directory' ? `${match.path}/` : match.path));
      const shown = fitting(lines, contentBudget(fs.resultBytes));
      const matches = found.slice(0, shown);
      const nextOffset = offset + shown < result.total ? offset + shown : undefined;
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
          total: result.total,
          ...(nextOffset === undefined ? {} : { nextOffset }),
          stats: walkStats(result.stats)
        },
        text: [...lines.slice(0, shown), ...notes.map((note) => `[${note}]`)].join('\n')
      };
    }
  });
