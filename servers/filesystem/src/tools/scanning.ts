import type { FileHandle } from 'node:fs/promises';
import { PathAccessError, formatCount, type PathGuard, type ToolContext } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { ScanJob, ScanResult, ScanStart, ScanStats } from '../scan/types.js';
import { currentGuard, globList, type FsContext } from './context.js';

/** Walk arguments shared by directory_tree, search_files and search_file_contents. */
export const walkArguments = {
  exclude: globList(
    'Globs of entries to skip (and not descend into). Without a "/" a glob matches a name at any depth, e.g. "node_modules" or "*.min.js"; with one it matches the path relative to path, e.g. "src/generated/**".'
  ),
  maxDepth: z.number().int().min(1).max(100).describe('Levels below path to go (1: only its own entries).'),
  // One default for the three walking tools: a repository's node_modules or build output is rarely what is wanted.
  respectGitignore: z
    .boolean()
    .default(true)
    .describe(
      'Skip what .gitignore files (at and below path) ignore, and .git directories (default true). Pass false to include them.'
    )
};

/**
 * Run a scan from `userPath` in a worker thread. The start is opened and verified here with the
 * path guard and stays open until the scan ends, so the thread works from that very directory
 * (or file, when `allowFile`) and never resolves a user path itself. Progress goes to the client.
 */
export async function scanFrom<R extends ScanResult>(
  { scope, scanner, config }: FsContext,
  userPath: string,
  job: ScanJob,
  ctx: ToolContext,
  { allowFile }: { allowFile: boolean }
): Promise<{ result: R; start: string }> {
  const guard = await currentGuard(scope, ctx.request);
  const opened = await openStart(guard, userPath, allowFile);
  try {
    const result = await scanner.run(
      { start: opened.start, job },
      {
        signal: ctx.signal,
        timeoutMs: config.scanTimeoutSeconds * 1000,
        onProgress: (entries) => void ctx.progress(entries, undefined, `${formatCount(entries)} entries visited`)
      }
    );
    return { result: result as R, start: guard.toDisplayPath(opened.realPath) };
  } finally {
    await opened.handle.close();
  }
}

async function openStart(
  guard: PathGuard,
  userPath: string,
  allowFile: boolean
): Promise<{ handle: FileHandle; realPath: string; start: ScanStart }> {
  if (allowFile) {
    try {
      const file = await guard.openForRead(userPath);
      return { ...file, start: { fileDescriptor: file.handle.fd } };
    } catch (error) {
      if (!(error instanceof PathAccessError && error.code === 'NOT_A_FILE')) throw error;
    }
  }
  const dir = await guard.openDirectory(userPath);
  return { handle: dir.handle, realPath: dir.realPath, start: { directory: dir.prefix } };
}

/** Why a walk saw less than everything, as notices for the text and a field for structured output. */
export function walkNotes(stats: ScanStats, config: FsContext['config']): string[] {
  const notes: string[] = [];
  if (stats.stopped === 'time limit')
    notes.push(
      `stopped after ${config.scanTimeoutSeconds} s (the server's --scan-timeout-seconds): results are partial; search a smaller directory or add exclude globs`
    );
  if (stats.stopped === 'entry limit')
    notes.push(
      `stopped after visiting ${formatCount(config.maxScanEntries)} entries (the server's --max-scan-entries): results are partial; search a smaller directory or add exclude globs`
    );
  if (stats.unreadableDirectories > 0)
    notes.push(`${formatCount(stats.unreadableDirectories)} directories could not be read`);
  return notes;
}

export const walkStatsSchema = z.object({
  entriesVisited: z.number().int(),
  stoppedEarly: z
    .enum(['time limit', 'entry limit', 'cancelled'])
    .optional()
    .describe('Set when the walk ended before seeing everything, so counts are partial.'),
  unreadableDirectories: z.number().int()
});

export function walkStats(stats: ScanStats): z.infer<typeof walkStatsSchema> {
  return {
    entriesVisited: stats.entries,
    ...(stats.stopped ? { stoppedEarly: stats.stopped } : {}),
    unreadableDirectories: stats.unreadableDirectories
  };
}
