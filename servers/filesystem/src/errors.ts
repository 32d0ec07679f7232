import { PathAccessError, ToolError, type PathErrorCode } from '@mcp-catalog/shared';
import { EditError } from './fs/edit.js';
import { ScanError } from './scan/scanner.js';

const PATH_HINTS: Record<PathErrorCode, string> = {
  OUTSIDE_ROOTS: 'Call list_allowed_directories and use a path inside one of those directories.',
  SYMLINK_ESCAPE:
    'A symbolic link on the way leads outside the allowed directories; use a path whose every component stays inside them.',
  NUL_BYTE: 'Pass a plain path without control characters.',
  INVALID_PATH: 'Pass a plain path: absolute, or relative to the first allowed directory.',
  NOT_FOUND: 'Check the name with list_directory or search_files.',
  NOT_A_DIRECTORY: 'Use list_directory on the parent directory to see what is there.',
  NOT_A_FILE: 'For a directory use list_directory or directory_tree; this tool works on regular files.',
  ALREADY_EXISTS:
    'Choose another name, or pass overwrite: true where the tool offers it to replace the existing entry.',
  HARD_LINK:
    'This server never writes through a file with several hard links (another link may be outside the allowed directories). Write a new file, then move_file it over this one with overwrite: true.',
  ACCESS_DENIED: 'The server process lacks permission for this path; ask the operator, or pick another path.',
  IO_ERROR: 'Retry, or try another path.'
};

/** Turns the domain's refusals into tool errors that name the argument, the rule and the fix. */
export function mapError(error: unknown): ToolError | undefined {
  if (error instanceof PathAccessError) {
    const hint = /another filesystem/.test(error.message)
      ? 'Use copy_file to copy it across instead.'
      : PATH_HINTS[error.code];
    return new ToolError(`${error.message}.`, { hint, argument: error.argument, cause: error });
  }
  if (error instanceof EditError)
    return new ToolError(`${error.message}; nothing was changed.`, { hint: error.hint, argument: 'edits' });
  if (error instanceof ScanError) {
    const fix =
      error.reason === 'timeout'
        ? 'Search a smaller directory, add exclude globs, or simplify the pattern (a regular expression that backtracks heavily can run for ever).'
        : error.reason === 'memory'
          ? 'Search a smaller directory or add exclude globs.'
          : 'Retry; if it keeps failing, report it to the server operator.';
    return new ToolError(`The scan ${error.message}.`, { hint: fix });
  }
  return undefined;
}
