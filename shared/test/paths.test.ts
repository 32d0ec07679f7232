import { execFileSync } from 'node:child_process';
import {
  chmod,
  link,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PathAccessError, PathGuard, writeFileAtomic } from '../src/paths/index.js';
import type { PathErrorCode } from '../src/paths/index.js';

let base: string; // realpath'd temp dir holding everything below
let root: string; // the allowed directory
let outside: string; // sibling that must never be touched
let evil: string; // sibling sharing root's name as a string prefix
let guard: PathGuard;

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'paths-test-')));
  root = join(base, 'root');
  outside = join(base, 'outside');
  evil = join(base, 'root_evil');
  await mkdir(join(root, 'sub', 'deeper'), { recursive: true });
  await mkdir(join(outside, 'nested'), { recursive: true });
  await mkdir(evil);
  await writeFile(join(root, 'inside.txt'), 'inside');
  await writeFile(join(root, 'sub', 'file.txt'), 'sub file');
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await writeFile(join(outside, 'nested', 'deep.txt'), 'deep secret');
  await writeFile(join(evil, 'evil.txt'), 'evil');
  guard = await PathGuard.create([root]);
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Everything below `dir`: type, mode, content or link target. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    const info = await lstat(path);
    if (info.isSymbolicLink()) result[name] = `link:${await readlink(path)}`;
    else if (info.isDirectory()) result[name] = `dir:${info.mode}`;
    else result[name] = `file:${info.mode}:${info.nlink}:${await readFile(path, 'utf8')}`;
  }
  return result;
}

async function expectCode(promise: Promise<unknown>, code: PathErrorCode): Promise<PathAccessError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  );
  expect(error).toBeInstanceOf(PathAccessError);
  expect((error as PathAccessError).code).toBe(code);
  return error as PathAccessError;
}

/** A refused write must leave the outside world (and the prefix-sibling) exactly as it was. */
async function expectRefusedWrite(run: () => Promise<unknown>, code: PathErrorCode): Promise<PathAccessError> {
  const before = [await snapshot(outside), await snapshot(evil)];
  const error = await expectCode(run(), code);
  expect([await snapshot(outside), await snapshot(evil)]).toEqual(before);
  return error;
}

/** Every way of writing, for a path that must be refused. */
async function expectAllWritesRefused(userPath: string, code: PathErrorCode, g: PathGuard = guard): Promise<void> {
  await expectRefusedWrite(() => g.resolve(userPath, 'write'), code);
  await expectRefusedWrite(() => g.openForWrite(userPath), code);
  await expectRefusedWrite(() => g.openForAppend(userPath), code);
  await expectRefusedWrite(() => g.writeFileAtomic(userPath, 'pwned'), code);
}

describe('start-up', () => {
  it('throws a clear error naming a missing root as given', async () => {
    const given = join(base, 'does-not-exist');
    await expect(PathGuard.create([root, given])).rejects.toThrow(
      `allowed directory ${JSON.stringify(given)} does not exist`
    );
  });

  it('refuses a root that is a file', async () => {
    const given = join(root, 'inside.txt');
    await expect(PathGuard.create([given])).rejects.toThrow(`${JSON.stringify(given)} is not a directory`);
  });

  it('refuses empty and NUL-containing roots', async () => {
    await expect(PathGuard.create([''])).rejects.toThrow('is not a valid path');
    await expect(PathGuard.create([`${root}\0x`])).rejects.toThrow('is not a valid path');
  });

  it('accepts a root given through a symlink, realpaths it and hides the target', async () => {
    const alias = join(base, 'alias');
    await symlink(root, alias);
    const g = await PathGuard.create([alias]);
    expect(g.roots).toEqual([root]);
    expect(g.displayRoots).toEqual([alias]);
    expect(await g.resolve(join(alias, 'inside.txt'), 'read')).toBe(join(root, 'inside.txt'));
    expect(await g.resolve('inside.txt', 'read')).toBe(join(root, 'inside.txt'));
    expect(g.toDisplayPath(join(root, 'sub', 'file.txt'))).toBe(join(alias, 'sub', 'file.txt'));
    const error = await expectCode(g.resolve('missing.txt', 'read'), 'NOT_FOUND');
    expect(error.message).not.toContain(root);
  });

  it('accepts paths under a root given through a chain of links that passes outside', async () => {
    // alias -> elsewhere/link -> root: "elsewhere" is outside, but on the configured way to the root.
    await mkdir(join(base, 'elsewhere'));
    await symlink(root, join(base, 'elsewhere', 'link'));
    await symlink(join(base, 'elsewhere', 'link'), join(base, 'alias'));
    const g = await PathGuard.create([join(base, 'alias')]);
    expect(await g.resolve(join(base, 'alias', 'sub', 'file.txt'), 'read')).toBe(join(root, 'sub', 'file.txt'));
    expect(await g.resolve('inside.txt', 'read')).toBe(join(root, 'inside.txt'));
    await writeFile(join(base, 'elsewhere', 'other.txt'), 'x');
    await expectCode(g.resolve(join(base, 'elsewhere', 'other.txt'), 'read'), 'OUTSIDE_ROOTS');
    const narrowed = await g.narrow([pathToFileURL(join(base, 'alias', 'sub')).href]);
    expect(await narrowed.resolve(join(base, 'alias', 'sub', 'file.txt'), 'read')).toBe(join(root, 'sub', 'file.txt'));
  });

  it('expands ~ in roots and deduplicates roots with the same real path', async () => {
    const g = await PathGuard.create(['~/root', root, `${root}/sub/..`], { home: base });
    expect(g.roots).toEqual([root]);
  });

  it('with no roots refuses everything', async () => {
    const g = await PathGuard.create([]);
    expect(g.roots).toEqual([]);
    await expectCode(g.resolve('inside.txt', 'read'), 'OUTSIDE_ROOTS');
    await expectCode(g.resolve(join(root, 'inside.txt'), 'read'), 'OUTSIDE_ROOTS');
    expect(g.isInside(root)).toBe(false);
  });
});

describe('containment', () => {
  it('decides on whole components, not string prefixes (CVE-2025-53110)', async () => {
    expect(guard.isInside(root)).toBe(true);
    expect(guard.isInside(join(root, 'a', 'b'))).toBe(true);
    expect(guard.isInside(evil)).toBe(false);
    expect(guard.isInside(join(evil, 'evil.txt'))).toBe(false);
    expect(guard.isInside(`${root}/../outside`)).toBe(false);
    expect(guard.isInside('root/inside.txt')).toBe(false);
    await expectCode(guard.resolve(join(evil, 'evil.txt'), 'read'), 'OUTSIDE_ROOTS');
    await expectCode(guard.resolve(`${root}_evil/evil.txt`, 'read'), 'OUTSIDE_ROOTS');
    await expectAllWritesRefused(join(evil, 'evil.txt'), 'OUTSIDE_ROOTS');
    await expectAllWritesRefused(join(evil, 'new.txt'), 'OUTSIDE_ROOTS');
    await expectCode(guard.resolveNew(join(evil, 'a', 'b')), 'OUTSIDE_ROOTS');
  });

  it('refuses .. chains that leave the root', async () => {
    await expectCode(guard.resolve('a/../../outside/secret.txt', 'read'), 'OUTSIDE_ROOTS');
    await expectCode(guard.resolve('../outside/secret.txt', 'read'), 'OUTSIDE_ROOTS');
    await expectCode(guard.resolve(`${root}/../outside/secret.txt`, 'read'), 'OUTSIDE_ROOTS');
    await expectCode(guard.resolve('sub/../../root_evil/evil.txt', 'read'), 'OUTSIDE_ROOTS');
    await expectAllWritesRefused('sub/../../outside/secret.txt', 'OUTSIDE_ROOTS');
    await expectAllWritesRefused('sub/../../outside/new.txt', 'OUTSIDE_ROOTS');
  });

  it('allows .. that stays inside', async () => {
    expect(await guard.resolve('sub/../inside.txt', 'read')).toBe(join(root, 'inside.txt'));
    expect(await guard.resolve(`${root}/sub/deeper/../file.txt`, 'read')).toBe(join(root, 'sub', 'file.txt'));
  });

  it('gives the exact documented message without host paths', async () => {
    const error = await expectCode(guard.resolve('../../etc/passwd', 'read'), 'OUTSIDE_ROOTS');
    expect(error.message).toBe(
      'path "../../etc/passwd" is outside the allowed directories (use list_allowed_directories to see them)'
    );
    expect(error.argument).toBe('path');
    expect(error.userPath).toBe('../../etc/passwd');
    const named = await expectCode(guard.resolve('/etc/passwd', 'write', 'destination'), 'OUTSIDE_ROOTS');
    expect(named.message.startsWith('destination "/etc/passwd" is outside')).toBe(true);
    expect(named.argument).toBe('destination');
  });

  it('refuses absolute paths outside, and does not reveal whether they exist', async () => {
    await expectCode(guard.resolve(join(outside, 'secret.txt'), 'read'), 'OUTSIDE_ROOTS');
    await expectCode(guard.resolve(join(outside, 'no-such-file'), 'read'), 'OUTSIDE_ROOTS');
    await expectCode(guard.resolve(join(outside, 'no-such-dir', 'x', '..', 'y'), 'read'), 'OUTSIDE_ROOTS');
    await expectCode(guard.resolve('/', 'read'), 'OUTSIDE_ROOTS');
    await expectAllWritesRefused(join(outside, 'secret.txt'), 'OUTSIDE_ROOTS');
    await expectAllWritesRefused(join(outside, 'created.txt'), 'OUTSIDE_ROOTS');
  });

  it('does not reveal whether an outside path exists through .. that climbs back in', async () => {
    // Each pair differs only in whether the outside entry exists; both must be refused alike.
    for (const [exists, missing] of [
      ['../outside/secret.txt/../../root/inside.txt', '../outside/no-such.txt/../../root/inside.txt'],
      ['../outside/nested/../../root/inside.txt', '../outside/no-such-dir/../../root/inside.txt'],
      [`${outside}/nested/../../root/inside.txt`, `${outside}/gone/../../root/inside.txt`],
      ['../root_evil/../root/inside.txt', '../root_evil2/../root/inside.txt']
    ]) {
      await expectCode(guard.resolve(exists!, 'read'), 'OUTSIDE_ROOTS');
      await expectCode(guard.resolve(missing!, 'read'), 'OUTSIDE_ROOTS');
      await expectAllWritesRefused(exists!, 'OUTSIDE_ROOTS');
      await expectCode(guard.resolveNew(`${exists!}-dir/x`), 'OUTSIDE_ROOTS');
    }
    await symlink(outside, join(root, 'hop'));
    await expectCode(guard.resolve('hop/nested/../../root/inside.txt', 'read'), 'SYMLINK_ESCAPE');
    await expectCode(guard.resolve('hop/no-such/../../root/inside.txt', 'read'), 'SYMLINK_ESCAPE');
    // Climbing through the directories above a root stays possible: they lead to it.
    expect(await guard.resolve(`../../${base.split('/').pop()}/root/inside.txt`, 'read')).toBe(
      join(root, 'inside.txt')
    );
  });

  it('refuses .. after a file, as the kernel does', async () => {
    await expectCode(guard.resolve('inside.txt/../sub/file.txt', 'read'), 'NOT_A_DIRECTORY');
    await expectCode(guard.resolve('sub/file.txt/..', 'write'), 'NOT_A_DIRECTORY');
  });

  it('refuses NUL bytes and empty paths', async () => {
    const error = await expectCode(guard.resolve('inside.txt\0.png', 'read'), 'NUL_BYTE');
    expect(error.message).not.toContain('\0');
    await expectCode(guard.resolveNew('a\0b'), 'NUL_BYTE');
    await expectAllWritesRefused('inside.txt\0', 'NUL_BYTE');
    await expectCode(guard.resolve('', 'read'), 'INVALID_PATH');
  });

  it('expands ~ and ~/x against the configured home only', async () => {
    const g = await PathGuard.create([root], { home: root });
    expect(await g.resolve('~', 'read')).toBe(root);
    expect(await g.resolve('~/inside.txt', 'read')).toBe(join(root, 'inside.txt'));
    expect(await g.resolve('~user', 'write')).toBe(join(root, '~user'));
    expect(await g.resolveNew('~user/x')).toBe(join(root, '~user', 'x'));
    const away = await PathGuard.create([root], { home: outside });
    await expectCode(away.resolve('~/secret.txt', 'read'), 'OUTSIDE_ROOTS');
    await expectRefusedWrite(() => away.openForWrite('~/secret.txt'), 'OUTSIDE_ROOTS');
  });

  it('resolves relative paths against the first root', async () => {
    const second = join(base, 'second');
    await mkdir(second);
    await writeFile(join(second, 'only-second.txt'), 'x');
    const g = await PathGuard.create([root, second]);
    expect(await g.resolve('inside.txt', 'read')).toBe(join(root, 'inside.txt'));
    expect(await g.resolve('./sub/file.txt', 'read')).toBe(join(root, 'sub', 'file.txt'));
    await expectCode(g.resolve('only-second.txt', 'read'), 'NOT_FOUND');
    expect(await g.resolve(join(second, 'only-second.txt'), 'read')).toBe(join(second, 'only-second.txt'));
    expect(await g.resolve('../second/only-second.txt', 'read')).toBe(join(second, 'only-second.txt'));
  });

  it('shows only inside paths', () => {
    expect(guard.toDisplayPath(join(root, 'a'))).toBe(join(root, 'a'));
    expect(guard.toDisplayPath(join(outside, 'secret.txt'))).toBe('(outside the allowed directories)');
    expect(guard.toDisplayPath(join(evil, 'evil.txt'))).toBe('(outside the allowed directories)');
  });
});

describe('access modes', () => {
  it('read requires an existing entry', async () => {
    expect(await guard.resolve('inside.txt', 'read')).toBe(join(root, 'inside.txt'));
    expect(await guard.resolve('sub', 'read')).toBe(join(root, 'sub'));
    await expectCode(guard.resolve('missing.txt', 'read'), 'NOT_FOUND');
  });

  it('write accepts existing files and new files in existing directories', async () => {
    expect(await guard.resolve('inside.txt', 'write')).toBe(join(root, 'inside.txt'));
    expect(await guard.resolve('new.txt', 'write')).toBe(join(root, 'new.txt'));
    expect(await guard.resolve('sub/deeper/new.txt', 'write')).toBe(join(root, 'sub', 'deeper', 'new.txt'));
    await expectCode(guard.resolve('no-dir/new.txt', 'write'), 'NOT_FOUND');
    await expectCode(guard.resolve('inside.txt/new.txt', 'write'), 'NOT_A_DIRECTORY');
  });

  it('create requires a new name in an existing directory', async () => {
    expect(await guard.resolve('new.txt', 'create')).toBe(join(root, 'new.txt'));
    await expectCode(guard.resolve('inside.txt', 'create'), 'ALREADY_EXISTS');
    await expectCode(guard.resolve('no-dir/new.txt', 'create'), 'NOT_FOUND');
    await expectCode(guard.resolve('inside.txt/new.txt', 'create'), 'NOT_A_DIRECTORY');
  });

  it('resolveNew handles several missing trailing components', async () => {
    expect(await guard.resolveNew('a/b/c')).toBe(join(root, 'a', 'b', 'c'));
    expect(await guard.resolveNew('sub/x/y')).toBe(join(root, 'sub', 'x', 'y'));
    expect(await guard.resolveNew('sub')).toBe(join(root, 'sub'));
    await expectCode(guard.resolveNew('a/b/../c'), 'INVALID_PATH');
    await expectCode(guard.resolveNew('a/../b'), 'INVALID_PATH');
    await expectCode(guard.resolveNew('a/../../outside/x'), 'OUTSIDE_ROOTS');
    await expectCode(guard.resolveNew('inside.txt/a/b'), 'NOT_A_DIRECTORY');
    await expectCode(guard.resolveNew('../outside/a/b'), 'OUTSIDE_ROOTS');
    await expectCode(guard.resolveNew(join(outside, 'nope', '..', 'x')), 'OUTSIDE_ROOTS');
  });
});

describe('symlinks (CVE-2025-53109)', () => {
  it('refuses a symlinked file pointing outside for every mode', async () => {
    await symlink(join(outside, 'secret.txt'), join(root, 'link.txt'));
    await expectCode(guard.resolve('link.txt', 'read'), 'SYMLINK_ESCAPE');
    await expectCode(guard.openForRead('link.txt'), 'SYMLINK_ESCAPE');
    await expectCode(guard.resolve('link.txt', 'create'), 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('link.txt', 'SYMLINK_ESCAPE');
    await expectAllWritesRefused(join(root, 'link.txt'), 'SYMLINK_ESCAPE');
  });

  it('refuses a relative symlink climbing out', async () => {
    await symlink('../outside/secret.txt', join(root, 'rel.txt'));
    await expectCode(guard.resolve('rel.txt', 'read'), 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('rel.txt', 'SYMLINK_ESCAPE');
  });

  it('refuses reads, writes and creates through a symlinked directory pointing outside', async () => {
    await symlink(outside, join(root, 'linkdir'));
    await expectCode(guard.resolve('linkdir', 'read'), 'SYMLINK_ESCAPE');
    await expectCode(guard.resolve('linkdir/secret.txt', 'read'), 'SYMLINK_ESCAPE');
    await expectCode(guard.openForRead('linkdir/secret.txt'), 'SYMLINK_ESCAPE');
    await expectCode(guard.resolve('linkdir/new.txt', 'create'), 'SYMLINK_ESCAPE');
    await expectCode(guard.resolveNew('linkdir/a/b'), 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('linkdir/secret.txt', 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('linkdir/new.txt', 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('linkdir/nested/deep.txt', 'SYMLINK_ESCAPE');
  });

  it('refuses an intermediate directory symlink', async () => {
    await symlink(outside, join(root, 'sub', 'hop'));
    await expectCode(guard.resolve('sub/hop/nested/deep.txt', 'read'), 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('sub/hop/nested/deep.txt', 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('sub/hop/nested/new.txt', 'SYMLINK_ESCAPE');
  });

  it('applies .. after a symlink the way the kernel does, not lexically', async () => {
    await symlink(join(outside, 'nested'), join(root, 'sub', 'jump'));
    // Lexically this is root/sub/secret.txt; really it is outside/secret.txt.
    await expectCode(guard.resolve('sub/jump/../secret.txt', 'read'), 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('sub/jump/../secret.txt', 'SYMLINK_ESCAPE');
  });

  it('refuses chains that end outside and allows chains that stay inside', async () => {
    await symlink(join(outside, 'secret.txt'), join(root, 'c3'));
    await symlink('c3', join(root, 'c2'));
    await symlink(join(root, 'c2'), join(root, 'c1'));
    await expectCode(guard.resolve('c1', 'read'), 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('c1', 'SYMLINK_ESCAPE');

    await symlink('inside.txt', join(root, 'i2'));
    await symlink('i2', join(root, 'i1'));
    expect(await guard.resolve('i1', 'read')).toBe(join(root, 'inside.txt'));
    expect(await guard.resolve('i1', 'write')).toBe(join(root, 'inside.txt'));
  });

  it('refuses symlink loops', async () => {
    await symlink('loop-b', join(root, 'loop-a'));
    await symlink('loop-a', join(root, 'loop-b'));
    await expectCode(guard.resolve('loop-a', 'read'), 'INVALID_PATH');
    await expectCode(guard.resolve('loop-a/x', 'write'), 'INVALID_PATH');
  });

  it('follows up to 40 links like the kernel, and no more', async () => {
    for (let i = 1; i <= 41; i++) await symlink(i === 1 ? 'inside.txt' : `hop${i - 1}`, join(root, `hop${i}`));
    expect(await guard.resolve('hop40', 'read')).toBe(join(root, 'inside.txt'));
    await expectCode(guard.resolve('hop41', 'read'), 'INVALID_PATH');
  });

  it('refuses a dangling link to outside, also after its target appears', async () => {
    const target = join(outside, 'later.txt');
    await symlink(target, join(root, 'dangling'));
    await expectCode(guard.resolve('dangling', 'read'), 'SYMLINK_ESCAPE');
    await expectCode(guard.resolve('dangling', 'create'), 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('dangling', 'SYMLINK_ESCAPE');
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });

    await writeFile(target, 'created later');
    await expectCode(guard.resolve('dangling', 'read'), 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('dangling', 'SYMLINK_ESCAPE');
    expect(await readFile(target, 'utf8')).toBe('created later');
  });

  it('refuses a dangling directory link to outside for nested creation', async () => {
    await symlink(join(outside, 'future-dir'), join(root, 'dangling-dir'));
    await expectCode(guard.resolveNew('dangling-dir/a/b'), 'SYMLINK_ESCAPE');
    await expectAllWritesRefused('dangling-dir/x.txt', 'SYMLINK_ESCAPE');
    await expect(stat(join(outside, 'future-dir'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('treats a dangling link inside as missing for read and as its target for write', async () => {
    await symlink('target-new.txt', join(root, 'dangling-in'));
    const error = await expectCode(guard.resolve('dangling-in', 'read'), 'NOT_FOUND');
    expect(error.message).toBe('path "dangling-in" is a symbolic link whose target does not exist');
    expect(await guard.resolve('dangling-in', 'write')).toBe(join(root, 'target-new.txt'));
    expect(await guard.resolve('dangling-in', 'create')).toBe(join(root, 'target-new.txt'));
    const { handle, realPath } = await guard.openForWrite('dangling-in');
    await handle.writeFile('via link');
    await handle.close();
    expect(realPath).toBe(join(root, 'target-new.txt'));
    expect(await readFile(join(root, 'target-new.txt'), 'utf8')).toBe('via link');
    expect((await lstat(join(root, 'dangling-in'))).isSymbolicLink()).toBe(true);
  });

  it('never puts a symlink target or a real root into an error message', async () => {
    const hidden = join(outside, 'hidden-target-name.txt');
    await writeFile(hidden, 'x');
    await symlink(hidden, join(root, 'innocent'));
    const messages: string[] = [];
    for (const run of [
      () => guard.resolve('innocent', 'read'),
      () => guard.resolve('innocent', 'write'),
      () => guard.openForRead('innocent'),
      () => guard.openForWrite('innocent'),
      () => guard.writeFileAtomic('innocent', 'x'),
      () => guard.resolveNew('innocent/x')
    ]) {
      messages.push((await expectCode(run(), 'SYMLINK_ESCAPE')).message);
    }
    for (const message of messages) {
      expect(message).toMatch(/^path "innocent(\/x)?" /);
      expect(message).not.toContain('hidden-target-name');
      expect(message).not.toContain(base);
    }
  });
});

describe('hard links', () => {
  it('refuses writes to a file with several links, allows reads', async () => {
    await link(join(outside, 'secret.txt'), join(root, 'hard.txt'));
    expect(await guard.resolve('hard.txt', 'read')).toBe(join(root, 'hard.txt'));
    await expectAllWritesRefused('hard.txt', 'HARD_LINK');
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('allows them with allowHardLinkWrites', async () => {
    await link(join(root, 'inside.txt'), join(root, 'hard.txt'));
    const g = await PathGuard.create([root], { allowHardLinkWrites: true });
    expect(await g.resolve('hard.txt', 'write')).toBe(join(root, 'hard.txt'));
    const { handle } = await g.openForWrite('hard.txt');
    await handle.writeFile('changed');
    await handle.close();
    expect(await readFile(join(root, 'inside.txt'), 'utf8')).toBe('changed');
  });

  it('does not mistake directories (nlink >= 2) for hard links', async () => {
    expect(await guard.resolve('sub', 'write')).toBe(join(root, 'sub'));
  });
});

describe('open-then-verify', () => {
  it('opens a file for reading and reports its real path', async () => {
    const { handle, realPath } = await guard.openForRead('sub/file.txt');
    expect(await handle.readFile('utf8')).toBe('sub file');
    await handle.close();
    expect(realPath).toBe(join(root, 'sub', 'file.txt'));
  });

  it('refuses directories and FIFOs for reading without blocking', async () => {
    await expectCode(guard.openForRead('sub'), 'NOT_A_FILE');
    execFileSync('mkfifo', [join(root, 'fifo')]);
    await expectCode(guard.openForRead('fifo'), 'NOT_A_FILE');
    await expectCode(guard.openForWrite('fifo'), 'NOT_A_FILE');
  });

  it('refuses to replace a FIFO, socket or device by an atomic write, and leaves it in place', async () => {
    execFileSync('mkfifo', [join(root, 'fifo')]);
    await expectCode(guard.writeFileAtomic('fifo', 'data'), 'NOT_A_FILE');
    expect((await lstat(join(root, 'fifo'))).isFIFO()).toBe(true);
    // the unguarded helper refuses too, and leaves no temp file behind
    await expect(writeFileAtomic(join(root, 'fifo'), 'data')).rejects.toMatchObject({ code: 'ENOTREG' });
    expect((await lstat(join(root, 'fifo'))).isFIFO()).toBe(true);
    expect((await readdir(root)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // nor does a move with overwrite replace it
    await writeFile(join(root, 'moving.txt'), 'm');
    await expectCode(guard.rename('moving.txt', 'fifo', { overwrite: true }), 'NOT_A_FILE');
    expect((await lstat(join(root, 'fifo'))).isFIFO()).toBe(true);
    // a regular file and a fresh name are still written
    await guard.writeFileAtomic('fresh.txt', 'ok');
    expect(await readFile(join(root, 'fresh.txt'), 'utf8')).toBe('ok');
  });

  it('opens for writing: truncates after verification, or keeps content, or creates exclusively', async () => {
    const first = await guard.openForWrite('inside.txt');
    await first.handle.writeFile('new');
    await first.handle.close();
    expect(await readFile(join(root, 'inside.txt'), 'utf8')).toBe('new');

    const kept = await guard.openForWrite('inside.txt', 'path', { truncate: false });
    await kept.handle.close();
    expect(await readFile(join(root, 'inside.txt'), 'utf8')).toBe('new');

    const created = await guard.openForWrite('made.txt', 'path', { exclusive: true, mode: 0o600 });
    await created.handle.close();
    expect(created.realPath).toBe(join(root, 'made.txt'));
    expect((await stat(join(root, 'made.txt'))).mode & 0o777).toBe(0o600);
    await expectCode(guard.openForWrite('made.txt', 'path', { exclusive: true }), 'ALREADY_EXISTS');
    await expectCode(guard.openForWrite('sub'), 'NOT_A_FILE');
    await expectCode(guard.openForWrite(root), 'NOT_A_FILE');
  });

  it('appends and creates', async () => {
    for (const chunk of ['a', 'b']) {
      const { handle } = await guard.openForAppend('log.txt');
      await handle.write(chunk);
      await handle.close();
    }
    expect(await readFile(join(root, 'log.txt'), 'utf8')).toBe('ab');
  });

  for (const useProcFs of [true, false]) {
    it(`refuses a directory swapped for an outside symlink after resolve (useProcFs: ${useProcFs})`, async () => {
      const g = await PathGuard.create([root], { useProcFs });
      const real = await g.resolve('sub/file.txt', 'read');
      const target = await g.resolve('sub/new.txt', 'write');
      await rename(join(root, 'sub'), join(root, 'sub-old'));
      await writeFile(join(outside, 'file.txt'), 'outside file');
      await symlink(outside, join(root, 'sub'));

      await expectCode(g.openForRead(real), 'SYMLINK_ESCAPE');
      await expectRefusedWrite(() => g.openForWrite(real), 'SYMLINK_ESCAPE');
      await expectRefusedWrite(() => g.openForAppend(real), 'SYMLINK_ESCAPE');
      await expectRefusedWrite(() => g.writeFileAtomic(target, 'pwned'), 'SYMLINK_ESCAPE');
      expect(await readFile(join(outside, 'file.txt'), 'utf8')).toBe('outside file');
      await expect(stat(join(outside, 'new.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it(`works end to end without /proc as well (useProcFs: ${useProcFs})`, async () => {
      const g = await PathGuard.create([root], { useProcFs });
      const read = await g.openForRead('inside.txt');
      await read.handle.close();
      expect(read.realPath).toBe(join(root, 'inside.txt'));
      const written = await g.openForWrite('sub/w.txt');
      await written.handle.writeFile('w');
      await written.handle.close();
      expect(await g.writeFileAtomic('sub/w.txt', 'atomic')).toBe(join(root, 'sub', 'w.txt'));
      expect(await readFile(join(root, 'sub', 'w.txt'), 'utf8')).toBe('atomic');
    });
  }
});

describe('writeFileAtomic', () => {
  const leftovers = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.tmp'));

  it('replaces content, keeps the existing mode exactly and leaves no temp file', async () => {
    const file = join(root, 'inside.txt');
    await chmod(file, 0o640);
    await writeFileAtomic(file, 'replaced');
    expect(await readFile(file, 'utf8')).toBe('replaced');
    expect((await stat(file)).mode & 0o7777).toBe(0o640);
    await chmod(file, 0o604); // survives even where the umask would strip it
    await writeFileAtomic(file, new TextEncoder().encode('bytes'));
    expect((await stat(file)).mode & 0o7777).toBe(0o604);
    expect(await readFile(file, 'utf8')).toBe('bytes');
    expect(await leftovers(root)).toEqual([]);
  });

  it('creates new files with the umask default or an explicit mode', async () => {
    await writeFileAtomic(join(root, 'fresh.txt'), 'x');
    expect((await stat(join(root, 'fresh.txt'))).mode & 0o777).toBe(0o666 & ~process.umask());
    await writeFileAtomic(join(root, 'explicit.txt'), 'x', { mode: 0o600 });
    expect((await stat(join(root, 'explicit.txt'))).mode & 0o777).toBe(0o600);
  });

  it('removes the temp file when writing the data fails', async () => {
    const file = join(root, 'inside.txt');
    await expect(writeFileAtomic(file, 42 as unknown as string)).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('inside');
    expect(await leftovers(root)).toEqual([]);
  });

  it('removes the temp file when the rename fails (target is a directory)', async () => {
    await mkdir(join(root, 'sub', 'deeper', 'child'));
    await expect(writeFileAtomic(join(root, 'sub', 'deeper'), 'x')).rejects.toMatchObject({ code: expect.any(String) });
    expect(await leftovers(join(root, 'sub'))).toEqual([]);
    expect((await stat(join(root, 'sub', 'deeper'))).isDirectory()).toBe(true);
  });

  it('replaces a symlink at the target instead of writing through it', async () => {
    const at = join(root, 'points-out');
    await symlink(join(outside, 'secret.txt'), at);
    await writeFileAtomic(at, 'mine');
    expect((await lstat(at)).isFile()).toBe(true);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('guard.writeFileAtomic writes through an inside symlink to its target and refuses directories', async () => {
    await symlink('inside.txt', join(root, 'alias.txt'));
    expect(await guard.writeFileAtomic('alias.txt', 'via alias')).toBe(join(root, 'inside.txt'));
    expect(await readFile(join(root, 'inside.txt'), 'utf8')).toBe('via alias');
    expect((await lstat(join(root, 'alias.txt'))).isSymbolicLink()).toBe(true);
    await expectCode(guard.writeFileAtomic('sub', 'x'), 'NOT_A_FILE');
    await expectCode(guard.writeFileAtomic('nope/x.txt', 'x'), 'NOT_FOUND');
    expect(await leftovers(root)).toEqual([]);
  });
});

describe('narrowing to client roots', () => {
  it('narrows to a client root inside an operator root', async () => {
    const narrowed = await guard.narrow([join(root, 'sub')]);
    expect(narrowed.roots).toEqual([join(root, 'sub')]);
    expect(await narrowed.resolve('file.txt', 'read')).toBe(join(root, 'sub', 'file.txt'));
    await expectCode(narrowed.resolve(join(root, 'inside.txt'), 'read'), 'OUTSIDE_ROOTS');
    await expectCode(narrowed.resolve('../inside.txt', 'read'), 'OUTSIDE_ROOTS');
    expect(guard.roots).toEqual([root]);
  });

  it('drops client roots outside every operator root', async () => {
    const narrowed = await guard.narrow([outside, join(outside, 'nested')]);
    expect(narrowed.roots).toEqual([]);
    await expectCode(narrowed.resolve(join(outside, 'secret.txt'), 'read'), 'OUTSIDE_ROOTS');
    await expectCode(narrowed.resolve(join(root, 'inside.txt'), 'read'), 'OUTSIDE_ROOTS');
  });

  it('keeps the operator root when the client root is its parent (never widens)', async () => {
    const narrowed = await guard.narrow([base, '/']);
    expect(narrowed.roots).toEqual([root]);
    await expectCode(narrowed.resolve(join(outside, 'secret.txt'), 'read'), 'OUTSIDE_ROOTS');
  });

  it('drops a sibling-prefix client root', async () => {
    const narrowed = await guard.narrow([evil, `${root}_evil`]);
    expect(narrowed.roots).toEqual([]);
  });

  it('cannot widen by narrowing again', async () => {
    const narrowed = await guard.narrow([join(root, 'sub')]);
    const again = await narrowed.narrow([root, base]);
    expect(again.roots).toEqual([join(root, 'sub')]);
  });

  it('accepts file:// URIs and drops malformed, remote, missing or non-directory roots', async () => {
    const spaced = join(root, 'with space');
    await mkdir(spaced);
    const narrowed = await guard.narrow([
      pathToFileURL(spaced).href,
      `file://localhost${join(root, 'sub')}`,
      `file://remote-host${root}`,
      `file://${root.replaceAll('/', '%2F')}`,
      `https://example.com${root}`,
      'relative/dir',
      join(root, 'missing'),
      join(root, 'inside.txt'),
      `${root}\0`
    ]);
    expect(narrowed.roots).toEqual([spaced, join(root, 'sub')]);
  });

  it('follows a client root through a symlink and drops one that leads outside', async () => {
    await symlink(join(root, 'sub'), join(base, 'client-alias'));
    await symlink(outside, join(root, 'out-link'));
    const narrowed = await guard.narrow([join(base, 'client-alias'), join(root, 'out-link')]);
    expect(narrowed.roots).toEqual([join(root, 'sub')]);
    expect(narrowed.displayRoots).toEqual([join(base, 'client-alias')]);
  });

  it('can build a guard from client roots alone', async () => {
    const g = await PathGuard.fromClientRoots([pathToFileURL(root).href, join(base, 'missing'), 'nonsense:x']);
    expect(g.roots).toEqual([root]);
    expect(await g.resolve('inside.txt', 'read')).toBe(join(root, 'inside.txt'));
    await expectCode(g.resolve(join(evil, 'evil.txt'), 'read'), 'OUTSIDE_ROOTS');
  });
});
