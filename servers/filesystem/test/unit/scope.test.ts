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
    await scope.update(async () => [], quiet);
    expect((await scope.current()).emptyReason).toMatch(/empty list of MCP roots/);
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
