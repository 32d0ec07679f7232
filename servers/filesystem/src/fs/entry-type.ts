/** What a directory entry is, without following symlinks. */
export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

/** Works for Dirent and Stats alike (both answer from lstat-like data). */
export function entryTypeOf(entry: {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}): EntryType {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'directory';
  return entry.isFile() ? 'file' : 'other';
}

/** Suffix marking an entry's type in listings, as `ls -F` does: directories "/", links "@", other special files "|". */
export const TYPE_MARK: Record<EntryType, string> = { file: '', directory: '/', symlink: '@', other: '|' };

export const MARKED_PATH_HELP =
  'Directories end in "/", symbolic links in "@", other special files (FIFOs, sockets, devices) in "|"; files have no mark.';
