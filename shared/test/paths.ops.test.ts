import {
  link,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  realpath,
  rm,
  stat,
  symlink,
  writeFile
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PathAccessError, PathGuard } from '../src/paths/index.js';
import type { PathErrorCode } from '../src/paths/index.js';

// Directory-level operations of the guard: openDirectory, openParent, makeDirectory, rename,
// and exclusive/streamed atomic writes. Races are in paths.race.test.ts.

let base: string;
let root: string;
let outside: string;
let guard: PathGuard;

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'paths-ops-')));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(join(root, 'sub'), { recursive: true });
  await mkdir(join(outside, 'nested'), { recursive: true });
  await writeFile(join(root, 'a.txt'), 'A');
  await writeFile(join(root, 'sub', 'b.txt'), 'B');
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await symlink(join(outside, 'secret.txt'), join(root, 'out-link'));
  await symlink(outside, join(root, 'out-dir'));
  await symlink('a.txt', join(root, 'in-link'));
  guard = await PathGuard.create([root]);
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function outsideState(): Promise<string[]> {
  const names = await readdir(outside, { recursive: true });
  return Promise.all(
    names.sort().map(async (name) => {
      const info = await stat(join(outside, name));
      return info.isFile() ? `${name}:${await readFile(join(outside, name), 'utf8')}` : name;
    })
  );
}

async function expectCode(run: () => Promise<unknown>, code: PathErrorCode): Promise<PathAccessError> {
  const before = await outsideState();
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught
  );
  expect(error).toBeInstanceOf(PathAccessError);
  expect((error as PathAccessError).code).toBe(code);
  // The caller's own path is echoed; nothing else may reveal the outside layout.
  const { message, userPath } = error as PathAccessError;
  expect(message.replace(JSON.stringify(userPath), '')).not.toContain(outside);
  expect(await outsideState()).toEqual(before);
  return error as PathAccessError;
}

describe('openDirectory', () => {
  it('lists a directory through its pinned prefix', async () => {
    const dir = await guard.openDirectory('sub');
    try {
      expect(dir.realPath).toBe(join(root, 'sub'));
      expect(await readdir(dir.prefix)).toEqual(['b.txt']);
    } finally {
      await dir.handle.close();
    }
  });

  it('refuses files, outside paths and links that lead outside', async () => {
    const file = await expectCode(() => guard.openDirectory('a.txt'), 'NOT_A_DIRECTORY');
    expect(file.message).toBe('path "a.txt" is not a directory');
    await expectCode(() => guard.openDirectory(outside), 'OUTSIDE_ROOTS');
    await expectCode(() => guard.openDirectory('out-dir'), 'SYMLINK_ESCAPE');
    await expectCode(() => guard.openDirectory('missing'), 'NOT_FOUND');
  });
});

describe('openParent', () => {
  it('names the entry itself, so a symlink can be inspected without following it', async () => {
    const { parent, name } = await guard.openParent('out-link');
    try {
      expect(parent.realPath).toBe(root);
      expect(name).toBe('out-link');
      expect((await lstat(join(parent.prefix, name))).isSymbolicLink()).toBe(true);
    } finally {
      await parent.handle.close();
    }
  });

  it('accepts trailing slashes and entries that do not exist yet', async () => {
    const { parent, name } = await guard.openParent(`${root}/sub/new/`);
    await parent.handle.close();
    expect([parent.realPath, name]).toEqual([join(root, 'sub'), 'new']);
  });

  it('refuses a NUL byte in the final component, before touching the filesystem', async () => {
    await expectCode(() => guard.openParent('a.txt\0'), 'NUL_BYTE');
    await expectCode(() => guard.rename('a.txt', 'b.txt\0'), 'NUL_BYTE');
  });

  it('refuses a root itself, a trailing .., and a parent outside', async () => {
    await expectCode(() => guard.openParent(root), 'OUTSIDE_ROOTS');
    await expectCode(() => guard.openParent('sub/..'), 'INVALID_PATH');
    const error = await expectCode(() => guard.openParent('out-dir/secret.txt'), 'SYMLINK_ESCAPE');
    expect(error.userPath).toBe('out-dir/secret.txt');
    await expectCode(() => guard.openParent('../outside/x'), 'OUTSIDE_ROOTS');
  });
});

describe('makeDirectory', () => {
  it('creates every missing level and says how many', async () => {
    const made = await guard.makeDirectory('sub/x/y/z');
    expect(made).toEqual({ realPath: join(root, 'sub', 'x', 'y', 'z'), created: 3 });
    expect((await stat(made.realPath)).isDirectory()).toBe(true);
    expect(await guard.makeDirectory('sub/x')).toEqual({ realPath: join(root, 'sub', 'x'), created: 0 });
  });

  it('refuses to create through a link that leads outside, or next to the root', async () => {
    await expectCode(() => guard.makeDirectory('out-dir/planted'), 'SYMLINK_ESCAPE');
    await expectCode(() => guard.makeDirectory('../outside/planted'), 'OUTSIDE_ROOTS');
    await expectCode(() => guard.makeDirectory('sub/missing/../../../outside/p'), 'OUTSIDE_ROOTS');
  });

  it('refuses a path that exists as a file or goes through one', async () => {
    const error = await expectCode(() => guard.makeDirectory('a.txt'), 'ALREADY_EXISTS');
    expect(error.message).toBe('path "a.txt" already exists and is not a directory');
    await expectCode(() => guard.makeDirectory('a.txt/x'), 'NOT_A_DIRECTORY');
  });
});

describe('rename', () => {
  it('moves a file and refuses to replace an existing one unless asked', async () => {
    await writeFile(join(root, 'sub', 'keep.txt'), 'keep');
    await expectCode(() => guard.rename('a.txt', 'sub/keep.txt'), 'ALREADY_EXISTS');
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('A');
    expect(await readFile(join(root, 'sub', 'keep.txt'), 'utf8')).toBe('keep');

    expect(await guard.rename('a.txt', 'sub/moved.txt')).toEqual({
      source: join(root, 'a.txt'),
      destination: join(root, 'sub', 'moved.txt')
    });
    expect((await stat(join(root, 'sub', 'moved.txt'))).nlink).toBe(1);
    await guard.rename('sub/moved.txt', 'sub/keep.txt', { overwrite: true });
    expect(await readFile(join(root, 'sub', 'keep.txt'), 'utf8')).toBe('A');
    await expectCode(() => guard.rename('a.txt', 'b.txt'), 'NOT_FOUND');
  });

  it('moves directories, refusing an existing destination and a move into itself', async () => {
    await mkdir(join(root, 'other'));
    await expectCode(() => guard.rename('sub', 'other'), 'ALREADY_EXISTS');
    const inside = await expectCode(() => guard.rename('sub', 'sub/deeper'), 'INVALID_PATH');
    expect(inside.message).toBe('destination "sub/deeper" is inside source "sub"');
    await guard.rename('sub', 'other/sub');
    expect(await readFile(join(root, 'other', 'sub', 'b.txt'), 'utf8')).toBe('B');
  });

  it('moves a symlink as a link, never its target', async () => {
    await guard.rename('out-link', 'sub/still-a-link');
    expect(await readlink(join(root, 'sub', 'still-a-link'))).toBe(join(outside, 'secret.txt'));
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('never moves anything to or from outside the roots', async () => {
    await expectCode(() => guard.rename('a.txt', join(outside, 'a.txt')), 'OUTSIDE_ROOTS');
    await expectCode(() => guard.rename('a.txt', 'out-dir/a.txt'), 'SYMLINK_ESCAPE');
    await expectCode(() => guard.rename(join(outside, 'secret.txt'), 'stolen.txt'), 'OUTSIDE_ROOTS');
    await expectCode(() => guard.rename('out-dir/secret.txt', 'stolen.txt'), 'SYMLINK_ESCAPE');
    await expectCode(() => guard.rename(root, join(root, 'sub', 'root')), 'OUTSIDE_ROOTS');
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('A');
  });
});

describe('writeFileAtomic options', () => {
  it('exclusive creates a new file but never replaces one', async () => {
    await guard.writeFileAtomic('sub/new.txt', 'new', 'path', { exclusive: true });
    expect(await readFile(join(root, 'sub', 'new.txt'), 'utf8')).toBe('new');
    expect((await stat(join(root, 'sub', 'new.txt'))).nlink).toBe(1);
    await expectCode(
      () => guard.writeFileAtomic('sub/new.txt', 'again', 'path', { exclusive: true }),
      'ALREADY_EXISTS'
    );
    expect(await readFile(join(root, 'sub', 'new.txt'), 'utf8')).toBe('new');
    expect((await readdir(join(root, 'sub'))).sort()).toEqual(['b.txt', 'new.txt']);
  });

  it('writes streamed chunks, and leaves no temp file when the stream fails', async () => {
    await guard.writeFileAtomic('streamed.txt', Readable.from([Buffer.from('one '), Buffer.from('two')]));
    expect(await readFile(join(root, 'streamed.txt'), 'utf8')).toBe('one two');

    async function* failing() {
      yield Buffer.from('partial');
      throw new Error('source broke');
    }
    await expect(guard.writeFileAtomic('a.txt', failing())).rejects.toThrow('source broke');
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('A');
    expect((await readdir(root)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('an exclusive write next to a hard link does not disturb it', async () => {
    await link(join(outside, 'secret.txt'), join(root, 'hard.txt'));
    await expectCode(() => guard.writeFileAtomic('hard.txt', 'x', 'path', { exclusive: true }), 'ALREADY_EXISTS');
  });
});
