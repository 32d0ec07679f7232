import { formatCount, pageInput, pageOf, pageOutput } from '@mcp-catalog/shared';
import { MARKED_PATH_HELP, TYPE_MARK } from '../fs/entry-type.js';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import type { TreeResult } from '../scan/types.js';
import { contentBudget, fitting, pageRange, PATH_HELP, pathArgument, fsOf } from './context.js';
import { scanFrom, walkArguments, walkNotes, walkStats, walkStatsSchema } from './scanning.js';

export const directoryTree = defineTool({
  name: 'directory_tree',
  title: 'Directory tree',
  description:
    'Use to see the layout of a directory several levels deep, as an indented tree (directories end in "/"); bounded by maxDepth, exclude globs and a page size, with totals.',
  seeAlso: {
    list_directory: 'for one level with sizes',
    search_files: 'to find entries by name'
  },
  input: z.object({
    path: pathArgument(`Directory to show. ${PATH_HELP}`),
    maxDepth: walkArguments.maxDepth.default(5),
    exclude: walkArguments.exclude,
    respectGitignore: walkArguments.respectGitignore,
    ...pageInput({ defaultLimit: 1000, maxLimit: 10_000 })
  }),
  output: z.object({
    path: z.string(),
    entries: z.array(z.string()).describe(`Paths relative to path, parents before their children. ${MARKED_PATH_HELP}`),
    ...pageOutput,
    depthLimited: z.boolean().describe('Some directories at maxDepth were not expanded.'),
    stats: walkStatsSchema
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const fs = fsOf(call);
    const { path, maxDepth, exclude, respectGitignore, offset, limit } = call.args;
    const ctx = call;
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
      return `  ${'  '.repeat(entry.depth - 1)}${name}${TYPE_MARK[entry.type]}`;
    });
    const shown = fitting(lines, contentBudget(fs.resultBytes) - Buffer.byteLength(start));
    const entries = result.entries.slice(0, shown).map((entry) => entry.path + TYPE_MARK[entry.type]);
    const page = pageOf({ offset, limit }, shown, result.total);
    const nextOffset = page.nextOffset;
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
        ...page,
        depthLimited: result.stats.depthLimited,
        stats: walkStats(result.stats)
      },
      text: [`${start}/`, ...lines.slice(0, shown), '', ...notes.map((note) => `[${note}]`)].join('\n')
    };
  }
});
