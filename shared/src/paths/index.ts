export { PathGuard } from './guard.js';
export type { AccessMode, OpenForWriteOptions, OpenedFile, PathGuardOptions } from './guard.js';
export { PathAccessError } from './errors.js';
export type { PathErrorCode } from './errors.js';
export { writeFileAtomic } from './atomic.js';
export type { AtomicWriteOptions } from './atomic.js';
