import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PathGuard } from '@mcp-catalog/shared';
import { entryTypeOf, type EntryType } from './entry-type.js';

export interface DirectoryEntry {
  name: string;
  type: EntryType;
  size?: number;
  modified?: string;
}

const STAT_CONCURRENCY = 64;

/**
 * The entries of one directory, read through its verified descriptor. At most `maxEntries` are
 * read (`complete` says whether that was all); `withStats` adds size and modification time (lstat).
 */
export async function listDirectory(
  guard: PathGuard,
  userPath: string,
  { maxEntries, withStats }: { maxEntries: number; withStats: boolean }
): Promise<{ path: string; entries: DirectoryEntry[]; complete: boolean }> {
  const dir = await guard.openDirectory(userPath);
  try {
    const entries: DirectoryEntry[] = [];
    let complete = true;
    const reader = await opendir(dir.prefix, { bufferSize: 256 });
    try {
      for await (const dirent of reader) {
        if (entries.length >= maxEntries) {
          complete = false;
          break;
        }
        entries.push({ name: dirent.name, type: entryTypeOf(dirent) });
      }
    } finally {
      // Breaking out of for-await closes the reader already; closing twice throws.
      await reader.close().catch(() => undefined);
    }
    if (withStats) {
      for (let i = 0; i < entries.length; i += STAT_CONCURRENCY) {
        await Promise.all(
          entries.slice(i, i + STAT_CONCURRENCY).map(async (entry) => {
            const stats = await lstat(join(dir.prefix, entry.name)).catch(() => undefined);
            // A directory's or link's own size says nothing useful; only files get one.
            if (stats)
              Object.assign(entry, {
                ...(entry.type === 'file' ? { size: stats.size } : {}),
                modified: stats.mtime.toISOString()
              });
          })
        );
      }
    }
    return { path: guard.toDisplayPath(dir.realPath), entries, complete };
  } finally {
    await dir.handle.close();
  }
}
