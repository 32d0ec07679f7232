import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { PathAccessError, fromErrno, type PathGuard } from '@mcp-catalog/shared';
import { entryTypeOf, type EntryType } from './entry-type.js';

/** Where a symlink leads, told only as far as the allowed directories go. */
export type LinkStatus = 'inside' | 'outside' | 'broken';

export interface FileInfo {
  path: string;
  type: EntryType;
  size: number;
  created: string;
  modified: string;
  accessed: string;
  /** e.g. `rw-r--r--` */
  permissions: string;
  /** e.g. `644` */
  mode: string;
  hardLinks: number;
  /** For symlinks: the target's path only when it is inside the allowed directories. */
  symlink?: { status: LinkStatus; target?: string };
}

/**
 * Metadata of the entry `userPath` names, from lstat: a symlink is described as a link, and its
 * target is named only when it lies inside the allowed directories (never its metadata otherwise).
 */
export async function getFileInfo(guard: PathGuard, userPath: string): Promise<FileInfo> {
  let entry;
  try {
    entry = await guard.openParent(userPath);
  } catch (error) {
    // A root itself, or a path ending in `.`/`..`: a directory by construction, never a link.
    if (error instanceof PathAccessError && (error.code === 'OUTSIDE_ROOTS' || error.code === 'INVALID_PATH')) {
      const dir = await guard.openDirectory(userPath);
      try {
        return { path: guard.toDisplayPath(dir.realPath), ...describe(await dir.handle.stat()) };
      } finally {
        await dir.handle.close();
      }
    }
    throw error;
  }
  try {
    const stats = await lstat(join(entry.parent.prefix, entry.name)).catch((error: unknown) => {
      throw fromErrno(error, 'path', userPath);
    });
    const info: FileInfo = {
      path: guard.toDisplayPath(join(entry.parent.realPath, entry.name)),
      ...describe(stats)
    };
    if (stats.isSymbolicLink()) info.symlink = await linkStatus(guard, userPath);
    return info;
  } finally {
    await entry.parent.handle.close();
  }
}

async function linkStatus(guard: PathGuard, userPath: string): Promise<{ status: LinkStatus; target?: string }> {
  try {
    return { status: 'inside', target: guard.toDisplayPath(await guard.resolve(userPath, 'read')) };
  } catch (error) {
    if (!(error instanceof PathAccessError)) throw error;
    return { status: error.code === 'OUTSIDE_ROOTS' || error.code === 'SYMLINK_ESCAPE' ? 'outside' : 'broken' };
  }
}

function describe(stats: Stats): Omit<FileInfo, 'path' | 'symlink'> {
  const bits = stats.mode & 0o777;
  return {
    type: entryTypeOf(stats),
    size: stats.size,
    created: stats.birthtime.toISOString(),
    modified: stats.mtime.toISOString(),
    accessed: stats.atime.toISOString(),
    permissions: [6, 3, 0].map((shift) => rwx((bits >> shift) & 7)).join(''),
    mode: bits.toString(8).padStart(3, '0'),
    hardLinks: stats.nlink
  };
}

function rwx(triple: number): string {
  return `${triple & 4 ? 'r' : '-'}${triple & 2 ? 'w' : '-'}${triple & 1 ? 'x' : '-'}`;
}
