import { constants, link, lstat, open, rename, unlink, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { errnoOf } from './errors.js';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_DIRECTORY } = constants;

/** Options for {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** Permission bits of the result. Default: those of the file being replaced, else 0o666 minus umask. */
  mode?: number;
  /**
   * Never replace an existing entry: fail with `EEXIST` instead. The new file is put in place
   * with link(2), which checks and creates in one step, so a file created meanwhile is not lost.
   */
  exclusive?: boolean;
}

/** What can be written: the whole content, or chunks (e.g. a read stream) for large copies. */
export type AtomicWriteData = string | Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Replace `realPath` with `data` so readers see either the old or the new
 * content, never a torn file: write a temp file in the same directory,
 * fsync it, rename it over the target and fsync the directory.
 * The temp file is removed if any step fails.
 *
 * `realPath` must already be validated (e.g. by {@link PathGuard.resolve});
 * prefer {@link PathGuard.writeFileAtomic}, which also pins the directory.
 * A symlink at `realPath` is replaced, never written through.
 */
export async function writeFileAtomic(
  realPath: string,
  data: AtomicWriteData,
  options: AtomicWriteOptions = {}
): Promise<void> {
  await writeAtomicIn(dirname(realPath), basename(realPath), data, options);
}

/**
 * @internal `dir` may be `/proc/self/fd/N` of a verified directory handle, so
 * that creating, renaming and cleaning up all happen in that very directory
 * even if a path component is swapped meanwhile.
 */
export async function writeAtomicIn(
  dir: string,
  name: string,
  data: AtomicWriteData,
  options: AtomicWriteOptions = {}
): Promise<void> {
  const target = join(dir, name);
  const existing = await lstat(target).catch(() => undefined);
  // A FIFO, socket or device is not a file whose content we replace; renaming over it would
  // silently destroy it (a pipe another program reads, say). Symlinks are replaced, as documented.
  refuseSpecial(target, existing);
  const mode = options.mode ?? (existing?.isFile() ? existing.mode & 0o7777 : undefined);

  // With a known mode start private and chmod later; otherwise let the umask decide, as writeFile would.
  const { handle: created, path: temp } = await createTemp(dir, name, mode === undefined ? 0o666 : 0o600);
  let handle: FileHandle | undefined = created;
  try {
    await writeFile(handle, data);
    // chmod, not the open() mode: the umask must not weaken a preserved mode.
    if (mode !== undefined) await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Again just before the rename: one created meanwhile is refused too (the window left is the
    // rename itself).
    if (!options.exclusive) refuseSpecial(target, await lstat(target).catch(() => undefined));
    await (options.exclusive ? placeExclusive(temp, target) : rename(temp, target));
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Throws `ENOTREG` when `existing` is neither a regular file nor a symbolic link. */
function refuseSpecial(target: string, existing: Stats | undefined): void {
  if (!existing || existing.isFile() || existing.isSymbolicLink()) return;
  throw Object.assign(new Error(`${target} is not a regular file; refusing to replace it`), { code: 'ENOTREG' });
}

/** Put `temp` in place as `target` unless `target` exists (EEXIST). */
async function placeExclusive(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (error) {
    const code = errnoOf(error);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    // No hard links on this filesystem: check, then rename (leaves a short window).
    if (
      await lstat(target).then(
        () => true,
        () => false
      )
    ) {
      throw Object.assign(new Error('destination exists'), { code: 'EEXIST' });
    }
    await rename(temp, target);
    return;
  }
  await unlink(temp);
}

async function createTemp(dir: string, name: string, mode: number): Promise<{ handle: FileHandle; path: string }> {
  // O_EXCL|O_NOFOLLOW make a guessed or planted name harmless; retrying covers collisions.
  for (let attempt = 0; ; attempt++) {
    const random = Math.random().toString(36).slice(2, 10);
    const path = join(dir, `.${name.slice(0, 200)}.${process.pid}.${random}.tmp`);
    try {
      return { handle: await open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode), path };
    } catch (error) {
      if (errnoOf(error) !== 'EEXIST' || attempt >= 10) throw error;
    }
  }
}

/** Make the rename durable; some filesystems cannot fsync directories, which is not fatal. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, O_RDONLY | O_DIRECTORY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
