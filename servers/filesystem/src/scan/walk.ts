import { closeSync, openSync, readdirSync, realpathSync, constants, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { entryTypeOf, type EntryType } from '../fs/entry-type.js';
import { GitignoreStack, globMatcher } from './filters.js';
import type { ScanStats, StopReason, WalkSettings } from './types.js';

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = constants;

export interface WalkEntry {
  /** Path relative to the start, `/`-separated. */
  path: string;
  name: string;
  type: EntryType;
  /** 1 for the start's own entries. */
  depth: number;
  /** Names the containing directory (see {@link WalkControl.prefix}); join `name` to it to open the entry. */
  parent: string;
}

export interface WalkControl {
  /** Names the start directory: `/proc/self/fd/N` of a verified descriptor, or its real path. */
  prefix: string;
  /** Polled for every entry; a reason ends the walk. */
  shouldStop(): StopReason | undefined;
  descriptors: DescriptorLedger;
  stats: ScanStats;
}

/**
 * Opens and closes descriptors, mirroring the open ones into memory shared with the parent
 * thread, which closes them if it has to terminate this one mid-walk. A slot is filled after the
 * open and cleared before the close, so the parent can leak at worst one descriptor, never close
 * a number that was reused.
 */
export class DescriptorLedger {
  constructor(private readonly slots: Int32Array = new Int32Array(0)) {}

  open(path: string, flags: number): number {
    const fd = openSync(path, flags);
    const free = this.slots.indexOf(-1);
    if (free >= 0) Atomics.store(this.slots, free, fd);
    return fd;
  }

  close(fd: number): void {
    const slot = this.slots.indexOf(fd);
    if (slot >= 0) Atomics.store(this.slots, slot, -1);
    closeSync(fd);
  }
}

/**
 * Walks the tree below the start depth-first, in name order, without following symlinks (they
 * are listed, never entered). Each directory is opened relative to its already-open parent with
 * O_NOFOLLOW through /proc/self/fd, so a component swapped for a symlink mid-walk cannot lead it
 * outside; without /proc, each directory's real path must be its parent's plus its name.
 * Excluded and ignored entries are neither yielded nor entered. Stopping (by the caller's
 * `return` too) closes every descriptor.
 */
export function* walkTree(settings: WalkSettings, control: WalkControl): Generator<WalkEntry> {
  const excluded = globMatcher(settings.exclude);
  const gitignore = settings.respectGitignore ? new GitignoreStack() : undefined;
  const viaProc = control.prefix.startsWith('/proc/self/fd/');
  const { stats, descriptors } = control;

  function* walkDirectory(prefix: string, base: string, depth: number): Generator<WalkEntry> {
    let dirents: Dirent[];
    try {
      dirents = readdirSync(prefix, { withFileTypes: true });
    } catch {
      stats.unreadableDirectories++;
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const pushed =
      gitignore !== undefined && dirents.some((d) => d.name === '.gitignore') && gitignore.enter(prefix, base);
    try {
      for (const dirent of dirents) {
        if (stats.stopped) return;
        const stop = stats.entries >= settings.maxEntries ? 'entry limit' : control.shouldStop();
        if (stop) {
          stats.stopped = stop;
          return;
        }
        stats.entries++;
        const { name } = dirent;
        const path = base === '' ? name : `${base}/${name}`;
        const type = entryTypeOf(dirent);
        if (excluded(path, name) || gitignore?.ignores(path, name, type === 'directory')) continue;
        yield { path, name, type, depth, parent: prefix };
        if (type !== 'directory') continue;
        if (depth >= settings.maxDepth) {
          stats.depthLimited = true;
          continue;
        }
        const child = openChild(prefix, name);
        if (child === undefined) {
          stats.unreadableDirectories++;
          continue;
        }
        try {
          yield* walkDirectory(child.prefix, path, depth + 1);
        } finally {
          descriptors.close(child.fd);
        }
      }
    } finally {
      if (pushed) gitignore.leave();
    }
  }

  function openChild(parent: string, name: string): { fd: number; prefix: string } | undefined {
    const path = join(parent, name);
    let fd: number;
    try {
      // O_NOFOLLOW: a directory swapped for a symlink since it was listed is not entered.
      fd = descriptors.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    } catch {
      return undefined;
    }
    if (viaProc) return { fd, prefix: `/proc/self/fd/${fd}` };
    let real: string | undefined;
    try {
      real = realpathSync(path);
    } catch {
      real = undefined;
    }
    // Without /proc a directory is named by its real path, so a child's must be exactly that plus its name.
    if (real === path) return { fd, prefix: real };
    descriptors.close(fd);
    return undefined;
  }

  yield* walkDirectory(control.prefix, '', 1);
}
