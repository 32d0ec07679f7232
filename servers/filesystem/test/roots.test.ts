import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, connect, expectRefused, makeSandbox, type Sandbox, type Session } from './helpers.js';

let box: Sandbox;
let session: Session | undefined;
let roots: string[];

beforeEach(async () => {
  box = await makeSandbox();
  await mkdir(join(box.root, 'project'));
  await writeFile(join(box.root, 'top.txt'), 'top\n');
  await writeFile(join(box.root, 'project', 'in.txt'), 'in project\n');
  roots = [];
});

afterEach(async () => {
  await session?.close();
  session = undefined;
  await box.cleanup();
});

const url = (path: string) => pathToFileURL(path).href;

/** A client that offers `roots` (read when the server asks) and can announce changes. */
async function connectWithRoots(argv: string[], answer: () => Promise<string[]> = async () => roots): Promise<Session> {
  session = await connect(argv, {
    capabilities: { roots: { listChanged: true } },
    setup: (client) =>
      client.setRequestHandler('roots/list', async () => ({ roots: (await answer()).map((uri) => ({ uri })) }))
  });
  return session;
}

const allowed = async (s: Session) => (await call(s.client, 'list_allowed_directories', {})).structured;

describe('MCP roots (2025 era)', () => {
  it('narrow the operator directories to the client roots inside them, and follow list_changed', async () => {
    roots = [url(join(box.root, 'project'))];
    const s = await connectWithRoots([box.root]);
    expect(await allowed(s)).toMatchObject({
      directories: [join(box.root, 'project')],
      source: 'arguments narrowed by client roots'
    });
    expect((await call(s.client, 'read_text_file', { path: 'in.txt' })).text).toBe('in project\n');
    expectRefused(
      await call(s.client, 'read_text_file', { path: join(box.root, 'top.txt') }),
      /outside the allowed directories/
    );

    roots = [url(box.root)];
    await s.client.sendRootsListChanged();
    expect((await allowed(s)).directories).toEqual([box.root]);
    expect((await call(s.client, 'read_text_file', { path: 'top.txt' })).isError).toBe(false);
  });

  it('can never widen the scope, whatever roots the client sends', async () => {
    roots = [
      url('/'),
      url(box.base),
      url(box.outside),
      url(box.rootEvil),
      'file://evil-host/etc',
      `${url(box.root)}%2F..%2Foutside`
    ];
    const s = await connectWithRoots([box.root]);
    expect((await allowed(s)).directories).toEqual([box.root]);
    for (const path of [join(box.outside, 'secret.txt'), join(box.rootEvil, 'evil.txt'), '/etc/passwd']) {
      expectRefused(await call(s.client, 'read_text_file', { path }), /outside the allowed directories/);
    }
  });

  it('leave nothing allowed when none overlaps, and say why', async () => {
    roots = [url(box.outside)];
    const s = await connectWithRoots([box.root]);
    const state = await allowed(s);
    expect(state).toMatchObject({ directories: [], source: 'none' });
    expect(state.reason).toMatch(/none of the 1 MCP root\(s\)/);
    const refused = await call(s.client, 'read_text_file', { path: join(box.root, 'top.txt') });
    expectRefused(refused, /No directory is accessible[\s\S]*MCP roots/);
    // Issue 14 (new user #1): the error names both sides and the operator's way out.
    expect(refused.text).toContain(JSON.stringify(url(box.outside)));
    expect(refused.text).toContain(`the server's directories are ${box.root}`);
    expect(refused.text).toContain('--no-client-roots');
    expect((await call(s.client, 'list_allowed_directories', {})).text).toContain('--no-client-roots');
    expectRefused(
      await call(s.client, 'read_text_file', { path: join(box.outside, 'secret.txt') }),
      /No directory is accessible/
    );
  });

  it('keep the command-line directories when the host sends an empty list, and log it (issue 14, new user #1)', async () => {
    roots = [];
    const s = await connectWithRoots([box.root]);
    expect(await allowed(s)).toMatchObject({ directories: [box.root], source: 'arguments' });
    expect((await call(s.client, 'read_text_file', { path: 'top.txt' })).text).toBe('top\n');
    expectRefused(
      await call(s.client, 'read_text_file', { path: join(box.outside, 'secret.txt') }),
      /outside the allowed directories/
    );
    const notices = s
      .logLines()
      .filter(
        (line) => line.msg === 'the client offered an empty list of MCP roots; keeping the command-line directories'
      );
    expect(notices).toHaveLength(1);

    // A later non-empty list still narrows.
    roots = [url(join(box.root, 'project'))];
    await s.client.sendRootsListChanged();
    expect((await allowed(s)).directories).toEqual([join(box.root, 'project')]);
  });

  it('grant nothing when the server has no directories and the host sends an empty list', async () => {
    roots = [];
    const s = await connectWithRoots([]);
    expect(await allowed(s)).toMatchObject({ directories: [], source: 'none' });
    expectRefused(
      await call(s.client, 'read_text_file', { path: join(box.root, 'top.txt') }),
      /No directory is accessible/
    );
  });

  it('alone define the scope when the server has no directories', async () => {
    roots = [url(join(box.root, 'project'))];
    const s = await connectWithRoots([]);
    expect(await allowed(s)).toMatchObject({ directories: [join(box.root, 'project')], source: 'client roots' });
    expect((await call(s.client, 'read_text_file', { path: 'in.txt' })).isError).toBe(false);
  });

  it('without directories or roots nothing is allowed, with a hint for the operator', async () => {
    session = await connect([]);
    expectRefused(
      await call(session.client, 'list_directory', { path: '/' }),
      /started without directories[\s\S]*mcp-server-filesystem ~\/projects/
    );
    expect((await allowed(session)).directories).toEqual([]);
  });

  it('are ignored under --no-client-roots', async () => {
    roots = [url(join(box.root, 'project'))];
    const s = await connectWithRoots([box.root, '--no-client-roots']);
    expect(await allowed(s)).toMatchObject({ directories: [box.root], source: 'arguments' });
  });

  it('keep the operator directories when the client fails to answer roots/list', async () => {
    const s = await connectWithRoots([box.root], async () => {
      throw new Error('no roots today');
    });
    expect((await allowed(s)).directories).toEqual([box.root]);
    expect(
      s.logLines().some((line) => line.msg === 'could not read the client roots; keeping the current directories')
    ).toBe(true);
  });
});

describe('MCP roots (2026-07-28 era: asked for with each call)', () => {
  /** A client pinned to 2026-07-28; it offers `roots` when given, and counts how often it was asked. */
  async function connectModern(argv: string[], offered?: () => string[]) {
    let asked = 0;
    session = await connect(argv, {
      ...(offered ? { capabilities: { roots: { listChanged: true } } } : {}),
      setup: (client) => {
        client.setVersionNegotiation({ mode: { pin: '2026-07-28' } });
        if (offered) {
          client.setRequestHandler('roots/list', async () => {
            asked++;
            return { roots: offered().map((uri) => ({ uri })) };
          });
        }
      }
    });
    expect(session.client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    return { s: session, asked: () => asked };
  }

  it('narrow the operator directories to the roots the client sends with each call', async () => {
    roots = [url(join(box.root, 'project'))];
    const { s, asked } = await connectModern([box.root], () => roots);
    expect(await allowed(s)).toMatchObject({
      directories: [join(box.root, 'project')],
      source: 'arguments narrowed by client roots'
    });
    expect((await call(s.client, 'read_text_file', { path: 'in.txt' })).text).toBe('in project\n');
    expectRefused(
      await call(s.client, 'read_text_file', { path: join(box.root, 'top.txt') }),
      /outside the allowed directories/
    );
    expect(asked()).toBe(3);
    const outcomes = s
      .logLines()
      .filter((line) => line.msg === 'tool call')
      .map((line) => line.outcome);
    expect(outcomes.slice(0, 2)).toEqual(['input_required', 'ok']);

    roots = [url(box.root)];
    expect((await call(s.client, 'read_text_file', { path: 'top.txt' })).text).toBe('top\n');
  });

  it('alone define the scope when the server has no directories', async () => {
    roots = [url(join(box.root, 'project'))];
    const { s } = await connectModern([], () => roots);
    expect(await allowed(s)).toMatchObject({ directories: [join(box.root, 'project')], source: 'client roots' });
    expect((await call(s.client, 'read_text_file', { path: 'in.txt' })).isError).toBe(false);
  });

  it('keep the command-line directories when the client sends an empty list with a call', async () => {
    roots = [];
    const { s, asked } = await connectModern([box.root], () => roots);
    expect((await call(s.client, 'read_text_file', { path: 'top.txt' })).text).toBe('top\n');
    expect(asked()).toBeGreaterThan(0);
    expect(
      s
        .logLines()
        .some(
          (line) => line.msg === 'the client offered an empty list of MCP roots; keeping the command-line directories'
        )
    ).toBe(true);
  });

  it('can never widen the scope', async () => {
    roots = [url('/'), url(box.base), url(box.outside), 'file://evil-host/etc'];
    const { s } = await connectModern([box.root], () => roots);
    expect((await allowed(s)).directories).toEqual([box.root]);
    for (const path of [join(box.outside, 'secret.txt'), '/etc/passwd']) {
      expectRefused(await call(s.client, 'read_text_file', { path }), /outside the allowed directories/);
    }
    roots = [url(box.outside)];
    expectRefused(
      await call(s.client, 'read_text_file', { path: join(box.outside, 'secret.txt') }),
      /No directory is accessible: none of the 1 MCP root\(s\)/
    );
  });

  it('narrow file:// resource reads too', async () => {
    roots = [url(join(box.root, 'project'))];
    const { s } = await connectModern([box.root], () => roots);
    const inside = await s.client.readResource({ uri: url(join(box.root, 'project', 'in.txt')) });
    expect(inside.contents[0]).toMatchObject({ text: 'in project\n' });
    await expect(s.client.readResource({ uri: url(join(box.root, 'top.txt')) })).rejects.toThrow(
      /outside the allowed directories/
    );
  });

  it('are not asked for when the client has no roots capability, or under --no-client-roots', async () => {
    const plain = await connectModern([box.root]);
    expect((await allowed(plain.s)).directories).toEqual([box.root]);
    expect((await call(plain.s.client, 'read_text_file', { path: 'top.txt' })).text).toBe('top\n');
    expect(plain.asked()).toBe(0);
    await session?.close();

    roots = [url(join(box.root, 'project'))];
    const off = await connectModern([box.root, '--no-client-roots'], () => roots);
    expect((await allowed(off.s)).directories).toEqual([box.root]);
    expect(off.asked()).toBe(0);
  });
});
