import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { trimTrailingSlashes } from '@mcp-catalog/shared';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/**
 * One predicate for a list of globs over paths relative to the start. A glob with a `/` matches
 * the whole relative path; one without matches the entry's name at any depth (`*.ts`,
 * `node_modules`). A trailing `/`, as in `node_modules/` (how .gitignore marks a directory), is
 * dropped. Dotfiles match like any other name. An empty list matches nothing.
 */
export function globMatcher(given: readonly string[], ignoreCase = false): (path: string, name: string) => boolean {
  const options = { dot: true, nocase: ignoreCase };
  const globs = given.map((glob) => (glob.length > 1 ? trimTrailingSlashes(glob) : glob));
  const byPath = globs.filter((glob) => glob.includes('/'));
  const byName = globs.filter((glob) => !glob.includes('/'));
  const pathTest = byPath.length > 0 ? picomatch(byPath, options) : undefined;
  const nameTest = byName.length > 0 ? picomatch(byName, options) : undefined;
  return (path, name) => (nameTest?.(name) ?? false) || (pathTest?.(path) ?? false);
}

/** The `.gitignore` rules in effect while walking: one matcher per directory that has a file. */
export class GitignoreStack {
  readonly #levels: Array<{ base: string; rules: Ignore }> = [];

  /**
   * Read `<dir>/.gitignore` (never through a symlink, at most 1 MiB) if it exists, for entries
   * below `base`. Returns whether a level was pushed, to pop after the directory.
   */
  enter(dirPrefix: string, base: string): boolean {
    let fd: number;
    try {
      fd = openSync(join(dirPrefix, '.gitignore'), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    } catch {
      return false;
    }
    try {
      const info = fstatSync(fd);
      if (!info.isFile()) return false;
      const buffer = Buffer.alloc(Math.min(info.size, MAX_GITIGNORE_BYTES));
      const length = readSync(fd, buffer, 0, buffer.length, 0);
      this.#levels.push({ base, rules: ignore().add(buffer.toString('utf8', 0, length)) });
      return true;
    } catch {
      return false;
    } finally {
      closeSync(fd);
    }
  }

  leave(): void {
    this.#levels.pop();
  }

  /** Whether git would ignore the entry: the deepest .gitignore that decides (ignore or `!` re-include) wins. */
  ignores(path: string, name: string, isDirectory: boolean): boolean {
    if (isDirectory && name === '.git') return true;
    for (let level = this.#levels.length - 1; level >= 0; level--) {
      const { base, rules } = this.#levels[level]!;
      const relative = base === '' ? path : path.slice(base.length + 1);
      const verdict = safeTest(rules, isDirectory ? `${relative}/` : relative);
      if (verdict.unignored) return false;
      if (verdict.ignored) return true;
    }
    return false;
  }
}

/** `ignore` throws on names it considers invalid paths; such a name is simply not ignored. */
function safeTest(rules: Ignore, path: string): { ignored: boolean; unignored: boolean } {
  try {
    return rules.test(path);
  } catch {
    return { ignored: false, unignored: false };
  }
}
