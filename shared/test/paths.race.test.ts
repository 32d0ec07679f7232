import {
  link,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { PathAccessError, PathGuard } from '../src/paths/index.js';

/**
 * The swap must happen between the guard's check and its open(), which a test
 * cannot time from outside; wrapping open() lets it run exactly there.
 */
const hook = vi.hoisted(() => ({ beforeOpen: undefined as ((path: string) => Promise<void>) | undefined }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (...args) => {
    const run = hook.beforeOpen;
    hook.beforeOpen = undefined;
    await run?.(String(args[0]));
    return actual.open(...args);
  };
  return { ...actual, open, default: { ...actual, open } };
});

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'paths-race-')));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(join(root, 'a', 'd'), { recursive: true });
  await mkdir(join(outside, 'a', 'd'), { recursive: true });
  await writeFile(join(root, 'a', 'd', 'file.txt'), 'inside');
  await writeFile(join(root, 'top.txt'), 'top');
  await writeFile(join(outside, 'a', 'd', 'file.txt'), 'outside');
  await writeFile(join(outside, 'secret.txt'), 'secret');
});

afterEach(async () => {
  hook.beforeOpen = undefined;
  await rm(base, { recursive: true, force: true });
});

/** Replace root/a by a symlink to outside/a, keeping the original as root/a-old. */
async function swapIntermediate(): Promise<void> {
  await rename(join(root, 'a'), join(root, 'a-old'));
  await symlink(join(outside, 'a'), join(root, 'a'));
}

async function outsideState(): Promise<string[]> {
  const names = await readdir(outside, { recursive: true });
  return Promise.all(
    names.sort().map(async (name) => {
      const info = await stat(join(outside, name));
      return info.isFile() ? `${name}:${await readFile(join(outside, name), 'utf8')}` : name;
    })
  );
}

async function expectEscapeRefused(run: () => Promise<unknown>): Promise<void> {
  const before = await outsideState();
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught
  );
  expect(error).toBeInstanceOf(PathAccessError);
  expect((error as PathAccessError).code).toBe('SYMLINK_ESCAPE');
  expect((error as PathAccessError).message).not.toContain(outside);
  expect(await outsideState()).toEqual(before);
}

describe.each([true, false])('component swapped between check and open (useProcFs: %s)', (useProcFs) => {
  it('openForRead refuses the descriptor that landed outside', async () => {
    const guard = await PathGuard.create([root], { useProcFs });
    hook.beforeOpen = swapIntermediate;
    await expectEscapeRefused(() => guard.openForRead('a/d/file.txt'));
  });

  it('openForWrite refuses and creates nothing outside', async () => {
    const guard = await PathGuard.create([root], { useProcFs });
    hook.beforeOpen = swapIntermediate;
    await expectEscapeRefused(() => guard.openForWrite('a/d/new.txt'));
    hook.beforeOpen = swapBack;
    await expectEscapeRefused(() => guard.openForWrite('a/d/file.txt'));
    expect(await readFile(join(outside, 'a', 'd', 'file.txt'), 'utf8')).toBe('outside');
  });

  it('openForAppend and writeFileAtomic refuse', async () => {
    const guard = await PathGuard.create([root], { useProcFs });
    hook.beforeOpen = swapIntermediate;
    await expectEscapeRefused(() => guard.openForAppend('a/d/file.txt'));
    hook.beforeOpen = swapBack;
    await expectEscapeRefused(() => guard.writeFileAtomic('a/d/file.txt', 'pwned'));
  });

  it('openDirectory, makeDirectory and rename refuse a directory that landed outside', async () => {
    const guard = await PathGuard.create([root], { useProcFs });
    hook.beforeOpen = swapIntermediate;
    await expectEscapeRefused(() => guard.openDirectory('a/d'));
    hook.beforeOpen = swapBack;
    await expectEscapeRefused(() => guard.makeDirectory('a/d/new/deeper'));
    hook.beforeOpen = swapBack;
    await expectEscapeRefused(() => guard.rename('top.txt', 'a/d/moved.txt'));
    expect(await readFile(join(root, 'top.txt'), 'utf8')).toBe('top');
  });

  it('a final component swapped for a symlink, even one staying inside, is refused', async () => {
    const guard = await PathGuard.create([root], { useProcFs });
    hook.beforeOpen = async () => {
      await rm(join(root, 'top.txt'));
      await symlink(join(root, 'a', 'd', 'file.txt'), join(root, 'top.txt'));
    };
    const error = await guard.openForRead('top.txt').then(
      () => undefined,
      (caught: unknown) => caught
    );
    expect((error as PathAccessError).code).toBe('SYMLINK_ESCAPE');
  });

  it('a hard link planted between check and open is refused for writing', async () => {
    const guard = await PathGuard.create([root], { useProcFs });
    hook.beforeOpen = async () => {
      await rm(join(root, 'top.txt'));
      await link(join(outside, 'secret.txt'), join(root, 'top.txt'));
    };
    const error = await guard.openForWrite('top.txt').then(
      () => undefined,
      (caught: unknown) => caught
    );
    expect((error as PathAccessError).code).toBe('HARD_LINK');
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('a final component swapped for an outside symlink is refused', async () => {
    const guard = await PathGuard.create([root], { useProcFs });
    hook.beforeOpen = async () => {
      await rm(join(root, 'top.txt'));
      await symlink(join(outside, 'secret.txt'), join(root, 'top.txt'));
    };
    await expectEscapeRefused(() => guard.openForRead('top.txt'));
  });
});

/** Undo a previous swap, then swap again, so each call starts from a clean tree. */
async function swapBack(): Promise<void> {
  await rm(join(root, 'a'));
  await rename(join(root, 'a-old'), join(root, 'a'));
  await swapIntermediate();
}

describe('directory pinned through /proc', () => {
  it('a swap after the directory is opened cannot redirect the file', async () => {
    const guard = await PathGuard.create([root]);
    hook.beforeOpen = async (path) => {
      // First open is the directory; arm the swap for the file open that follows.
      expect(path).toBe(join(root, 'a', 'd'));
      hook.beforeOpen = swapIntermediate;
    };
    const before = await outsideState();
    const { handle, realPath } = await guard.openForWrite('a/d/pinned.txt');
    await handle.writeFile('pinned');
    await handle.close();
    expect(realPath).toBe(join(root, 'a-old', 'd', 'pinned.txt'));
    expect(await readFile(realPath, 'utf8')).toBe('pinned');
    expect(await outsideState()).toEqual(before);
  });

  it('makeDirectory creates every level inside the pinned parent even if the path is swapped', async () => {
    const guard = await PathGuard.create([root]);
    hook.beforeOpen = async () => {
      // The first open pins root/a/d; swap before the new child is opened through it.
      hook.beforeOpen = swapIntermediate;
    };
    const before = await outsideState();
    const made = await guard.makeDirectory('a/d/x/y');
    expect(made.realPath).toBe(join(root, 'a-old', 'd', 'x', 'y'));
    expect(await outsideState()).toEqual(before);
  });
});
