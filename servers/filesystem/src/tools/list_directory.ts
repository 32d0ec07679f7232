import { formatBytes, formatCount, pageInput, pageOf, pageOutput } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { listDirectory as readDirectory, type DirectoryEntry } from '../fs/list.js';
import { currentGuard, pageRange, PATH_HELP, pathArgument, fsOf } from './context.js';

const MARK = { file: '[FILE]', directory: '[DIR] ', symlink: '[LINK]', other: '[OTHER]' } as const;

export const listDirectory = defineTool({
  name: 'list_directory',
  title: 'List directory',
  description:
    'Use to see the entries of one directory, optionally with sizes and sorted by name, size or modification time; large directories come in pages.',
  seeAlso: {
    directory_tree: 'for several levels at once',
    search_files: 'to find entries by name anywhere below'
  },
  input: z.object({
    path: pathArgument(`Directory to list. ${PATH_HELP}`),
    includeSizes: z.boolean().default(false).describe("Add each entry's size and modification time."),
    sortBy: z
      .enum(['name', 'size', 'modified'])
      .default('name')
      .describe('Order of entries; size and modified put the largest/newest first.'),
    ...pageInput({ defaultLimit: 500, maxLimit: 5000 })
  }),
  output: z.object({
    path: z.string(),
    entries: z.array(
      z.object({
        name: z.string(),
        type: z.enum(['file', 'directory', 'symlink', 'other']),
        size: z.number().int().optional(),
        modified: z.string().optional()
      })
    ),
    ...pageOutput,
    totalSize: z
      .number()
      .int()
      .optional()
      .describe('Sum of the sizes of the files listed in this directory, when sizes were asked for.')
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const { scope, config } = fsOf(call);
    const { path, includeSizes, sortBy, offset, limit } = call.args;
    const ctx = call;
    const guard = await currentGuard(scope, ctx.request);
    const withStats = includeSizes || sortBy !== 'name';
    const listing = await readDirectory(guard, path, { maxEntries: config.maxScanEntries, withStats });
    const sorted = listing.entries.sort(comparator(sortBy));
    const page = sorted.slice(offset, offset + limit);
    const total = sorted.length;
    const paging = pageOf({ offset, limit }, page.length, total);
    const nextOffset = paging.nextOffset;
    const totalSize = withStats
      ? sorted.reduce((sum, entry) => sum + (entry.type === 'file' ? (entry.size ?? 0) : 0), 0)
      : undefined;

    const lines = page.map((entry) => {
      const name = entry.type === 'directory' ? `${entry.name}/` : entry.name;
      return includeSizes && entry.size !== undefined && entry.type === 'file'
        ? `${MARK[entry.type]} ${name.padEnd(30)} ${formatBytes(entry.size).padStart(10)}`
        : `${MARK[entry.type]} ${name}`;
    });
    const counts = `${formatCount(total)} entries (${formatCount(sorted.filter((e) => e.type === 'directory').length)} directories, ${formatCount(sorted.filter((e) => e.type === 'file').length)} files)`;
    const notes = [
      `${listing.path}: ${counts}${totalSize === undefined ? '' : `, files total ${formatBytes(totalSize)}`}${pageRange(offset, page.length, total)}`,
      ...(nextOffset === undefined ? [] : [`pass offset=${nextOffset} for more`]),
      ...(listing.complete
        ? []
        : [`listing stopped after ${formatCount(config.maxScanEntries)} entries (the server's --max-scan-entries)`])
    ];
    return {
      structured: {
        path: listing.path,
        entries: page,
        ...paging,
        ...(totalSize === undefined ? {} : { totalSize })
      },
      text: [...lines, '', ...notes.map((note) => `[${note}]`)].join('\n')
    };
  }
});

function comparator(sortBy: 'name' | 'size' | 'modified'): (a: DirectoryEntry, b: DirectoryEntry) => number {
  const byName = (a: DirectoryEntry, b: DirectoryEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  if (sortBy === 'size') return (a, b) => (b.size ?? -1) - (a.size ?? -1) || byName(a, b);
  if (sortBy === 'modified') return (a, b) => (b.modified ?? '').localeCompare(a.modified ?? '') || byName(a, b);
  return byName;
}
