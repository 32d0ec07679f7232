import { constants, link, lstat, mkdir, open, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

import { writeAtomicIn } from './atomic.js';
import type { AtomicWriteData, AtomicWriteOptions } from './atomic.js';
import { PathAccessError, errnoOf, fromErrno } from './errors.js';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_APPEND, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = constants;

/** Same limit as Linux's MAXSYMLINKS, so loops fail like they would in the kernel. */
const MAX_SYMLINKS = 40;

/**
 * What the resolved path will be used for.
 * - `read`: must exist (a dangling symlink counts as missing).
 * - `write`: may exist (then, if a regular file, it must have a single hard link)
 *   or be new in an existing directory.
 * - `create`: must not exist yet; its parent directory must.
 */
export type AccessMode = 'read' | 'write' | 'create';

/** Options for {@link PathGuard.create}. */
export interface PathGuardOptions {
  /** Home directory for `~` expansion. Default: `os.homedir()`. */
  home?: string;
  /**
   * Allow writing files that have several hard links. Off by default: a link
   * inside a root may share its inode with a file outside every root.
   */
  allowHardLinkWrites?: boolean;
  /**
   * Use `/proc/self/fd` (Linux) to check opened descriptors and to create files
   * relative to an already-verified directory. Default true; when false or
   * unavailable, descriptors are checked by dev/ino against a fresh resolution,
   * which still refuses an escape but leaves a window in which `O_CREAT` could
   * create an empty file through a swapped directory.
   */
  useProcFs?: boolean;
}

/** An open file whose descriptor was verified to lie inside a root. Close `handle` when done. */
export interface OpenedFile {
  handle: FileHandle;
  /** Real path of the opened file (inside a root, so safe to show). */
  realPath: string;
}

/** Options for {@link PathGuard.openForWrite}. */
export interface OpenForWriteOptions {
  /** Fail with `ALREADY_EXISTS` if the file exists (uses `O_EXCL`). Default false. */
  exclusive?: boolean;
  /** Truncate after verification (never at open, so a swapped target is left intact). Default true. */
  truncate?: boolean;
  /** Permission bits for a newly created file, minus umask. Default 0o666. */
  mode?: number;
}

/**
 * A directory whose descriptor was verified to lie inside a root. Reach its entries as
 * `join(prefix, name)`: that names them inside this very directory, even if a component of its
 * path is swapped for a symlink afterwards. Close `handle` when done.
 */
export interface OpenedDirectory {
  handle: FileHandle;
  /** Real path of the directory (inside a root, so safe to show). */
  realPath: string;
  /** `/proc/self/fd/N` when /proc is usable, else `realPath`. */
  prefix: string;
}

/** An entry named by its verified parent directory, for acting on the entry itself (a symlink is not followed). */
export interface OpenedParent {
  parent: OpenedDirectory;
  /** The final component of the user path. */
  name: string;
}

/** Options for {@link PathGuard.rename}. */
export interface RenameOptions {
  /** Replace an existing destination (a directory only if empty). Default false. */
  overwrite?: boolean;
  /** Argument names used in error messages. Default `source` and `destination`. */
  sourceArgument?: string;
  destinationArgument?: string;
}

interface Root {
  /** realpath of the root: what containment is decided against. */
  real: string;
  /** The root as whoever configured it wrote it (absolute): what may be shown. */
  display: string;
  /** Every path looked at on the way from `display` to `real` (symlinks and their targets' ancestors). */
  approach: readonly string[];
}

interface Walk {
  /** Real path of the deepest existing ancestor. */
  existing: string;
  /** Components below `existing` that do not exist (yet). */
  missing: string[];
  /** `existing` joined with `missing`. */
  path: string;
  viaSymlink: boolean;
  /** Set when the walk stopped early; `path` is then how far it got. */
  failure?: 'DOTDOT_AFTER_MISSING' | 'ELOOP' | string;
  /** For DOTDOT_AFTER_MISSING: where the whole path points if read lexically from there on. */
  intended?: string;
}

/**
 * Confines user-supplied paths to a set of allowed directories ("roots").
 *
 * Containment is decided on real paths and whole components, after resolving
 * every symlink one component at a time, so neither `/root_evil` versus
 * `/root` (CVE-2025-53110) nor a link pointing outside (CVE-2025-53109) can
 * get through. Nothing outside the roots is even looked at (beyond the
 * directories on the way to a root), so a path that wanders outside and
 * climbs back with `..` cannot tell what exists there. The `open*` and
 * `writeFileAtomic` methods re-check the opened descriptor, closing the gap
 * between checking a path and using it.
 */
export class PathGuard {
  /** Real paths of the roots, for containment checks. */
  readonly roots: readonly string[];
  /** Roots as they were configured (absolute, not realpath'd): safe to list to clients. */
  readonly displayRoots: readonly string[];

  readonly #roots: readonly Root[];
  /** Paths outside the roots that a walk may look at: those on the way to a root (see {@link #mayVisit}). */
  readonly #approach: ReadonlySet<string>;
  readonly #options: PathGuardOptions;
  readonly #home: string;

  private constructor(roots: Root[], options: PathGuardOptions) {
    const unique = roots.filter((root, index) => roots.findIndex((other) => other.real === root.real) === index);
    this.#roots = unique;
    this.#approach = new Set(roots.flatMap((root) => root.approach));
    this.#options = options;
    this.#home = options.home ?? homedir();
    this.roots = Object.freeze(unique.map((root) => root.real));
    this.displayRoots = Object.freeze(unique.map((root) => root.display));
  }

  /**
   * Build a guard over operator-configured roots. Each root is `~`-expanded,
   * resolved against the working directory and realpath'd (a root given
   * through a symlink is fine). An empty list yields a guard that refuses
   * everything, e.g. until client roots arrive.
   * @throws Error naming the root as given if it is missing or not a directory.
   */
  static async create(roots: readonly string[], options: PathGuardOptions = {}): Promise<PathGuard> {
    const home = options.home ?? homedir();
    const entries: Root[] = [];
    for (const given of roots) {
      const shown = JSON.stringify(given);
      if (given === '' || given.includes('\0')) throw new Error(`allowed directory ${shown} is not a valid path`);
      const display = resolve(expandHome(given, home));
      let real: string;
      try {
        real = await realpath(display);
      } catch {
        throw new Error(`allowed directory ${shown} does not exist or cannot be accessed`);
      }
      if (!(await stat(real)).isDirectory()) throw new Error(`allowed directory ${shown} is not a directory`);
      entries.push({ real, display, approach: await approachOf(display) });
    }
    return new PathGuard(entries, options);
  }

  /**
   * Build a guard from MCP client roots alone, for servers started without
   * operator roots. Accepts `file://` URIs or absolute paths; entries that are
   * malformed, missing or not directories are dropped rather than fatal,
   * since clients send them at run time.
   */
  static async fromClientRoots(clientRoots: readonly string[], options: PathGuardOptions = {}): Promise<PathGuard> {
    const parsed = await parseClientRoots(clientRoots, options.home ?? homedir());
    return new PathGuard(parsed, options);
  }

  /**
   * Intersect with MCP client roots: a client root inside an operator root
   * narrows to the client root, an operator root inside a client root is kept,
   * anything else is dropped. The result never allows more than `this`.
   */
  async narrow(clientRoots: readonly string[]): Promise<PathGuard> {
    const clients = await parseClientRoots(clientRoots, this.#home);
    const kept: Root[] = [];
    for (const client of clients) {
      for (const own of this.#roots) {
        if (within(client.real, own.real)) kept.push(client);
        else if (within(own.real, client.real)) kept.push(own);
      }
    }
    return new PathGuard(kept, this.#options);
  }

  /** Whether an absolute real path lies inside a root (decided on whole components). */
  isInside(absPath: string): boolean {
    if (!isAbsolute(absPath) || absPath.includes('\0')) return false;
    const normal = resolve(absPath);
    return this.#roots.some((root) => within(normal, root.real));
  }

  /**
   * Present a real path under the root as it was configured, so a root reached
   * through a symlink does not reveal its target. Paths outside every root are
   * not shown at all.
   */
  toDisplayPath(realPath: string): string {
    const normal = isAbsolute(realPath) ? resolve(realPath) : realPath;
    let best: Root | undefined;
    for (const root of this.#roots) {
      if (within(normal, root.real) && root.real.length > (best?.real.length ?? -1)) best = root;
    }
    return best === undefined ? '(outside the allowed directories)' : join(best.display, relative(best.real, normal));
  }

  /**
   * Validate a user path and return its real absolute path (for a new file:
   * realpath of the parent plus the name). Every symlink, including a dangling
   * one, is followed and must stay inside the roots.
   * @param argument tool argument name used in error messages. Default `path`.
   * @throws PathAccessError
   */
  async resolve(userPath: string, mode: AccessMode, argument = 'path'): Promise<string> {
    const walk = await this.#locate(userPath, argument);
    const missing = walk.missing.length;
    if (mode === 'read') {
      if (missing > 0) {
        const reason = walk.viaSymlink ? 'is a symbolic link whose target does not exist' : undefined;
        throw new PathAccessError('NOT_FOUND', argument, userPath, reason);
      }
      return walk.path;
    }
    if (missing > 1)
      throw new PathAccessError('NOT_FOUND', argument, userPath, 'has a parent directory that does not exist');
    if (missing === 1) {
      await this.#requireDirectory(walk.existing, argument, userPath);
      return walk.path;
    }
    if (mode === 'create') throw new PathAccessError('ALREADY_EXISTS', argument, userPath);
    const info = await lstat(walk.path).catch((error: unknown) => {
      throw fromErrno(error, argument, userPath);
    });
    if (info.isFile() && info.nlink > 1 && !this.#options.allowHardLinkWrites) {
      throw new PathAccessError('HARD_LINK', argument, userPath);
    }
    return walk.path;
  }

  /**
   * Like {@link resolve} for a path of which several trailing components may
   * not exist yet (e.g. `mkdir -p`): the deepest existing ancestor must be a
   * directory inside a root; `..` after a missing component is refused.
   * An already existing path is returned as is.
   * @throws PathAccessError
   */
  async resolveNew(userPath: string, argument = 'path'): Promise<string> {
    const walk = await this.#locate(userPath, argument);
    if (walk.missing.length > 0) await this.#requireDirectory(walk.existing, argument, userPath);
    return walk.path;
  }

  /**
   * Resolve for `read` and open with `O_NOFOLLOW|O_NONBLOCK` (a FIFO cannot
   * block the server), then verify the descriptor is a regular file inside a
   * root. The handle is closed on any failure.
   * @throws PathAccessError
   */
  async openForRead(userPath: string, argument = 'path'): Promise<OpenedFile> {
    const real = await this.resolve(userPath, 'read', argument);
    const handle = await openOrRefuse(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, 0, argument, userPath);
    const { realPath } = await this.#checkOpened(handle, real, argument, userPath, async () => {
      if (!(await handle.stat()).isFile()) throw new PathAccessError('NOT_A_FILE', argument, userPath);
    });
    return { handle, realPath };
  }

  /**
   * Resolve for `write` (or `create` when `exclusive`), open the parent
   * directory and verify it, create/open the file relative to that directory,
   * verify the descriptor, then truncate. Refuses non-regular files and, by
   * default, files with several hard links.
   * @throws PathAccessError
   */
  async openForWrite(userPath: string, argument = 'path', options: OpenForWriteOptions = {}): Promise<OpenedFile> {
    const exclusive = options.exclusive ?? false;
    const flags = O_WRONLY | O_CREAT | (exclusive ? O_EXCL : 0);
    const opened = await this.#openWritable(userPath, argument, exclusive ? 'create' : 'write', flags, options.mode);
    if (options.truncate ?? true) {
      await opened.handle.truncate(0).catch(async (error: unknown) => {
        await opened.handle.close().catch(() => undefined);
        throw fromErrno(error, argument, userPath);
      });
    }
    return opened;
  }

  /** Like {@link openForWrite} with `O_APPEND` and no truncation; creates the file if missing. */
  async openForAppend(userPath: string, argument = 'path'): Promise<OpenedFile> {
    return this.#openWritable(userPath, argument, 'write', O_WRONLY | O_CREAT | O_APPEND);
  }

  /**
   * Resolve for `write` and replace the file atomically (see
   * {@link writeFileAtomic}), with every step done inside the verified parent
   * directory. Returns the real path written.
   * @throws PathAccessError for a refused path; fs errors from the write itself.
   */
  async writeFileAtomic(
    userPath: string,
    data: AtomicWriteData,
    argument = 'path',
    options: AtomicWriteOptions = {}
  ): Promise<string> {
    const real = await this.resolve(userPath, options.exclusive ? 'create' : 'write', argument);
    await this.#refuseDirectory(real, argument, userPath);
    const dir = await this.#openDirectory(dirname(real), argument, userPath);
    try {
      await writeAtomicIn(dir.prefix, basename(real), data, options).catch((error: unknown) => {
        const code = errnoOf(error);
        if (code === 'EEXIST') throw new PathAccessError('ALREADY_EXISTS', argument, userPath);
        if (code === 'ENOTREG') throw new PathAccessError('NOT_A_FILE', argument, userPath);
        throw error;
      });
    } finally {
      await dir.handle.close().catch(() => undefined);
    }
    return real;
  }

  /**
   * Resolve for `read`, open the directory and verify the descriptor lies inside a root. List it
   * with `readdir(prefix)` and reach entries through `prefix` (see {@link OpenedDirectory}).
   * @throws PathAccessError (`NOT_A_DIRECTORY` when the path names something else).
   */
  async openDirectory(userPath: string, argument = 'path'): Promise<OpenedDirectory> {
    const real = await this.resolve(userPath, 'read', argument);
    return this.#openDirectory(real, argument, userPath).catch((error: unknown) => {
      throw error instanceof PathAccessError && error.code === 'NOT_A_DIRECTORY'
        ? new PathAccessError('NOT_A_DIRECTORY', argument, userPath, 'is not a directory')
        : error;
    });
  }

  /**
   * Open the directory holding the entry `userPath` names and return the entry's name, without
   * following that final component: for acting on the entry itself (lstat, rename, link) where
   * a symlink is the object rather than a way through. The entry need not exist. A path whose
   * last component is `.` or `..`, or that is a root itself, has no such parent and is refused.
   * @throws PathAccessError
   */
  async openParent(userPath: string, argument = 'path'): Promise<OpenedParent> {
    if (typeof userPath !== 'string' || userPath === '') {
      throw new PathAccessError('INVALID_PATH', argument, String(userPath), 'must be a non-empty path');
    }
    if (userPath.includes('\0')) throw new PathAccessError('NUL_BYTE', argument, userPath);
    const trimmed = userPath.length > 1 ? userPath.replace(/\/+$/, '') : userPath;
    const name = basename(trimmed);
    if (name === '' || name === '.' || name === '..' || name === '~') {
      throw new PathAccessError('INVALID_PATH', argument, userPath, 'must end in the name of a file or directory');
    }
    const parentPath = trimmed.includes(sep) ? dirname(trimmed) || sep : '.';
    // Errors name the user's path, not its parent: the caller asked about the entry.
    const real = await this.resolve(parentPath, 'read', argument).catch((error: unknown) => {
      throw error instanceof PathAccessError ? new PathAccessError(error.code, argument, userPath) : error;
    });
    const parent = await this.#openDirectory(real, argument, userPath);
    return { parent, name };
  }

  /**
   * Create a directory and any missing parents (`mkdir -p`), one component at a time inside
   * verified parents, so a parent swapped for a symlink meanwhile cannot redirect the creation.
   * Returns the real path and how many directories were created (0: it already existed).
   * @throws PathAccessError
   */
  async makeDirectory(userPath: string, argument = 'path'): Promise<{ realPath: string; created: number }> {
    const walk = await this.#locate(userPath, argument);
    const notDirectory = (error: unknown) => {
      throw error instanceof PathAccessError && error.code === 'NOT_A_DIRECTORY' && walk.missing.length === 0
        ? new PathAccessError('ALREADY_EXISTS', argument, userPath, 'already exists and is not a directory')
        : error;
    };
    let dir = await this.#openDirectory(walk.existing, argument, userPath).catch(notDirectory);
    let created = 0;
    try {
      for (const name of walk.missing) {
        const next = join(dir.prefix, name);
        await mkdir(next).then(
          () => created++,
          (error: unknown) => {
            // Someone else made it meanwhile: fine if it is a directory, which opening checks.
            if (errnoOf(error) !== 'EEXIST') throw fromErrno(error, argument, userPath);
          }
        );
        const child = await this.#openDirectoryAt(next, join(dir.realPath, name), argument, userPath);
        await dir.handle.close().catch(() => undefined);
        dir = child;
      }
      return { realPath: dir.realPath, created };
    } finally {
      await dir.handle.close().catch(() => undefined);
    }
  }

  /**
   * Move the entry `source` names to `destination`, both reached through verified parent
   * directories. A symlink is moved as a link, never followed. Without `overwrite` an existing
   * destination is refused: atomically (link + unlink) for files and links, by a check just
   * before the rename for directories. Returns the real paths.
   * @throws PathAccessError (`IO_ERROR` for a move across filesystems).
   */
  async rename(
    source: string,
    destination: string,
    options: RenameOptions = {}
  ): Promise<{ source: string; destination: string }> {
    const srcArg = options.sourceArgument ?? 'source';
    const dstArg = options.destinationArgument ?? 'destination';
    const from = await this.openParent(source, srcArg);
    try {
      const to = await this.openParent(destination, dstArg);
      try {
        const fromPath = join(from.parent.prefix, from.name);
        const toPath = join(to.parent.prefix, to.name);
        const info = await lstat(fromPath).catch((error: unknown) => {
          throw fromErrno(error, srcArg, source);
        });
        const fail = (error: unknown): never => {
          switch (errnoOf(error)) {
            case 'ENOENT':
              throw fromErrno(error, srcArg, source);
            case 'EEXIST':
            case 'ENOTEMPTY':
              throw new PathAccessError('ALREADY_EXISTS', dstArg, destination);
            case 'EINVAL':
              throw new PathAccessError(
                'INVALID_PATH',
                dstArg,
                destination,
                `is inside ${srcArg} ${JSON.stringify(source)}`
              );
            case 'EXDEV':
              throw new PathAccessError('IO_ERROR', dstArg, destination, `is on another filesystem than ${srcArg}`);
            default:
              throw fromErrno(error, dstArg, destination);
          }
        };
        if (options.overwrite) {
          // Overwriting replaces a file or link; a FIFO, socket or device there is not ours to destroy.
          const existing = await lstat(toPath).catch(() => undefined);
          if (existing && !existing.isFile() && !existing.isSymbolicLink() && !existing.isDirectory()) {
            throw new PathAccessError('NOT_A_FILE', dstArg, destination);
          }
          await rename(fromPath, toPath).catch(fail);
        } else if (info.isDirectory() || !(await linkInstead(fromPath, toPath).catch(fail))) {
          if (
            await lstat(toPath).then(
              () => true,
              () => false
            )
          )
            fail({ code: 'EEXIST' });
          await rename(fromPath, toPath).catch(fail);
        }
        return { source: join(from.parent.realPath, from.name), destination: join(to.parent.realPath, to.name) };
      } finally {
        await to.parent.handle.close().catch(() => undefined);
      }
    } finally {
      await from.parent.handle.close().catch(() => undefined);
    }
  }

  async #openWritable(
    userPath: string,
    argument: string,
    mode: AccessMode,
    flags: number,
    fileMode = 0o666
  ): Promise<OpenedFile> {
    const real = await this.resolve(userPath, mode, argument);
    await this.#refuseDirectory(real, argument, userPath);
    const dir = await this.#openDirectory(dirname(real), argument, userPath);
    try {
      // No O_TRUNC: truncation waits until the descriptor has been verified.
      const handle = await openOrRefuse(
        join(dir.prefix, basename(real)),
        flags | O_NOFOLLOW | O_NONBLOCK,
        fileMode,
        argument,
        userPath
      );
      const { realPath } = await this.#checkOpened(handle, real, argument, userPath, async () => {
        const info = await handle.stat();
        if (!info.isFile()) throw new PathAccessError('NOT_A_FILE', argument, userPath);
        if (info.nlink > 1 && !this.#options.allowHardLinkWrites) {
          throw new PathAccessError('HARD_LINK', argument, userPath);
        }
      });
      return { handle, realPath };
    } finally {
      await dir.handle.close().catch(() => undefined);
    }
  }

  /**
   * Open a validated directory and pin it: `prefix` names it through the
   * verified descriptor when /proc allows, so later steps cannot be redirected.
   */
  async #openDirectory(realDir: string, argument: string, userPath: string): Promise<OpenedDirectory> {
    return this.#openDirectoryAt(realDir, realDir, argument, userPath);
  }

  /** Open `path` (possibly `/proc/self/fd/N/name`) as a directory expected to be `expected`, and verify it. */
  async #openDirectoryAt(path: string, expected: string, argument: string, userPath: string): Promise<OpenedDirectory> {
    const handle = await openOrRefuse(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0, argument, userPath);
    const { realPath, viaProc } = await this.#checkOpened(handle, expected, argument, userPath, async () => undefined);
    return { handle, realPath, prefix: viaProc ? `/proc/self/fd/${handle.fd}` : realPath };
  }

  /** Verify an opened descriptor; close it and rethrow on any failure. */
  async #checkOpened(
    handle: FileHandle,
    expected: string,
    argument: string,
    userPath: string,
    extra: () => Promise<void>
  ): Promise<OpenedFile & { viaProc: boolean }> {
    try {
      const { realPath, viaProc } = await this.#verifyDescriptor(handle, expected, argument, userPath);
      await extra();
      return { handle, realPath, viaProc };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error instanceof PathAccessError ? error : fromErrno(error, argument, userPath);
    }
  }

  async #verifyDescriptor(
    handle: FileHandle,
    expected: string,
    argument: string,
    userPath: string
  ): Promise<{ realPath: string; viaProc: boolean }> {
    const changed = () =>
      new PathAccessError(
        'SYMLINK_ESCAPE',
        argument,
        userPath,
        'changed while it was being opened and may now lead outside the allowed directories'
      );
    const actual = await this.#procPath(handle);
    if (actual !== undefined) {
      if (!this.isInside(actual)) throw changed();
      return { realPath: actual, viaProc: true };
    }
    // Without /proc: the expected path must still resolve to itself (no symlink
    // swapped in) and name the very inode we hold.
    const again = await walk(splitPath(expected));
    const [named, held] = await Promise.all([lstat(expected).catch(() => undefined), handle.stat()]);
    const same = named !== undefined && named.dev === held.dev && named.ino === held.ino;
    if (again.failure !== undefined || again.path !== expected || !this.isInside(expected) || !same) throw changed();
    return { realPath: expected, viaProc: false };
  }

  /** What the kernel says the descriptor refers to; undefined where /proc is unavailable or disabled. */
  async #procPath(handle: FileHandle): Promise<string | undefined> {
    if (this.#options.useProcFs === false) return undefined;
    // Not necessarily absolute (e.g. `pipe:[42]`); isInside() refuses those.
    return readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
  }

  async #refuseDirectory(real: string, argument: string, userPath: string): Promise<void> {
    const info = await lstat(real).catch(() => undefined);
    if (info?.isDirectory()) throw new PathAccessError('NOT_A_FILE', argument, userPath, 'is a directory');
  }

  async #requireDirectory(real: string, argument: string, userPath: string): Promise<void> {
    const info = await stat(real).catch(() => undefined);
    if (!info?.isDirectory()) {
      throw new PathAccessError('NOT_A_DIRECTORY', argument, userPath, 'has a parent that is not a directory');
    }
  }

  /**
   * Whether a walk may look at `path` (lstat, readlink): inside a root, or on the way to one. Anything
   * else is outside, and looking there would let `outside/x/../../root/file` tell whether `x` exists.
   */
  #mayVisit(path: string): boolean {
    return this.isInside(path) || this.#approach.has(path) || this.#roots.some((root) => within(root.real, path));
  }

  /** Walk the user path and enforce containment before anything that could reveal what exists outside. */
  async #locate(userPath: string, argument: string): Promise<Walk> {
    if (typeof userPath !== 'string' || userPath === '') {
      throw new PathAccessError('INVALID_PATH', argument, String(userPath), 'must be a non-empty path');
    }
    if (userPath.includes('\0')) throw new PathAccessError('NUL_BYTE', argument, userPath);
    const expanded = expandHome(userPath, this.#home);
    const base = this.#roots[0]?.real;
    if (!isAbsolute(expanded) && base === undefined) throw new PathAccessError('OUTSIDE_ROOTS', argument, userPath);
    // Joined, not path.resolve()d: `..` must be applied after the symlinks before it, as the kernel does.
    const absolute = isAbsolute(expanded) ? expanded : `${base}${sep}${expanded}`;
    const result = await walk(splitPath(absolute), (path) => this.#mayVisit(path));

    if (!this.isInside(result.path)) {
      const lexical = resolve(absolute);
      const looksInside = this.#roots.some((root) => within(lexical, root.real) || within(lexical, root.display));
      throw new PathAccessError(
        result.viaSymlink && looksInside ? 'SYMLINK_ESCAPE' : 'OUTSIDE_ROOTS',
        argument,
        userPath
      );
    }
    switch (result.failure) {
      case undefined:
        return result;
      case 'DOTDOT_AFTER_MISSING':
        // Name the real problem when the `..` was evidently meant to climb out.
        if (result.intended !== undefined && !this.isInside(result.intended)) {
          throw new PathAccessError('OUTSIDE_ROOTS', argument, userPath);
        }
        throw new PathAccessError(
          'INVALID_PATH',
          argument,
          userPath,
          'uses ".." after a directory that does not exist'
        );
      case 'ELOOP':
        throw new PathAccessError('INVALID_PATH', argument, userPath, 'has too many levels of symbolic links');
      default:
        throw fromErrno({ code: result.failure }, argument, userPath);
    }
  }
}

/** `~` and `~/x` only: `~user` is an ordinary name. */
function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

function splitPath(path: string): string[] {
  return path.split(sep).filter((part) => part !== '' && part !== '.');
}

/** Whole-component containment: `/root_evil` is not within `/root`. */
function within(path: string, root: string): boolean {
  if (path === root) return true;
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Resolve an absolute path one component at a time, following symlinks
 * (including dangling ones) like the kernel would, and stop at the first
 * component that does not exist. Unlike realpath(3) this also tells where a
 * not-yet-existing path would land.
 *
 * A path `mayVisit` refuses is never looked at: the walk stops there with
 * `OUTSIDE`, its `path` being that path. `visited` collects every path looked at.
 */
async function walk(
  components: readonly string[],
  mayVisit: (path: string) => boolean = () => true,
  visited?: string[]
): Promise<Walk> {
  const queue = [...components];
  const missing: string[] = [];
  let current: string = sep;
  let currentIsDirectory = true;
  let links = 0;
  let viaSymlink = false;
  const stop = (failure: string): Walk => ({
    existing: current,
    missing,
    path: join(current, ...missing),
    viaSymlink,
    failure
  });

  for (let part = queue.shift(); part !== undefined; part = queue.shift()) {
    if (missing.length > 0) {
      // The kernel would fail on `missing/..`; guessing would let a later mkdir land elsewhere.
      if (part === '..')
        return { ...stop('DOTDOT_AFTER_MISSING'), intended: join(current, ...missing, part, ...queue) };
      missing.push(part);
      continue;
    }
    if (part === '..') {
      // The kernel refuses `file/..`; going along would let a file stand in for a directory.
      if (!currentIsDirectory) return stop('ENOTDIR');
      current = dirname(current);
      continue;
    }
    const next = join(current, part);
    if (!mayVisit(next)) {
      current = next;
      return stop('OUTSIDE');
    }
    visited?.push(next);
    let info;
    try {
      info = await lstat(next);
    } catch (error) {
      const code = errnoOf(error) ?? 'EIO';
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return stop(code);
      missing.push(part);
      continue;
    }
    if (!info.isSymbolicLink()) {
      current = next;
      currentIsDirectory = info.isDirectory();
      continue;
    }
    if (++links > MAX_SYMLINKS) return stop('ELOOP');
    viaSymlink = true;
    let target: string;
    try {
      target = await readlink(next);
    } catch (error) {
      return stop(errnoOf(error) ?? 'EIO');
    }
    if (isAbsolute(target)) {
      current = sep;
      currentIsDirectory = true;
    }
    queue.unshift(...splitPath(target));
  }
  return { existing: current, missing, path: join(current, ...missing), viaSymlink };
}

/** The paths a walk from `display` to its real directory looks at, which later walks may look at too. */
async function approachOf(display: string): Promise<string[]> {
  const visited: string[] = [];
  await walk(splitPath(display), undefined, visited);
  return visited;
}

/**
 * Move a non-directory by link + unlink, so an existing destination fails the link (EEXIST)
 * instead of being replaced. False when this filesystem has no hard links: the caller renames.
 */
async function linkInstead(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV') return false;
    throw error;
  }
  await unlink(from);
  return true;
}

async function parseClientRoots(clientRoots: readonly string[], home: string): Promise<Root[]> {
  const roots: Root[] = [];
  for (const entry of clientRoots) {
    const path = clientRootPath(entry, home);
    if (path === undefined) continue;
    try {
      const real = await realpath(path);
      const display = resolve(path);
      if ((await stat(real)).isDirectory()) roots.push({ real, display, approach: await approachOf(display) });
    } catch {
      // A root the client cannot back with a real directory grants nothing.
    }
  }
  return roots;
}

function clientRootPath(entry: string, home: string): string | undefined {
  let path: string;
  if (/^file:/i.test(entry)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return undefined;
    }
    // Remote hosts and encoded separators have no local meaning we could trust.
    if ((url.host !== '' && url.host !== 'localhost') || /%2f/i.test(url.pathname)) return undefined;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return undefined;
    }
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(entry)) {
    return undefined;
  } else {
    path = expandHome(entry, home);
  }
  return path.includes('\0') || !isAbsolute(path) ? undefined : path;
}

async function openOrRefuse(
  path: string,
  flags: number,
  mode: number,
  argument: string,
  userPath: string
): Promise<FileHandle> {
  try {
    return await open(path, flags, mode);
  } catch (error) {
    throw fromErrno(error, argument, userPath);
  }
}
