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
