import { link, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, connect, expectRefused, makeSandbox, outsideWorld, type Sandbox, type Session } from './helpers.js';

let box: Sandbox;
let session: Session;

beforeEach(async () => {
  box = await makeSandbox();
  await mkdir(join(box.root, 'docs'));
  await writeFile(join(box.root, 'notes.txt'), 'line 1\nline 2\nline 3\n');
  await writeFile(join(box.root, 'crlf.txt'), 'a\r\nb\r\n');
  await writeFile(join(box.root, 'docs', 'guide.md'), '# Guide\n');
  await writeFile(join(box.root, 'pixel.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  await writeFile(join(box.root, 'blob.bin'), Buffer.from([1, 2, 0, 3]));
  await symlink(join(box.outside, 'secret.txt'), join(box.root, 'out-link'));
  await symlink('notes.txt', join(box.root, 'in-link'));
  session = await connect([box.root]);
});

afterEach(async () => {
  await session?.close();
  await box.cleanup();
});

const client = () => session.client;

describe('tool listing', () => {
  it('lists every tool with schemas and honest annotations', async () => {
    const { tools } = await client().listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual(
      [
        'append_file',
        'copy_file',
        'create_directory',
        'directory_tree',
        'edit_file',
        'get_file_info',
        'list_allowed_directories',
        'list_directory',
        'move_file',
        'read_media_file',
        'read_multiple_files',
        'read_text_file',
        'search_file_contents',
        'search_files',
        'write_file'
      ].sort()
    );
    for (const tool of tools) {
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations?.openWorldHint).toBe(false);
      expect(tool.description?.length).toBeGreaterThan(80);
    }
    expect(byName.get('read_text_file')?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    expect(byName.get('write_file')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.get('append_file')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false
    });
    expect(byName.get('read_text_file')?.inputSchema.properties).toHaveProperty('offset');
  });

  it('does not even list write tools under --read-only, and honours --disable-tools', async () => {
    await session.close();
    session = await connect([box.root, '--read-only']);
    const names = (await client().listTools()).tools.map((tool) => tool.name);
    expect(names).toHaveLength(9);
    for (const write of ['write_file', 'append_file', 'edit_file', 'create_directory', 'move_file', 'copy_file'])
      expect(names).not.toContain(write);
    await expect(client().callTool({ name: 'write_file', arguments: { path: 'x.txt', content: 'x' } })).rejects.toThrow(
      /not found/
    );

    await session.close();
    session = await connect([box.root, '--disable-tools', 'search_file_contents']);
    expect((await client().listTools()).tools.map((tool) => tool.name)).not.toContain('search_file_contents');
  });
});

describe('logging', () => {
  it('logs one line per call with tool and outcome, never the paths or contents', async () => {
    await call(client(), 'read_text_file', { path: 'notes.txt' });
    await call(client(), 'read_text_file', { path: 'secret-name-that-does-not-exist.txt' });
    const calls = session.logLines().filter((line) => line.msg === 'tool call');
    expect(calls.map((line) => [line.tool, line.outcome])).toEqual([
      ['read_text_file', 'ok'],
      ['read_text_file', 'tool_error']
    ]);
    const logged = JSON.stringify(session.logLines().map(({ detail: _detail, ...line }) => line));
    expect(logged).not.toContain('notes.txt');
    expect(logged).not.toContain('line 1');
  });
});

describe('list_allowed_directories', () => {
  it('names the directories, where they come from and whether writes are allowed', async () => {
    const result = await call(client(), 'list_allowed_directories', {});
    expect(result.structured).toEqual({ directories: [box.root], source: 'arguments', readOnly: false });
    expect(result.text).toContain(box.root);
  });

  it('refuses unknown arguments', async () => {
    expectRefused(await call(client(), 'list_allowed_directories', { path: '/' }), /unknown argument "path"/);
  });

  it('takes the directories from FILESYSTEM_DIRECTORIES or --directories as well as from arguments', async () => {
    await session.close();
    session = await connect([], {}, { FILESYSTEM_DIRECTORIES: box.root });
    expect((await call(client(), 'list_allowed_directories', {})).structured.directories).toEqual([box.root]);
    await session.close();
    session = await connect(['--directories', box.root, '--read-only']);
    expect((await call(client(), 'list_allowed_directories', {})).structured).toMatchObject({
      directories: [box.root],
      readOnly: true
    });
  });
});

describe('read_text_file', () => {
  it('reads a whole file by relative or absolute path', async () => {
    const result = await call(client(), 'read_text_file', { path: 'notes.txt' });
    expect(result.text).toBe('line 1\nline 2\nline 3\n');
    expect(result.structured).toMatchObject({
      path: join(box.root, 'notes.txt'),
      firstLine: 1,
      lastLine: 3,
      total: 3,
      truncated: false
    });
    expect((await call(client(), 'read_text_file', { path: join(box.root, 'crlf.txt') })).structured.content).toBe(
      'a\r\nb\r\n'
    );
  });

  it('pages with offset/limit, head and tail, and says how to continue', async () => {
    const page = await call(client(), 'read_text_file', { path: 'notes.txt', offset: 1, limit: 1 });
    expect(page.structured).toMatchObject({ content: 'line 2\n', firstLine: 2, nextOffset: 2, truncated: true });
    expect(page.text).toContain('[lines 2-2 of 3; pass offset=2 for more]');
    expect((await call(client(), 'read_text_file', { path: 'notes.txt', head: 1 })).structured.content).toBe(
      'line 1\n'
    );
    const tail = await call(client(), 'read_text_file', { path: 'notes.txt', tail: 2 });
    expect(tail.structured).toMatchObject({ content: 'line 2\nline 3\n', firstLine: 2, lastLine: 3 });
  });

  it('pages a file bigger than one result', async () => {
    await session.close();
    session = await connect([box.root, '--max-result-bytes', '3000']);
    await writeFile(join(box.root, 'big.txt'), Array.from({ length: 500 }, (_, i) => `row ${i}`).join('\n'));
    const first = await call(client(), 'read_text_file', { path: 'big.txt' });
    expect(first.structured.truncated).toBe(true);
    expect(Buffer.byteLength(first.text)).toBeLessThanOrEqual(3000);
    const second = await call(client(), 'read_text_file', { path: 'big.txt', offset: first.structured.nextOffset });
    expect(second.structured.firstLine).toBe(first.structured.lastLine + 1);
  });

  it('refuses binary files with a hint', async () => {
    expectRefused(await call(client(), 'read_text_file', { path: 'blob.bin' }), /binary file[\s\S]*read_media_file/);
  });

  it.each([
    [{}, /"path": required/],
    [{ path: '' }, /"path": must not be empty/],
    [{ path: 7 }, /"path": Invalid input: expected string/],
    [{ path: 'x'.repeat(4097) }, /at most 4096 characters/],
    [{ path: 'notes.txt', offset: -1 }, /"offset"/],
    [{ path: 'notes.txt', offset: 1.5 }, /"offset"/],
    [{ path: 'notes.txt', limit: 0 }, /"limit"/],
    [{ path: 'notes.txt', head: 'ten' }, /"head"/],
    [{ path: 'notes.txt', tail: 0 }, /"tail"/],
    [{ path: 'notes.txt', head: 1, tail: 1 }, /tail cannot be combined/],
    [{ path: 'notes.txt', head: 1, offset: 1 }, /head cannot be combined/],
    [{ path: 'notes.txt', encoding: 'latin1' }, /unknown argument "encoding"/],
    [{ path: 'missing.txt' }, /path "missing.txt" does not exist[\s\S]*list_directory/],
    [{ path: 'docs' }, /is not a regular file[\s\S]*list_directory/],
    [{ path: '../outside/secret.txt' }, /is outside the allowed directories[\s\S]*list_allowed_directories/],
    [{ path: 'out-link' }, /symbolic link that points outside/],
    [{ path: 'notes.txt\u0000.png' }, /contains a NUL byte/]
  ])('refuses %j with an actionable message', async (args, message) => {
    expectRefused(await call(client(), 'read_text_file', args), message);
  });
});

describe('read_media_file', () => {
  it('returns an image block with its MIME type', async () => {
    const result = await call(client(), 'read_media_file', { path: 'pixel.png' });
    expect(result.structured).toEqual({
      path: join(box.root, 'pixel.png'),
      mimeType: 'image/png',
      kind: 'image',
      size: 16
    });
    const image = result.content.find((block) => block.type === 'image');
    expect(image).toMatchObject({
      mimeType: 'image/png',
      data: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64')
    });
  });

  it('returns an audio block with its MIME type, whatever the case of the extension', async () => {
    const frame = Buffer.from('fffb9064000000000000', 'hex');
    await writeFile(join(box.root, 'beep.MP3'), frame);
    const result = await call(client(), 'read_media_file', { path: 'beep.MP3' });
    expect(result.structured).toMatchObject({ mimeType: 'audio/mpeg', kind: 'audio', size: frame.length });
    expect(result.content.find((block) => block.type === 'audio')).toMatchObject({
      mimeType: 'audio/mpeg',
      data: frame.toString('base64')
    });
  });

  it('refuses files over --max-file-bytes', async () => {
    await session.close();
    session = await connect([box.root, '--max-file-bytes', '1024']);
    await writeFile(join(box.root, 'big.png'), Buffer.alloc(2048));
    expectRefused(await call(client(), 'read_media_file', { path: 'big.png' }), /over this server's 1,024-byte limit/);
  });

  it.each([
    [{}, /"path": required/],
    [{ path: 'notes.txt' }, /not an image or audio file[\s\S]*Supported extensions/],
    [{ path: 'missing.png' }, /does not exist/],
    [{ path: '../outside/x.png' }, /outside the allowed directories/]
  ])('refuses %j', async (args, message) => {
    expectRefused(await call(client(), 'read_media_file', args), message);
  });
});

describe('read_multiple_files', () => {
  it('reads each file on its own, reporting per-file errors without failing the call', async () => {
    const result = await call(client(), 'read_multiple_files', {
      paths: ['notes.txt', 'missing.txt', '../outside/secret.txt', 'blob.bin', 'docs/guide.md']
    });
    expect(result.isError).toBe(false);
    expect(result.structured.read).toBe(2);
    expect(result.structured.files.map((file: { ok: boolean }) => file.ok)).toEqual([true, false, false, false, true]);
    expect(result.structured.files[2].error).toMatch(/outside the allowed directories/);
    expect(result.structured.files[3].error).toMatch(/binary/);
    expect(result.text).toContain('--- docs/guide.md ---\n# Guide');
    expect(result.text).not.toContain('TOP-SECRET');
  });

  it('shares one byte budget, cutting on a character boundary and saying so', async () => {
    await session.close();
    session = await connect([box.root, '--max-result-bytes', '5000']);
    await writeFile(join(box.root, 'wide.txt'), 'é'.repeat(10_000));
    const result = await call(client(), 'read_multiple_files', { paths: ['wide.txt', 'notes.txt'] });
    const [wide, notes] = result.structured.files;
    expect(wide.truncated).toBe(true);
    expect(wide.content).toMatch(/^é+$/);
    expect(notes.ok).toBe(false);
    expect(notes.error).toMatch(/this result is full/);
    expect(result.text).toMatch(/read the rest with read_text_file/);
  });

  it.each([
    [{}, /"paths": required/],
    [{ paths: [] }, /at least one path/],
    [{ paths: Array.from({ length: 51 }, () => 'notes.txt') }, /at most 50 paths/],
    [{ paths: [''] }, /"paths.0": must not be empty/],
    [{ paths: 'notes.txt' }, /"paths"/]
  ])('refuses %j', async (args, message) => {
    expectRefused(await call(client(), 'read_multiple_files', args), message);
  });
});

describe('get_file_info', () => {
  it('describes files and directories, including roots themselves', async () => {
    const file = await call(client(), 'get_file_info', { path: 'notes.txt' });
    expect(file.structured).toMatchObject({ path: join(box.root, 'notes.txt'), type: 'file', size: 21, hardLinks: 1 });
    expect(file.structured.permissions).toMatch(/^[rwx-]{9}$/);
    expect((await call(client(), 'get_file_info', { path: box.root })).structured).toMatchObject({
      path: box.root,
      type: 'directory'
    });
    expect((await call(client(), 'get_file_info', { path: 'docs/..' })).structured).toMatchObject({
      path: box.root,
      type: 'directory'
    });
  });

  it('says a path is a symlink, names an inside target, and reveals nothing about an outside one', async () => {
    const inside = await call(client(), 'get_file_info', { path: 'in-link' });
    expect(inside.structured).toMatchObject({
      type: 'symlink',
      symlink: { status: 'inside', target: join(box.root, 'notes.txt') }
    });
    const outside = await call(client(), 'get_file_info', { path: 'out-link' });
    expect(outside.structured).toMatchObject({ type: 'symlink', symlink: { status: 'outside' } });
    expect(outside.structured.symlink.target).toBeUndefined();
    expect(JSON.stringify(outside.structured)).not.toContain(box.outside);
    expect(outside.structured.size).toBe(join(box.outside, 'secret.txt').length);
    await symlink(join(box.root, 'nowhere'), join(box.root, 'broken'));
    expect((await call(client(), 'get_file_info', { path: 'broken' })).structured.symlink).toEqual({
      status: 'broken'
    });
  });

  it('reports hard links', async () => {
    await link(join(box.root, 'notes.txt'), join(box.root, 'notes-link.txt'));
    expect((await call(client(), 'get_file_info', { path: 'notes.txt' })).structured.hardLinks).toBe(2);
  });

  it.each([
    [{}, /"path": required/],
    [{ path: 'missing' }, /does not exist/],
    [{ path: '../outside/secret.txt' }, /outside the allowed directories/],
    [{ path: 'out-link/x' }, /symbolic link that points outside|outside the allowed/],
    [{ path: '/' }, /outside the allowed directories/]
  ])('refuses %j', async (args, message) => {
    const before = await outsideWorld(box);
    expectRefused(await call(client(), 'get_file_info', args), message);
    expect(await outsideWorld(box)).toEqual(before);
  });
});

describe('list_directory', () => {
  it('lists entries by type, with sizes and sorting on request', async () => {
    const plain = await call(client(), 'list_directory', { path: '.' });
    expect(plain.structured.entries.map((e: { name: string }) => e.name)).toEqual([
      'blob.bin',
      'crlf.txt',
      'docs',
      'in-link',
      'notes.txt',
      'out-link',
      'pixel.png'
    ]);
    expect(plain.text).toContain('[DIR]  docs/');
    expect(plain.text).toContain('[LINK] out-link');
    const bySize = await call(client(), 'list_directory', { path: box.root, includeSizes: true, sortBy: 'size' });
    expect(bySize.structured.entries[0]).toMatchObject({ name: 'notes.txt', size: 21 });
    expect(bySize.structured.totalSize).toBe(21 + 6 + 16 + 4);
  });

  it('pages large directories', async () => {
    const page = await call(client(), 'list_directory', { path: '.', offset: 2, limit: 2 });
    expect(page.structured).toMatchObject({ total: 7, nextOffset: 4 });
    expect(page.structured.entries.map((e: { name: string }) => e.name)).toEqual(['docs', 'in-link']);
    expect(page.text).toContain('pass offset=4 for more');
  });

  it('says when offset is past the end', async () => {
    const past = await call(client(), 'list_directory', { path: '.', offset: 100 });
    expect(past.structured).toMatchObject({ entries: [], total: 7 });
    expect(past.text).toContain('offset 100 is past the end');
  });

  it.each([
    [{}, /"path": required/],
    [{ path: 'notes.txt' }, /is not a directory/],
    [{ path: 'out-link' }, /symbolic link that points outside/],
    [{ path: `${'../'.repeat(3)}` }, /outside the allowed directories/],
    [{ path: '.', sortBy: 'color' }, /"sortBy"/],
    [{ path: '.', includeSizes: 'yes' }, /"includeSizes"/],
    [{ path: '.', offset: -3 }, /"offset"/],
    [{ path: '.', limit: 5001 }, /"limit"/]
  ])('refuses %j', async (args, message) => {
    expectRefused(await call(client(), 'list_directory', args), message);
  });
});

describe('file resource template', () => {
  it('reads allowed text and binary files under the same guard', async () => {
    const { resourceTemplates } = await client().listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(['file://{+path}']);
    const text = await client().readResource({ uri: pathToFileURL(join(box.root, 'notes.txt')).href });
    expect(text.contents[0]).toMatchObject({ mimeType: 'text/plain', text: 'line 1\nline 2\nline 3\n' });
    const binary = await client().readResource({ uri: pathToFileURL(join(box.root, 'blob.bin')).href });
    expect(binary.contents[0]).toMatchObject({
      mimeType: 'application/octet-stream',
      blob: Buffer.from([1, 2, 0, 3]).toString('base64')
    });
  });

  it('sends text that is not UTF-8 as bytes, so nothing is lost', async () => {
    const latin1 = Buffer.from('café\n', 'latin1');
    await writeFile(join(box.root, 'latin1.txt'), latin1);
    const read = await client().readResource({ uri: pathToFileURL(join(box.root, 'latin1.txt')).href });
    expect(read.contents[0]).toMatchObject({ blob: latin1.toString('base64') });
  });

  it('refuses anything outside, through links, or malformed', async () => {
    for (const uri of [
      pathToFileURL(join(box.outside, 'secret.txt')).href,
      pathToFileURL(join(box.root, 'out-link')).href,
      pathToFileURL(join(box.rootEvil, 'evil.txt')).href,
      `file://${box.root}/../outside/secret.txt`,
      `file://${box.root}%2F..%2Foutside/secret.txt`,
      `file://remote-host${box.root}/notes.txt`
    ]) {
      const error = await client()
        .readResource({ uri })
        .then(
          () => undefined,
          (caught: unknown) => caught as Error
        );
      expect(error, uri).toBeInstanceOf(Error);
      expect(error?.message).not.toContain('TOP-SECRET');
    }
    const missing = await client()
      .readResource({ uri: pathToFileURL(join(box.root, 'nope.txt')).href })
      .catch((caught: Error) => caught);
    expect((missing as Error).message).toMatch(/does not exist/);
  });
});
