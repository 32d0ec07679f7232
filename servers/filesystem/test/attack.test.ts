import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { AuditedStdioTransport, spawnStdioServer, type SpawnedStdioServer } from '@mcp-catalog/shared/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, makeSandbox, outsideWorld, snapshot, type CallResult, type Sandbox } from './helpers.js';

// The attack suite: hostile paths against the built bin over stdio, as a prompt-injected model
// would send them. Every attempt must be refused (or stay inside), reveal nothing from outside,
// and leave the outside world exactly as it was.

const bin = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let box: Sandbox;
let server: SpawnedStdioServer;
let before: unknown;

beforeAll(async () => {
  box = await makeSandbox();
  const { root, outside } = box;
  await mkdir(join(root, 'a', 'b'), { recursive: true });
  await writeFile(join(root, 'a', 'b', 'inside.txt'), 'inside\n');
  await writeFile(join(root, 'plain.txt'), 'plain\n');
  await symlink(outside, join(root, 'out-dir')); // CVE-2025-53109: a link out of the root
  await symlink(join(outside, 'secret.txt'), join(root, 'out-file'));
  await symlink(outside, join(root, 'a', 'mid')); // an intermediate directory that is a link
  await symlink(join(root, 'chain2'), join(root, 'chain1')); // chain1 -> chain2 -> chain3 -> outside
  await symlink(join(root, 'chain3'), join(root, 'chain2'));
  await symlink(outside, join(root, 'chain3'));
  await symlink('ok2', join(root, 'ok1')); // a chain that stays inside
  await symlink('plain.txt', join(root, 'ok2'));
  await symlink('loop2', join(root, 'loop1'));
  await symlink('loop1', join(root, 'loop2'));
  await symlink(join(outside, 'not-yet.txt'), join(root, 'dangling')); // target created by a write would be outside
  await symlink('../outside/secret.txt', join(root, 'relative-out'));
  await link(join(outside, 'secret.txt'), join(root, 'hard.txt'));
  // Look-alikes of the root's own name and of "..", placed outside.
  await mkdir(join(box.base, 'rооt')); // Cyrillic о
  await writeFile(join(box.base, 'rооt', 'x.txt'), 'TOP-SECRET look-alike\n');
  await mkdir(join(box.base, 'root\u0301')); // combining accent: another name
  await writeFile(join(box.base, 'root\u0301', 'x.txt'), 'TOP-SECRET combining\n');
  await mkdir(join(box.base, 'ｒｏｏｔ')); // full-width letters
  await writeFile(join(box.base, 'ｒｏｏｔ', 'x.txt'), 'TOP-SECRET full-width\n');
  server = await spawnStdioServer(process.execPath, [bin, root]);
});

afterAll(async () => {
  await server?.close();
  expect(server.stdoutViolations()).toEqual([]);
  await box?.cleanup();
});

beforeEach(async () => {
  before = await outsideWorld(box);
});

afterEach(async () => {
  expect(await outsideWorld(box)).toEqual(before);
  expect(existsSync(join(box.outside, 'not-yet.txt'))).toBe(false);
});

/** Refused by `rule`, revealing no outside content or layout beyond the path the caller sent. */
function expectSafeRefusal(result: CallResult, rule: RegExp, label: string, sent = ''): void {
  expect(result.isError, `${label}: ${result.text}`).toBe(true);
  expect(result.text, label).toMatch(rule);
  expectNoLeak(result, label, sent);
}

function expectNoLeak(result: CallResult, label: string, sent = ''): void {
  const own = sent === '' ? result.text : result.text.split(sent).join('');
  expect(own, label).not.toContain('TOP-SECRET');
  expect(own, label).not.toContain(box.outside);
}

/** Every tool that takes a path, aimed at `path`. */
function everyUse(path: string): Array<[string, Record<string, unknown>]> {
  return [
    ['read_text_file', { path }],
    ['read_media_file', { path: `${path}.png` }],
    ['read_multiple_files', { paths: [path] }],
    ['get_file_info', { path }],
    ['list_directory', { path }],
    ['directory_tree', { path }],
    ['search_files', { path, pattern: '*' }],
    ['search_file_contents', { path, pattern: 'TOP-SECRET' }],
    ['write_file', { path, content: 'pwned', overwrite: true }],
    ['append_file', { path, content: 'pwned' }],
    ['edit_file', { path, edits: [{ oldText: 'TOP-SECRET', newText: 'pwned' }] }],
    ['create_directory', { path: `${path}/planted` }],
    ['copy_file', { source: path, destination: 'stolen.txt' }],
    ['copy_file', { source: 'plain.txt', destination: path, overwrite: true }],
    ['move_file', { source: path, destination: 'stolen.txt' }],
    ['move_file', { source: 'plain.txt', destination: `${path}/moved.txt` }]
  ];
}

/**
 * Every use of `path` is refused. When its last component is itself a symlink to outside
 * (`finalLink`), get_file_info may describe the link and move_file may move it: both act on the
 * entry inside the root, and must still reveal nothing about its target.
 */
async function expectEveryUseRefused(path: string, rule: RegExp, { finalLink = false } = {}): Promise<void> {
  for (const [tool, args] of everyUse(path)) {
    const label = `${tool} ${JSON.stringify(args)}`;
    const result = await call(server.client, tool, args);
    if (finalLink && (tool === 'get_file_info' || (tool === 'move_file' && args.source === path))) {
      expectNoLeak(result, label, path);
      if (tool === 'move_file' && !result.isError)
        await call(server.client, 'move_file', { source: 'stolen.txt', destination: path });
      continue;
    }
    if (tool === 'read_multiple_files') {
      expect(result.structured.files[0].ok, label).toBe(false);
      expectNoLeak(result, label, path);
      continue;
    }
    const expected = tool === 'read_media_file' ? new RegExp(`${rule.source}|does not exist|not an image`) : rule;
    expectSafeRefusal(result, expected, label, path);
  }
  expect(await readFile(join(box.root, 'plain.txt'), 'utf8')).toBe('plain\n');
}

describe('path-prefix bypass (CVE-2025-53110)', () => {
  it.each(['root_evil', 'root_evil/evil.txt'])(
    'refuses the sibling %s sharing the root as a string prefix',
    async (name) => {
      await expectEveryUseRefused(join(box.base, name), /outside the allowed directories/);
      await expectEveryUseRefused(`../${name}`, /outside the allowed directories/);
    }
  );
});

describe('symlink escape (CVE-2025-53109)', () => {
  it.each(['out-dir/secret.txt', 'a/mid/secret.txt', 'a/mid/nested/deep.txt'])('refuses %s', async (path) => {
    await expectEveryUseRefused(path, /symbolic link that points outside|outside the allowed directories/);
  });

  it.each(['out-dir', 'out-file', 'relative-out'])('refuses to follow the link %s itself', async (path) => {
    await expectEveryUseRefused(path, /symbolic link that points outside|outside the allowed directories/, {
      finalLink: true
    });
  });

  it('lists links without entering them, and searches never follow them', async () => {
    const tree = await call(server.client, 'directory_tree', { path: '.' });
    expect(tree.text).toContain('out-dir@');
    expect(tree.structured.entries).toContain('out-dir@');
    expect(tree.structured.entries.some((entry: string) => entry.startsWith('out-dir/'))).toBe(false);
    // hard.txt is a hard link to an outside file: its content is readable by design (see README).
    const grep = await call(server.client, 'search_file_contents', {
      path: '.',
      pattern: 'outside content',
      exclude: ['hard.txt']
    });
    expect(grep.structured.files).toEqual([]);
    expect((await call(server.client, 'search_files', { path: '.', pattern: 'secret*' })).structured.total).toBe(0);
    const info = await call(server.client, 'get_file_info', { path: 'out-file' });
    expect(info.structured).toMatchObject({ type: 'symlink', symlink: { status: 'outside' } });
    expect(info.text).not.toContain(box.outside);
  });
});

describe('link chains and loops', () => {
  it('refuses a chain whose last link leaves the root, allows one that stays inside', async () => {
    await expectEveryUseRefused('chain1/secret.txt', /symbolic link that points outside/);
    expect((await call(server.client, 'read_text_file', { path: 'ok1' })).text).toBe('plain\n');
  });

  it('refuses loops without hanging', async () => {
    const result = await call(server.client, 'read_text_file', { path: 'loop1' });
    expectSafeRefusal(result, /too many levels of symbolic links/, 'loop');
  });
});

describe('dangling links', () => {
  it('never creates the missing target of a link that points outside', async () => {
    for (const [tool, args] of [
      ['write_file', { path: 'dangling', content: 'x' }],
      ['write_file', { path: 'dangling', content: 'x', overwrite: true }],
      ['append_file', { path: 'dangling', content: 'x' }],
      ['copy_file', { source: 'plain.txt', destination: 'dangling', overwrite: true }],
      ['create_directory', { path: 'dangling/sub' }]
    ] as const) {
      expectSafeRefusal(
        await call(server.client, tool, args),
        /symbolic link that points outside|outside the allowed/,
        tool
      );
    }
  });
});

describe('hard links', () => {
  it('refuses every write through a file that has another link', async () => {
    for (const [tool, args] of [
      ['write_file', { path: 'hard.txt', content: 'x', overwrite: true }],
      ['append_file', { path: 'hard.txt', content: 'x' }],
      ['edit_file', { path: 'hard.txt', edits: [{ oldText: 'TOP', newText: 'x' }] }],
      ['copy_file', { source: 'plain.txt', destination: 'hard.txt', overwrite: true }]
    ] as const) {
      expectSafeRefusal(await call(server.client, tool, args), /more than one hard link/, tool);
    }
  });
});

describe('.. and absolute paths', () => {
  it.each([
    '../outside/secret.txt',
    '../../../../../../etc/passwd',
    'a/b/../../../outside/secret.txt',
    './../outside',
    '/etc/passwd',
    '//etc//passwd',
    '/',
    'a/missing/../../../outside/secret.txt',
    `${'../'.repeat(50)}etc/shadow`
  ])('refuses %s', async (path) => {
    await expectEveryUseRefused(path, /outside the allowed directories|not a valid path|must end in the name/);
  });

  it('does not tell whether something outside exists when a path climbs back in with ..', async () => {
    const answers = new Set<string>();
    for (const probe of ['outside/secret.txt', 'outside/nested', 'outside/no-such', 'root_evil/evil.txt']) {
      for (const path of [`../${probe}/../../root/plain.txt`, `${join(box.base, probe)}/../../root/plain.txt`]) {
        await expectEveryUseRefused(path, /outside the allowed directories/);
        answers.add((await call(server.client, 'get_file_info', { path })).text.split(path).join('PATH'));
      }
    }
    expect(answers.size).toBe(1);
  });

  it('treats backslashes and ~user as ordinary names, not as escapes', async () => {
    for (const path of ['..\\outside\\secret.txt', '~nobody/secret.txt']) {
      expectSafeRefusal(await call(server.client, 'read_text_file', { path }), /does not exist/, path, path);
    }
  });
});

describe('NUL bytes', () => {
  it.each(['plain.txt\u0000', 'plain.txt\u0000../../outside/secret.txt', '\u0000/etc/passwd'])(
    'refuses %j in every argument',
    async (path) => {
      await expectEveryUseRefused(path, /NUL byte|contains a NUL/);
      expectSafeRefusal(
        await call(server.client, 'copy_file', { source: 'plain.txt', destination: path }),
        /NUL byte/,
        'destination',
        path
      );
    }
  );
});

describe('Unicode look-alikes', () => {
  it.each([
    ['Cyrillic о in the root name', () => join(box.base, 'rооt', 'x.txt')],
    ['combining accent on the root name', () => join(box.base, 'root\u0301', 'x.txt')],
    ['full-width letters in the root name', () => join(box.base, 'ｒｏｏｔ', 'x.txt')]
  ])('refuses %s', async (_label, path) => {
    await expectEveryUseRefused(path(), /outside the allowed directories/);
  });

  it.each([
    '\u2025/outside/secret.txt',
    '\uFF0E\uFF0E/outside/secret.txt',
    '..\u2215outside\u2215secret.txt',
    '.\u200B./outside/secret.txt'
  ])('treats the dot/slash look-alike %j as a plain name inside the root', async (path) => {
    expectSafeRefusal(await call(server.client, 'read_text_file', { path }), /does not exist/, path);
    const made = await call(server.client, 'create_directory', { path: path.split('/')[0]! });
    expect(made.isError).toBe(false);
    expect(made.structured.path.startsWith(`${box.root}/`)).toBe(true);
  });
});

describe('roots that try to widen the scope', () => {
  it.each(['2025-11-25', '2026-07-28'])(
    'intersect with the directories the server was started with (%s)',
    async (era) => {
      const transport = new AuditedStdioTransport(process.execPath, [bin, join(box.root, 'a')]);
      const modern = era === '2026-07-28';
      const client = new Client(
        { name: 'hostile-roots', version: '0' },
        {
          capabilities: { roots: { listChanged: true } },
          ...(modern ? { versionNegotiation: { mode: { pin: '2026-07-28' as const } } } : {})
        }
      );
      const wide = [
        'file:///',
        pathToFileURL(box.base).href,
        pathToFileURL(box.outside).href,
        pathToFileURL(box.root).href,
        'file://attacker.example/etc'
      ];
      client.setRequestHandler('roots/list', async () => ({ roots: wide.map((uri) => ({ uri })) }));
      await client.connect(transport);
      try {
        expect(client.getNegotiatedProtocolVersion()).toBe(era);
        // 2025: the server asks once connected and on list_changed; 2026-07-28: it asks with each call.
        if (!modern) await client.sendRootsListChanged();
        const state = await call(client, 'list_allowed_directories', {});
        expect(state.structured.directories).toEqual([join(box.root, 'a')]);
        for (const path of [join(box.root, 'plain.txt'), join(box.outside, 'secret.txt'), '/etc/passwd']) {
          expectSafeRefusal(
            await call(client, 'read_text_file', { path }),
            /outside the allowed directories/,
            path,
            path
          );
        }
      } finally {
        await client.close();
        await transport.close();
      }
      expect(transport.violations).toEqual([]);
    }
  );
});

describe('file:// resources', () => {
  it('refuses outside files, links and encoded traversal', async () => {
    for (const uri of [
      pathToFileURL(join(box.outside, 'secret.txt')).href,
      pathToFileURL(join(box.root, 'out-file')).href,
      `file://${box.root}/..%2Foutside/secret.txt`
    ]) {
      const error = await server.client.readResource({ uri }).then(
        () => undefined,
        (caught: Error) => caught
      );
      expect(error?.message ?? 'resolved', uri).not.toMatch(/TOP-SECRET|resolved/);
    }
  });
});

/**
 * Runs `source` in a separate Node process (so the swaps race the server at full speed) until
 * `ms` have passed; resolves when it exits.
 */
function raceInBackground(source: string, ms: number): Promise<void> {
  const child = spawn(process.execPath, ['-e', source, box.root, box.outside, String(ms)], { stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Calls `run` over and over (at most `max` times) until `done` settles; always waits for `done`. */
async function hammer(done: Promise<void>, max: number, run: (round: number) => Promise<void>): Promise<number> {
  let finished = false;
  void done.then(() => (finished = true));
  let round = 0;
  try {
    while (!finished && round < max) await run(round++);
  } finally {
    await done;
  }
  return round;
}

describe('check/use races against a live flipper', () => {
  it('a directory swapped for a link to outside between check and use never leaks or lands outside', async () => {
    await mkdir(join(box.root, 'swap'));
    await writeFile(join(box.root, 'swap', 'secret.txt'), 'inside twin\n');
    // Flip root/swap between a real directory and a symlink to outside (and a link whose target flips).
    const flipper = `
      const fs = require('fs'), path = require('path');
      const [root, outside, ms] = process.argv.slice(1);
      const swap = path.join(root, 'swap'), kept = path.join(root, '.swap-kept'), tmp = path.join(root, '.swap-tmp');
      const end = Date.now() + Number(ms);
      for (let i = 0; Date.now() < end && i < 5e6; i++) {
        try { fs.renameSync(swap, kept); fs.symlinkSync(outside, swap); } catch {}
        try { fs.unlinkSync(swap); fs.renameSync(kept, swap); } catch {}
        try { fs.symlinkSync(i % 2 ? outside : kept, tmp); fs.renameSync(tmp, swap); fs.unlinkSync(swap); } catch {}
        try { if (!fs.existsSync(swap)) fs.renameSync(kept, swap); } catch {}
      }
      try { fs.unlinkSync(tmp); } catch {}
      try { if (fs.lstatSync(swap).isSymbolicLink()) fs.unlinkSync(swap); } catch {}
      try { fs.renameSync(kept, swap); } catch {}
    `;
    const uses: Array<[string, Record<string, unknown>]> = [
      ['read_text_file', { path: 'swap/secret.txt' }],
      ['list_directory', { path: 'swap' }],
      ['search_file_contents', { path: 'swap', pattern: 'outside content' }],
      ['directory_tree', { path: 'swap' }],
      ['get_file_info', { path: 'swap/secret.txt' }],
      ['write_file', { path: 'swap/secret.txt', content: 'overwritten', overwrite: true }],
      ['write_file', { path: 'swap/new.txt', content: 'new', overwrite: true }],
      ['append_file', { path: 'swap/secret.txt', content: '+' }],
      ['create_directory', { path: 'swap/made/deeper' }],
      ['copy_file', { source: 'swap/secret.txt', destination: 'copied.txt', overwrite: true }],
      ['edit_file', { path: 'swap/secret.txt', edits: [{ oldText: 'inside twin', newText: 'inside twin' }] }]
    ];
    let succeeded = 0;
    const rounds = await hammer(raceInBackground(flipper, 3000), 2000, async (round) => {
      const [tool, args] = uses[round % uses.length]!;
      const result = await call(server.client, tool, args);
      expect(result.text, tool).not.toContain('TOP-SECRET');
      expect(result.text, tool).not.toContain(box.outside);
      if (!result.isError) succeeded++;
    });
    expect(rounds).toBeGreaterThan(uses.length);
    expect(succeeded).toBeGreaterThan(0);
    expect(await snapshot(box.outside)).toEqual((before as Array<Record<string, string>>)[0]);
  });

  it('a dangling link to outside planted and removed in a loop is never written through', async () => {
    const flipper = `
      const fs = require('fs'), path = require('path');
      const [root, outside, ms] = process.argv.slice(1);
      const target = path.join(root, 'planted.txt');
      const end = Date.now() + Number(ms);
      for (let i = 0; Date.now() < end && i < 5e6; i++) {
        try { fs.unlinkSync(target); } catch {}
        try { fs.symlinkSync(path.join(outside, 'created-by-race.txt'), target); } catch {}
        try { fs.unlinkSync(target); } catch {}
        try { fs.writeFileSync(target, 'inside'); } catch {}
      }
      try { fs.unlinkSync(target); } catch {}
    `;
    await hammer(raceInBackground(flipper, 2000), 2000, async (round) => {
      const result = await call(server.client, round % 2 ? 'append_file' : 'write_file', {
        path: 'planted.txt',
        content: 'race',
        overwrite: true
      });
      expect(result.text).not.toContain(box.outside);
    });
    expect(existsSync(join(box.outside, 'created-by-race.txt'))).toBe(false);
  });
});
