import { execFileSync } from 'node:child_process';
import { chmod, link, lstat, mkdir, readFile, readdir, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  call,
  connect,
  expectRefused,
  makeSandbox,
  outsideWorld,
  snapshot,
  type Sandbox,
  type Session
} from './helpers.js';

let box: Sandbox;
let session: Session;

beforeEach(async () => {
  box = await makeSandbox();
  await mkdir(join(box.root, 'dir'));
  await writeFile(join(box.root, 'file.txt'), 'original\n');
  await chmod(join(box.root, 'file.txt'), 0o640);
  await writeFile(join(box.root, 'crlf.txt'), 'one\r\ntwo\r\nthree\r\n');
  await symlink(box.outside, join(box.root, 'out-dir'));
  await symlink(join(box.outside, 'secret.txt'), join(box.root, 'out-file'));
  await link(join(box.outside, 'secret.txt'), join(box.root, 'hard.txt'));
  session = await connect([box.root]);
});

afterEach(async () => {
  await session?.close();
  await box.cleanup();
});

const client = () => session.client;
const read = (name: string) => readFile(join(box.root, name), 'utf8');
const tempFiles = async () => (await readdir(box.root, { recursive: true })).filter((name) => name.endsWith('.tmp'));

/** Every refusal of a write must leave the outside world, and the root, as they were. */
async function expectWriteRefused(tool: string, args: Record<string, unknown>, message: RegExp): Promise<void> {
  const before = [await outsideWorld(box), await snapshot(box.root)];
  expectRefused(await call(client(), tool, args), message);
  expect([await outsideWorld(box), await snapshot(box.root)]).toEqual(before);
}

describe('write_file', () => {
  it('creates a new file and refuses to replace one unless overwrite is set', async () => {
    const created = await call(client(), 'write_file', { path: 'dir/new.txt', content: 'héllo' });
    expect(created.structured).toEqual({ path: join(box.root, 'dir', 'new.txt'), bytes: 6, created: true });
    expect(await read('dir/new.txt')).toBe('héllo');
    await expectWriteRefused(
      'write_file',
      { path: 'file.txt', content: 'clobbered' },
      /path "file.txt" already exists[\s\S]*overwrite: true/
    );
    const replaced = await call(client(), 'write_file', { path: 'file.txt', content: 'replaced', overwrite: true });
    expect(replaced.structured.created).toBe(false);
    expect(await read('file.txt')).toBe('replaced');
  });

  it('replaces atomically, keeping the permissions and leaving no temp file', async () => {
    const before = await stat(join(box.root, 'file.txt'));
    await call(client(), 'write_file', { path: 'file.txt', content: 'new', overwrite: true });
    const after = await stat(join(box.root, 'file.txt'));
    expect(after.mode & 0o777).toBe(0o640);
    expect(after.ino).not.toBe(before.ino); // a new inode renamed into place, not an in-place rewrite
    expect(await tempFiles()).toEqual([]);
  });

  it('refuses content over --max-file-bytes', async () => {
    await session.close();
    session = await connect([box.root, '--max-file-bytes', '1024']);
    await expectWriteRefused(
      'write_file',
      { path: 'big.txt', content: 'x'.repeat(1025) },
      /over this server's 1,024-byte limit[\s\S]*append_file/
    );
  });

  it.each([
    [{ content: 'x' }, /"path": required/],
    [{ path: 'a.txt' }, /"content": required/],
    [{ path: 'a.txt', content: 5 }, /"content"/],
    [{ path: 'a.txt', content: 'x', overwrite: 'yes' }, /"overwrite"/],
    [{ path: 'dir', content: 'x', overwrite: true }, /is a directory/],
    [{ path: 'missing/a.txt', content: 'x' }, /parent directory that does not exist/],
    [{ path: '../outside/new.txt', content: 'x' }, /outside the allowed directories/],
    [{ path: '../root_evil/evil.txt', content: 'x', overwrite: true }, /outside the allowed directories/],
    [{ path: 'out-dir/new.txt', content: 'x' }, /symbolic link that points outside/],
    [{ path: 'out-file', content: 'x', overwrite: true }, /symbolic link that points outside/],
    [{ path: 'hard.txt', content: 'x', overwrite: true }, /more than one hard link[\s\S]*move_file/],
    [{ path: 'a\u0000.txt', content: 'x' }, /NUL byte/]
  ])('refuses %j and changes nothing', async (args, message) => {
    await expectWriteRefused('write_file', args, message);
  });
});

describe('write_file over special files', () => {
  it('refuses to replace a FIFO even with overwrite, and leaves it in place', async () => {
    execFileSync('mkfifo', [join(box.root, 'pipe')]);
    // (not expectWriteRefused: its snapshot would block reading the FIFO)
    expectRefused(
      await call(client(), 'write_file', { path: 'pipe', content: 'x', overwrite: true }),
      /is not a regular file/
    );
    expect((await lstat(join(box.root, 'pipe'))).isFIFO()).toBe(true);
    expect(await tempFiles()).toEqual([]);
  });
});

describe('append_file', () => {
  it('appends exactly, creating the file when missing', async () => {
    const result = await call(client(), 'append_file', { path: 'file.txt', content: 'more\n' });
    expect(result.structured).toEqual({ path: join(box.root, 'file.txt'), bytesAppended: 5, size: 14 });
    expect(await read('file.txt')).toBe('original\nmore\n');
    await call(client(), 'append_file', { path: 'dir/log.txt', content: 'first' });
    expect(await read('dir/log.txt')).toBe('first');
  });

  it.each([
    [{ path: 'file.txt' }, /"content": required/],
    [{ path: 'file.txt', content: '' }, /must not be empty/],
    [{ content: 'x' }, /"path": required/],
    [{ path: 'hard.txt', content: 'x' }, /more than one hard link/],
    [{ path: 'out-file', content: 'x' }, /symbolic link that points outside/],
    [{ path: '../outside/secret.txt', content: 'x' }, /outside the allowed directories/],
    [{ path: 'dir', content: 'x' }, /is a directory/]
  ])('refuses %j and changes nothing', async (args, message) => {
    await expectWriteRefused('append_file', args, message);
  });
});

describe('edit_file', () => {
  it('applies exact edits and returns a unified diff', async () => {
    const result = await call(client(), 'edit_file', {
      path: 'file.txt',
      edits: [{ oldText: 'original', newText: 'edited' }]
    });
    expect(result.structured).toMatchObject({ replacements: 1, changed: true, written: true });
    expect(result.structured.diff).toContain('-original\n+edited');
    expect(await read('file.txt')).toBe('edited\n');
    expect((await stat(join(box.root, 'file.txt'))).mode & 0o777).toBe(0o640);
  });

  it('dryRun shows the diff and writes nothing', async () => {
    const result = await call(client(), 'edit_file', {
      path: 'file.txt',
      edits: [{ oldText: 'original', newText: 'edited' }],
      dryRun: true
    });
    expect(result.structured).toMatchObject({ written: false, changed: true });
    expect(result.text).toMatch(/^Dry run: would make 1 replacement/);
    expect(await read('file.txt')).toBe('original\n');
  });

  it('answers a worst-case 60 KB dry run quickly, without stalling other work, and says the diff was left out', async () => {
    await writeFile(join(box.root, 'lines.txt'), 'a\n'.repeat(30_000));
    let last = performance.now();
    let worstGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 5);
    let result;
    try {
      result = await call(client(), 'edit_file', {
        path: 'lines.txt',
        edits: [{ oldText: 'a', newText: 'b', replaceAll: true }],
        dryRun: true
      });
    } finally {
      clearInterval(timer);
    }
    expect(result.structured).toMatchObject({ replacements: 30_000, written: false });
    expect(result.text).toMatch(/too large to show: 30,000 lines from line 1 became 30,000 lines/);
    // unbounded, this one call held the event loop for minutes
    expect(worstGap).toBeLessThan(3_000);
  });

  it('keeps CRLF line endings', async () => {
    await call(client(), 'edit_file', { path: 'crlf.txt', edits: [{ oldText: 'one\ntwo', newText: '1\n2' }] });
    expect(await read('crlf.txt')).toBe('1\r\n2\r\nthree\r\n');
  });

  it('refuses a file that is not UTF-8, which decoding and writing back would corrupt', async () => {
    await writeFile(join(box.root, 'latin1.txt'), Buffer.from('café menu\n', 'latin1'));
    await expectWriteRefused(
      'edit_file',
      { path: 'latin1.txt', edits: [{ oldText: 'menu', newText: 'carte' }] },
      /path "latin1.txt" is not UTF-8 text/
    );
  });

  it('fails the whole batch, writing nothing, when an edit is missing or ambiguous', async () => {
    await writeFile(join(box.root, 'multi.txt'), 'x\nx\n');
    await expectWriteRefused(
      'edit_file',
      { path: 'multi.txt', edits: [{ oldText: 'x', newText: 'y' }] },
      /edits\[0\]\.oldText appears 2 times \(at lines 1, 2\); nothing was changed[\s\S]*replaceAll/
    );
    await expectWriteRefused(
      'edit_file',
      {
        path: 'file.txt',
        edits: [
          { oldText: 'original', newText: 'a' },
          { oldText: 'absent', newText: 'b' }
        ]
      },
      /edits\[1\]\.oldText was not found/
    );
    const all = await call(client(), 'edit_file', {
      path: 'multi.txt',
      edits: [{ oldText: 'x', newText: 'y', replaceAll: true }]
    });
    expect(all.structured.replacements).toBe(2);
  });

  it.each([
    [{ path: 'file.txt' }, /"edits": required/],
    [{ path: 'file.txt', edits: [] }, /at least one edit/],
    [{ path: 'file.txt', edits: [{ oldText: '', newText: 'x' }] }, /"edits.0.oldText": must not be empty/],
    [{ path: 'file.txt', edits: [{ oldText: 'a' }] }, /"edits.0.newText": required/],
    [{ path: 'file.txt', edits: [{ oldText: 'a', newText: 'b', extra: 1 }] }, /"edits.0": unknown field "extra"/],
    [{ path: 'file.txt', edits: [{ oldText: 'original', newText: 'x' }], dryRun: 'no' }, /"dryRun"/],
    [{ path: 'file.txt', edits: [{ oldText: 'original', newText: 'x', replaceAll: 'yes' }] }, /"edits.0.replaceAll"/],
    [
      { path: 'file.txt', edits: Array.from({ length: 101 }, () => ({ oldText: 'o', newText: 'o' })) },
      /at most 100 edits/
    ],
    [{ edits: [{ oldText: 'a', newText: 'b' }] }, /"path": required/],
    [
      {
        path: 'file.txt',
        edits: Array.from({ length: 100 }, () => ({ oldText: 'i', newText: 'ii', replaceAll: true }))
      },
      /edits\[22\] would make the file larger than this server's 10,485,760-byte limit; nothing was changed[\s\S]*--max-file-bytes/
    ],
    [{ path: 'hard.txt', edits: [{ oldText: 'TOP', newText: 'x' }] }, /more than one hard link/],
    [{ path: 'out-file', edits: [{ oldText: 'TOP', newText: 'x' }] }, /symbolic link that points outside/],
    [{ path: 'missing.txt', edits: [{ oldText: 'a', newText: 'b' }] }, /does not exist/]
  ])('refuses %j and changes nothing', async (args, message) => {
    await expectWriteRefused('edit_file', args, message);
  });
});

describe('create_directory', () => {
  it('creates nested directories and is idempotent', async () => {
    expect((await call(client(), 'create_directory', { path: 'a/b/c' })).structured).toEqual({
      path: join(box.root, 'a', 'b', 'c'),
      created: 3
    });
    const again = await call(client(), 'create_directory', { path: 'a/b/c' });
    expect(again.structured.created).toBe(0);
    expect(again.text).toContain('already exists');
  });

  it.each([
    [{}, /"path": required/],
    [{ path: 'file.txt' }, /already exists and is not a directory/],
    [{ path: 'file.txt/sub' }, /not a directory/],
    [{ path: 'out-dir/planted' }, /symbolic link that points outside/],
    [{ path: '../outside/planted' }, /outside the allowed directories/],
    [{ path: 'x/../../outside/planted' }, /outside the allowed directories/]
  ])('refuses %j and creates nothing', async (args, message) => {
    await expectWriteRefused('create_directory', args, message);
  });
});

describe('move_file', () => {
  it('moves and renames, never replacing unless asked', async () => {
    await writeFile(join(box.root, 'dir', 'taken.txt'), 'keep me');
    await expectWriteRefused(
      'move_file',
      { source: 'file.txt', destination: 'dir/taken.txt' },
      /destination "dir\/taken.txt" already exists/
    );
    const moved = await call(client(), 'move_file', { source: 'file.txt', destination: 'dir/moved.txt' });
    expect(moved.structured).toEqual({
      source: join(box.root, 'file.txt'),
      destination: join(box.root, 'dir', 'moved.txt')
    });
    await call(client(), 'move_file', { source: 'dir/moved.txt', destination: 'dir/taken.txt', overwrite: true });
    expect(await read('dir/taken.txt')).toBe('original\n');
  });

  it('moves a symlink as a link and a directory with its contents', async () => {
    await call(client(), 'move_file', { source: 'out-file', destination: 'dir/link' });
    expect(await readlink(join(box.root, 'dir', 'link'))).toBe(join(box.outside, 'secret.txt'));
    await call(client(), 'move_file', { source: 'dir', destination: 'renamed' });
    expect((await lstat(join(box.root, 'renamed', 'link'))).isSymbolicLink()).toBe(true);
  });

  it.each([
    [{ destination: 'x' }, /"source": required/],
    [{ source: 'file.txt' }, /"destination": required/],
    [{ source: 'missing', destination: 'x' }, /source "missing" does not exist/],
    [{ source: 'file.txt', destination: '../outside/stolen' }, /destination "..\/outside\/stolen" is outside/],
    [{ source: '../outside/secret.txt', destination: 'stolen' }, /source "..\/outside\/secret.txt" is outside/],
    [{ source: 'out-dir/secret.txt', destination: 'stolen' }, /symbolic link that points outside/],
    [{ source: 'file.txt', destination: 'out-dir/planted' }, /symbolic link that points outside/],
    [{ source: 'dir', destination: 'dir/inside' }, /is inside source "dir"/],
    [{ source: '.', destination: 'x' }, /must end in the name/],
    [{ source: 'file.txt', destination: 'x', overwrite: 1 }, /"overwrite"/]
  ])('refuses %j and changes nothing', async (args, message) => {
    await expectWriteRefused('move_file', args, message);
  });
});

describe('copy_file', () => {
  it('copies content and permissions, refusing to replace unless asked', async () => {
    const copied = await call(client(), 'copy_file', { source: 'file.txt', destination: 'dir/copy.txt' });
    expect(copied.structured).toEqual({
      source: join(box.root, 'file.txt'),
      destination: join(box.root, 'dir', 'copy.txt'),
      bytes: 9
    });
    expect(await read('dir/copy.txt')).toBe('original\n');
    expect((await stat(join(box.root, 'dir', 'copy.txt'))).mode & 0o777).toBe(0o640);
    await expectWriteRefused(
      'copy_file',
      { source: 'crlf.txt', destination: 'dir/copy.txt' },
      /destination "dir\/copy.txt" already exists/
    );
    await call(client(), 'copy_file', { source: 'crlf.txt', destination: 'dir/copy.txt', overwrite: true });
    expect(await read('dir/copy.txt')).toBe('one\r\ntwo\r\nthree\r\n');
    expect(await tempFiles()).toEqual([]);
  });

  it('copies binary files larger than the stream buffer exactly', async () => {
    const data = Buffer.alloc(300_000, 0);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 256;
    await writeFile(join(box.root, 'big.bin'), data);
    await call(client(), 'copy_file', { source: 'big.bin', destination: 'big-copy.bin' });
    expect((await readFile(join(box.root, 'big-copy.bin'))).equals(data)).toBe(true);
  });

  it('never writes onto a hard-linked name; moving a new file over it replaces the entry only', async () => {
    await expectWriteRefused(
      'copy_file',
      { source: 'file.txt', destination: 'hard.txt', overwrite: true },
      /more than one hard link[\s\S]*move_file/
    );
    await call(client(), 'copy_file', { source: 'file.txt', destination: 'fresh.txt' });
    expect(
      (await call(client(), 'move_file', { source: 'fresh.txt', destination: 'hard.txt', overwrite: true })).isError
    ).toBe(false);
    expect(await read('hard.txt')).toBe('original\n');
    expect(await readFile(join(box.outside, 'secret.txt'), 'utf8')).toBe('TOP-SECRET outside content\n');
  });

  it.each([
    [{ destination: 'x' }, /"source": required/],
    [{ source: 'file.txt' }, /"destination": required/],
    [{ source: 'dir', destination: 'x' }, /source "dir" is not a regular file/],
    [{ source: 'out-file', destination: 'stolen' }, /symbolic link that points outside/],
    [{ source: '../outside/secret.txt', destination: 'stolen' }, /outside the allowed directories/],
    [{ source: 'file.txt', destination: '../outside/planted' }, /outside the allowed directories/],
    [{ source: 'file.txt', destination: 'out-dir/planted' }, /symbolic link that points outside/],
    [{ source: 'file.txt', destination: 'dir' }, /already exists|is a directory/],
    [{ source: 'file.txt', destination: 'x', overwrite: 'true' }, /"overwrite"/]
  ])('refuses %j and changes nothing', async (args, message) => {
    await expectWriteRefused('copy_file', args, message);
  });
});
