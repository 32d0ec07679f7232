import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { connectManifest, type ClientOptions, type ConnectedManifest } from '@mcp-catalog/shared/testing';
import { expect } from 'vitest';
import type { Deps } from '../src/deps.js';
import { manifest } from '../src/manifest.js';

/**
 * A scratch area: `root` is the allowed directory; `outside` a sibling that must never be read,
 * listed or changed; `rootEvil` shares root's name as a string prefix (CVE-2025-53110).
 */
export interface Sandbox {
  base: string;
  root: string;
  outside: string;
  rootEvil: string;
  cleanup(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'fs-server-test-')));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  const rootEvil = join(base, 'root_evil');
  await mkdir(root);
  await mkdir(join(outside, 'nested'), { recursive: true });
  await mkdir(rootEvil);
  await writeFile(join(outside, 'secret.txt'), 'TOP-SECRET outside content\n');
  await writeFile(join(outside, 'nested', 'deep.txt'), 'TOP-SECRET nested\n');
  await writeFile(join(rootEvil, 'evil.txt'), 'TOP-SECRET prefix sibling\n');
  return { base, root, outside, rootEvil, cleanup: () => rm(base, { recursive: true, force: true }) };
}

/** Everything below `dir`, with types, modes, link targets and contents, for "unchanged" checks. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const path = join(dir, name);
    const info = await lstat(path);
    if (info.isSymbolicLink()) result[name] = `link:${await readlink(path)}`;
    else if (info.isDirectory()) result[name] = `dir:${info.mode}`;
    else result[name] = `file:${info.mode}:${info.nlink}:${info.mtimeMs}:${await readFile(path, 'utf8')}`;
  }
  return result;
}

/** The outside world as seen before and after: the outside sibling and the prefix sibling. */
export async function outsideWorld(box: Sandbox): Promise<unknown> {
  return [await snapshot(box.outside), await snapshot(box.rootEvil)];
}

export interface CallResult {
  isError: boolean;
  text: string;
  structured: any;
  content: Array<Record<string, unknown>>;
}

export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallResult> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as Array<Record<string, unknown>>;
  return {
    isError: result.isError === true,
    text: content
      .filter((block) => block.type === 'text')
      .map((block) => block.text as string)
      .join('\n'),
    structured: result.structuredContent,
    content
  };
}

/** A refusal: isError, with the expected words, no stack trace and nothing from outside. */
export function expectRefused(result: CallResult, message: RegExp): void {
  expect(result.isError, result.text).toBe(true);
  expect(result.text).toMatch(message);
  expect(result.text).not.toMatch(/TOP-SECRET/);
  expect(result.text).not.toMatch(/\bat \S+:\d+:\d+/);
}

export type Session = ConnectedManifest<Deps>;

/**
 * An in-memory client on the server as an operator starts it: `argv` are the bin's arguments
 * (directories and flags), `env` its environment (the test process's own is not read).
 */
export async function connect(
  argv: string[],
  client: ClientOptions = {},
  env: Record<string, string | undefined> = {}
): Promise<Session> {
  return connectManifest<Deps>(manifest, { argv, env, client });
}
