/**
 * Why a path argument was refused. Callers map these to tool errors; the
 * message is already safe to show to the model/client.
 */
export type PathErrorCode =
  | 'OUTSIDE_ROOTS'
  | 'SYMLINK_ESCAPE'
  | 'NUL_BYTE'
  | 'INVALID_PATH'
  | 'NOT_FOUND'
  | 'NOT_A_DIRECTORY'
  | 'NOT_A_FILE'
  | 'ALREADY_EXISTS'
  | 'HARD_LINK'
  | 'ACCESS_DENIED'
  | 'IO_ERROR';

const REASONS: Record<PathErrorCode, string> = {
  OUTSIDE_ROOTS: 'is outside the allowed directories (use list_allowed_directories to see them)',
  SYMLINK_ESCAPE: 'goes through a symbolic link that points outside the allowed directories',
  NUL_BYTE: 'contains a NUL byte',
  INVALID_PATH: 'is not a valid path',
  NOT_FOUND: 'does not exist',
  NOT_A_DIRECTORY: 'has a component that is not a directory',
  NOT_A_FILE: 'is not a regular file',
  ALREADY_EXISTS: 'already exists',
  HARD_LINK: 'has more than one hard link; writing to it could change a file outside the allowed directories',
  ACCESS_DENIED: 'cannot be accessed (permission denied)',
  IO_ERROR: 'could not be accessed'
};

/** Longest user path echoed back; enough to recognise it, bounded for logs. */
const MAX_ECHO = 200;

/**
 * A path argument was refused. The message names the argument and echoes only
 * the path the caller gave, never a resolved symlink target or a root's
 * real path, so it cannot disclose host layout the caller did not already know.
 */
export class PathAccessError extends Error {
  override readonly name = 'PathAccessError';
  /** Machine-readable reason. */
  readonly code: PathErrorCode;
  /** Name of the tool argument that was refused, e.g. `path` or `destination`. */
  readonly argument: string;
  /** The path exactly as the caller gave it. */
  readonly userPath: string;

  constructor(code: PathErrorCode, argument: string, userPath: string, reason: string = REASONS[code]) {
    const shown = userPath.length > MAX_ECHO ? `${userPath.slice(0, MAX_ECHO)}…` : userPath;
    super(`${argument} ${JSON.stringify(shown)} ${reason}`);
    this.code = code;
    this.argument = argument;
    this.userPath = userPath;
  }
}

/** errno of a Node system error, if any. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Translate an fs failure on an already-validated path. Raw Node errors are
 * not passed on because their messages embed the (possibly /proc) path.
 */
export function fromErrno(error: unknown, argument: string, userPath: string): PathAccessError {
  switch (errnoOf(error)) {
    case 'ENOENT':
      return new PathAccessError('NOT_FOUND', argument, userPath);
    case 'ENOTDIR':
      return new PathAccessError('NOT_A_DIRECTORY', argument, userPath);
    case 'EISDIR':
      return new PathAccessError('NOT_A_FILE', argument, userPath, 'is a directory');
    case 'ENXIO':
      return new PathAccessError('NOT_A_FILE', argument, userPath);
    case 'ELOOP':
      return new PathAccessError(
        'SYMLINK_ESCAPE',
        argument,
        userPath,
        'was replaced by a symbolic link while it was being opened'
      );
    case 'EEXIST':
      return new PathAccessError('ALREADY_EXISTS', argument, userPath);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new PathAccessError('ACCESS_DENIED', argument, userPath);
    case 'ENAMETOOLONG':
      return new PathAccessError('INVALID_PATH', argument, userPath, 'is too long');
    default:
      return new PathAccessError(
        'IO_ERROR',
        argument,
        userPath,
        `could not be accessed (${errnoOf(error) ?? 'unknown error'})`
      );
  }
}
