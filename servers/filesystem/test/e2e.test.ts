import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawHttpRequest, spawnHttpServer, spawnStdioServer } from '@mcp-catalog/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeSandbox, type Sandbox } from './helpers.js';

// End-to-end: the built bin, as a host would start it. `turbo run test` builds first.
const bin = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TOKEN = 'test-token-0123456789abcdef';

let box: Sandbox;
beforeAll(async () => {
  box = await makeSandbox();
  await writeFile(join(box.root, 'hello.txt'), 'hello\n');
});
afterAll(async () => {
  await box.cleanup();
});

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 });

describe('built bin', () => {
  it('serves over stdio with nothing but JSON-RPC on stdout', async () => {
    const server = await spawnStdioServer(process.execPath, [bin, box.root]);
    try {
      expect((await server.client.listTools()).tools).toHaveLength(15);
      expect((await call(server.client, 'read_text_file', { path: 'hello.txt' })).text).toBe('hello\n');
      const found = await call(server.client, 'search_file_contents', { path: '.', pattern: 'hello' });
      expect(found.structured.files).toHaveLength(1);
      expect((await call(server.client, 'write_file', { path: 'new.txt', content: 'x' })).isError).toBe(false);
    } finally {
      await server.close();
    }
    expect(server.stdoutViolations()).toEqual([]);
    expect(server.stderr()).toContain('"msg":"tool call"');
  });

  it('takes settings from the environment, e.g. read-only', async () => {
    const server = await spawnStdioServer(process.execPath, [bin, box.root], { env: { FILESYSTEM_READ_ONLY: 'true' } });
    try {
      expect((await server.client.listTools()).tools.map((tool) => tool.name)).not.toContain('write_file');
    } finally {
      await server.close();
    }
  });

  it('serves over HTTP with a token, refuses without one, and answers /healthz', async () => {
    const server = await spawnHttpServer(process.execPath, [bin, box.root], { env: { MCP_AUTH_TOKEN: TOKEN } });
    try {
      const client = await server.connect(TOKEN);
      expect((await call(client, 'read_text_file', { path: 'hello.txt' })).text).toBe('hello\n');
      expect((await call(client, 'directory_tree', { path: '.' })).isError).toBe(false);
      const anonymous = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}'
      });
      expect(anonymous.status).toBe(401);
      const rebinding = await rawHttpRequest(server.url, {
        method: 'POST',
        headers: { host: 'evil.example', authorization: `Bearer ${TOKEN}` },
        body: '{}'
      });
      expect(rebinding.status).toBe(403);
      // Anonymous callers learn only the status; the details (directory count) need the token.
      const health = await fetch(`${server.origin}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const detailed = await fetch(`${server.origin}/healthz`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(await detailed.json()).toMatchObject({
        status: 'ok',
        server: 'mcp-server-filesystem',
        checks: { directories: 1 }
      });
    } finally {
      await server.close();
    }
  });

  it('refuses HTTP without directories, since roots need a connection', () => {
    const result = run(['--transport', 'http', '--port', '0'], { MCP_AUTH_TOKEN: TOKEN });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('over HTTP the allowed directories must be given as arguments');
  });

  it('names a directory that does not exist, and a bad setting', () => {
    const missing = run([join(box.base, 'nope')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`allowed directory "${join(box.base, 'nope')}" does not exist`);
    const bad = run([box.root, '--max-file-bytes', '12']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--max-file-bytes / FILESYSTEM_MAX_FILE_BYTES: must be at least 1024');
    expect(bad.stdout).toBe('');
  });

  it('prints --help with every setting and the DIR arguments, and --version', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const text of [
      'DIR...',
      '--read-only',
      '--max-file-bytes',
      '--scan-timeout-seconds',
      '--max-scan-entries',
      '--client-roots',
      '--disable-tools',
      '--max-result-bytes'
    ]) {
      expect(help.stdout).toContain(text);
    }
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
