import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnStdioServer } from '@mcp-catalog/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSettings, html, startSite, type Site } from './fixtures.js';

// End-to-end: the built bin, as a host would start it. `turbo run test` builds first.
const bin = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const launch = browserSettings();
let site: Site;

beforeAll(async () => {
  site = await startSite({ '/': html('<h1>From the bin</h1><button>Press</button>') });
});
afterAll(async () => site?.close());

describe('built bin', () => {
  it('browses over stdio with nothing but JSON-RPC on stdout, and closes Chromium when stdin closes', async () => {
    const server = await spawnStdioServer(process.execPath, [
      bin,
      '--executable-path',
      launch.executablePath!,
      ...(launch.noSandbox ? ['--no-sandbox'] : []),
      '--allowed-page-origins',
      site.origin
    ]);
    let exitCode: number | null | 'hung' = null;
    try {
      const result = await server.client.callTool({ name: 'navigate_page', arguments: { url: `${site.origin}/` } });
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.content)).toContain('h1 \\"From the bin\\"');
      const child = server.transport.process!;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.stdin.end();
      exitCode = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))]);
    } finally {
      await server.close();
    }
    expect(exitCode).toBe(0);
    expect(server.stdoutViolations()).toEqual([]);
  });

  it('fails a tool call with a clear message when no browser is found, naming where it looked', async () => {
    const server = await spawnStdioServer(process.execPath, [bin, '--executable-path', '/nonexistent/chromium']);
    try {
      const result = await server.client.callTool({ name: 'take_snapshot', arguments: {} });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(
        /No Chromium or Chrome was found. Looked in: \/nonexistent\/chromium/
      );
    } finally {
      await server.close();
    }
  });

  it('stops at start-up with the reason when --storage-state is not a storage-state file', () => {
    const result = spawnSync(process.execPath, [bin, '--storage-state', bin], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/could not start: The storage state .*index\.js is not JSON/);
  });

  it('rejects a bad origin rule at start-up', () => {
    const result = spawnSync(process.execPath, [bin, '--allowed-page-origins', 'http://a.test/path'], {
      encoding: 'utf8'
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
  });
});
