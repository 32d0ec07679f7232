import { defineTool, formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { TreeResult } from '../scan/types.js';
import { contentBudget, fitting, pageRange, PATH_HELP, pathArgument, type FsContext } from './context.js';
import { scanFrom, walkArguments, walkNotes, walkStats, walkStatsSchema } from './scanning.js';

export const directoryTree = (fs: FsContext) =>
  defineTool({
    name: 'directory_tree',
    title: 'Directory tree',
    description:
      'Use to see the layout of a directory several levels deep, as an indented tree (directories end in "/"); bounded by maxDepth, exclude globs and a page size, with totals. ' +
      'Use list_directory for one level with sizes, and search_files to find entries by name.',
    input: z.object({
      path: pathArgument(`Directory to show. ${PATH_HELP}`),
      maxDepth: walkArguments.maxDepth.default(5),
      exclude: walkArguments.exclude,
      respectGitignore: z
        .boolean()
        .default(false)
        .describe('Skip what .gitignore files (at and below path) ignore, and .git directories.'),
      offset: z.number().int().min(0).max(100_000_000).default(0).describe('Entries to skip, for the next page.'),
      limit: z.number().int().min(1).max(10_000).default(1000).describe('Most entries to return.')
    }),
    output: z.object({
      path: z.string(),
      entries: z.array(
        z.object({
          path: z.string().describe('Relative to path.'),
          type: z.enum(['file', 'directory', 'symlink', 'other']),
          depth: z.number().int()
        })
      ),
      total: z.number().int().describe('Entries in the tree within maxDepth (partial if the walk stopped early).'),
      depthLimited: z.boolean().describe('Some directories at maxDepth were not expanded.'),
      nextOffset: z.number().int().optional(),
      stats: walkStatsSchema
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async handler({ path, maxDepth, exclude, respectGitignore, offset, limit }, ctx) {
      const job = {
        kind: 'tree',
        maxDepth,
        exclude,
        respectGitignore,
        maxEntries: fs.config.maxScanEntries,
        offset,
        limit
      } as const;
      const { result, start } = await scanFrom<TreeResult>(fs, path, job, ctx, { allowFile: false });
      const lines = result.entries.map((entry) => {
        const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
        return `  ${'  '.repeat(entry.depth - 1)}${name}${entry.type === 'directory' ? '/' : entry.type === 'symlink' ? ' ->' : ''}`;
      });
      const shown = fitting(lines, contentBudget(fs.resultBytes) - Buffer.byteLength(start));
      const entries = result.entries.slice(0, shown);
      const nextOffset = offset + shown < result.total ? offset + shown : undefined;
      const notes = [
        `${formatCount(result.total)} entries below ${start}${pageRange(offset, shown, result.total)}`,
        ...(nextOffset === undefined ? [] : [`pass offset=${nextOffset} for more, or narrow with maxDepth/exclude`]),
        ...(result.stats.depthLimited
          ? [`directories at depth ${maxDepth} are not expanded; raise maxDepth or call directory_tree on one of them`]
          : []),
        ...walkNotes(result.stats, fs.config)
      ];
      return {
        structured: {
          path: start,
          entries,
          total: result.total,
          depthLimited: result.stats.depthLimited,
          ...(nextOffset === undefined ? {} : { nextOffset }),
          stats: walkStats(result.stats)
        },
        text: [`${start}/`, ...lines.slice(0, shown), '', ...notes.map((note) => `[${note}]`)].join('\n')
      };
    }
  });
