export { PathGuard, trimTrailingSlashes } from './guard.js';
export type {
  AccessMode,
  OpenForWriteOptions,
  OpenedDirectory,
  OpenedFile,
  OpenedParent,
  PathGuardOptions,
  RenameOptions
} from './guard.js';
export { PathAccessError, fromErrno } from './errors.js';
export type { PathErrorCode } from './errors.js';
export { writeFileAtomic } from './atomic.js';
export type { AtomicWriteData, AtomicWriteOptions } from './atomic.js';
