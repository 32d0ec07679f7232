import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PathGuard } from '@mcp-catalog/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scope } from '../../src/fs/scope.js';

let base: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'fs-scope-')));
  await mkdir(join(base, 'a', 'inner'), { recursive: true });
  await mkdir(join(base, 'b'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const url = (path: string) => pathToFileURL(path).href;
const quiet = () => undefined;

describe('Scope', () => {
  it('starts with the operator directories and narrows to client roots inside them', async () => {
    const scope = new Scope(await PathGuard.create([join(base, 'a')]));
    expect((await scope.current()).source).toBe('arguments');
    await scope.update(async () => [url(join(base, 'a', 'inner'))], quiet);
    const state = await scope.current();
    expect(state.guard.roots).toEqual([join(base, 'a', 'inner')]);
    expect(state.source).toBe('arguments narrowed by client roots');
  });

  it('never widens: a client root containing an operator directory grants only that directory', async () => {
    const scope = new Scope(await PathGuard.create([join(base, 'a')]));
    await scope.update(async () => [url(base), url('/'), url(join(base, 'b'))], quiet);
    expect((await scope.current()).guard.roots).toEqual([join(base, 'a')]);
  });

  it('is empty, with a reason, when no client root overlaps', async () => {
    const scope = new Scope(await PathGuard.create([join(base, 'a')]));
    await scope.update(async () => [url(join(base, 'b'))], quiet);
    const state = await scope.current();
    expect(state.guard.roots).toEqual([]);
    expect(state.emptyReason).toMatch(/none of the 1 MCP root/);
    expect(state.emptyReason).toContain(JSON.stringify(url(join(base, 'b'))));
    expect(state.emptyReason).toContain(join(base, 'a'));
    expect(state.fix).toMatch(/--no-client-roots/);
  });

  it('keeps the operator directories when the client sends an empty list, and says so once', async () => {
    const notices: string[] = [];
    const scope = new Scope(await PathGuard.create([join(base, 'a')]), true, (message) => notices.push(message));
    await scope.update(async () => [], quiet);
    await scope.update(async () => [], quiet);
    expect(await scope.current()).toMatchObject({ source: 'arguments' });
    expect((await scope.current()).guard.roots).toEqual([join(base, 'a')]);
    expect(notices).toEqual(['the client offered an empty list of MCP roots; keeping the command-line directories']);
  });

  it('quotes a bounded number of bounded client roots in its reason', async () => {
    const scope = new Scope(await PathGuard.create([join(base, 'a')]));
    const long = `${url(join(base, 'b'))}/${'x'.repeat(5000)}`;
    await scope.update(async () => [long, url(join(base, 'b')), url('/nowhere-1'), url('/nowhere-2')], quiet);
    const reason = (await scope.current()).emptyReason!;
    expect(reason.length).toBeLessThan(1000);
    expect(reason).toContain('and 1 more');
  });

  it('without operator directories takes the client roots as they are', async () => {
    const scope = new Scope(await PathGuard.create([]));
    expect((await scope.current()).emptyReason).toMatch(/started without directories/);
    await scope.update(async () => [url(join(base, 'b')), 'https://example.com/x', url(join(base, 'missing'))], quiet);
    expect((await scope.current()).guard.roots).toEqual([join(base, 'b')]);
  });

  it('keeps the current scope when fetching roots fails, and lets the latest update win', async () => {
    const scope = new Scope(await PathGuard.create([join(base, 'a')]));
    const errors: unknown[] = [];
    await scope.update(
      async () => Promise.reject(new Error('client went away')),
      (error) => errors.push(error)
    );
    expect(errors).toHaveLength(1);
    expect((await scope.current()).guard.roots).toEqual([join(base, 'a')]);

    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const first = scope.update(async () => {
      await slow;
      return [url(join(base, 'a'))];
    }, quiet);
    const second = scope.update(async () => [url(join(base, 'a', 'inner'))], quiet);
    const seen = scope.current();
    release();
    await Promise.all([first, second]);
    expect((await seen).guard.roots).toEqual([join(base, 'a', 'inner')]);
  });
});
